import { sql } from "drizzle-orm";
import { type UserColumns, userColumns, userFromColumns } from "../accounts/repository";
import { auditWhere } from "../audit/events";
import { recoveryCodeDigest } from "../crypto/totp";
import { newClaim } from "../db/claim";
import { batch, raw, type Statement } from "../db/client";
import { users } from "../db/schema";
import type { Deps } from "../deps";
import type { AuthMethod, RefreshTransport } from "../lib/domain";
import { ApiError } from "../lib/errors";
import { secondsUntil } from "../lib/time";
import { handOverLater, type OutboxRow, recordNotice } from "../mail/outbox";
import { clearAttempts, delaySecondsSql, FAILURES_BEFORE_DELAY } from "../security/backoff";
import { assertNotBanned, notBanned } from "../security/bans";
import {
  challengeCompleted,
  completeChallenge,
  MAX_MFA_ATTEMPTS,
  reserveChallengeAttempt,
} from "../sessions/challenge";
import { type SignedIn, signedIn, startSession } from "../sessions/store";
import {
  type Factor,
  factorHolds,
  invalidCode,
  mfaKey,
  readFactor,
  spendRecoveryCode,
} from "./factors";
import { checkSmsCode } from "./sms-provider";

/**
 * The second step of a sign-in: the `mfa_token` and a TOTP code or a recovery code.
 *
 * Two counts are reserved before anything is compared, so parallel guesses get no extra tries:
 * an attempt on the token (5 per token), and an attempt on the account — the password backoff's
 * rule applied to second factors (security/backoff.ts): from the 10th attempt since the last
 * success, however many `mfa_token`s they were spread over, the account is blocked for a delay
 * that doubles with each further attempt (1 s … 15 min), and MFA verify answers 429
 * `too_many_attempts` with Retry-After. The holder is told once, when the block starts.
 *
 * The write batch leads with the claim on the token (completing it only if the token's first
 * factor still stands — same token version, MFA still on — and the factor is unspent); spending
 * the factor, clearing the account's count and starting the session all run on that claim.
 */

interface ChallengeAccount extends UserColumns {
  sealed: string | null;
  lastStep: number | null;
  failures: number;
  smsPhone: string | null;
}

const SECOND_AMR: Record<Factor["kind"], AuthMethod> = {
  totp: "otp",
  recovery: "recovery",
  sms: "sms",
};

function tooManyOnToken(): ApiError {
  return new ApiError(
    "too_many_attempts",
    `${MAX_MFA_ATTEMPTS} wrong codes: this MFA token is void; log in again.`,
  );
}

function invalidMfaToken(): ApiError {
  return new ApiError(
    "invalid_mfa_token",
    "The MFA token is invalid, expired or used up; log in again.",
  );
}

/** One attempt on the account, counted before anything is compared (none while it is blocked). */
function reserveAccountAttempt(userId: string, tokenVersion: number, now: Date) {
  const at = now.toISOString();
  const attempts = sql`mfa_failures + 1`;
  return [
    raw<ChallengeAccount>(sql`
      UPDATE ${users} SET mfa_failures = ${attempts},
        mfa_blocked_until = CASE WHEN ${attempts} >= ${FAILURES_BEFORE_DELAY}
          THEN strftime('%Y-%m-%dT%H:%M:%fZ', ${at}, '+' || ${delaySecondsSql(attempts)} || ' seconds')
          ELSE NULL END
      WHERE id = ${userId} AND token_version = ${tokenVersion} AND mfa_enabled_at IS NOT NULL
        AND (mfa_blocked_until IS NULL OR mfa_blocked_until <= ${at})
      RETURNING ${userColumns("users")},
        totp_secret AS sealed, totp_last_step AS lastStep, mfa_failures AS failures,
        sms_phone AS smsPhone`),
    raw<{ blockedUntil: string | null }>(sql`
      SELECT mfa_blocked_until AS blockedUntil FROM ${users}
      WHERE id = ${userId} AND token_version = ${tokenVersion} AND mfa_enabled_at IS NOT NULL`),
  ] as const;
}

export async function verifyChallenge(
  deps: Deps,
  input: {
    mfaToken: string;
    code?: string;
    recoveryCode?: string;
    smsCode?: string;
    transport?: RefreshTransport;
  },
): Promise<SignedIn> {
  const { db, config, meta } = deps;
  mfaKey(config);
  const now = new Date();
  const [reserved] = await batch(db, [await reserveChallengeAttempt(input.mfaToken, now)] as const);
  const challenge = reserved[0];
  if (!challenge) throw invalidMfaToken();

  const [counted, state] = await batch(
    db,
    reserveAccountAttempt(challenge.userId, challenge.tokenVersion, now),
  );
  const account = counted[0];
  if (!account) {
    const blockedUntil = state[0]?.blockedUntil;
    if (!state[0] || !blockedUntil) throw invalidMfaToken();
    throw new ApiError(
      "too_many_attempts",
      "Too many wrong second factors for this account; retry later.",
      { retryAfter: secondsUntil(blockedUntil, now) },
    );
  }

  let factor: Factor | null;
  if (input.smsCode !== undefined) {
    // Counted above like any other try; the provider holds the code and spends it once.
    const phone = account.smsPhone;
    factor =
      phone && (await checkSmsCode(config, phone, input.smsCode, now)) === "approved"
        ? { kind: "sms", phone }
        : null;
  } else if (input.recoveryCode !== undefined) {
    factor = {
      kind: "recovery",
      digest: await recoveryCodeDigest(mfaKey(config), account.userId, input.recoveryCode),
    };
  } else {
    const got = await readFactor(deps, account.userId, account, input.code ?? "", now);
    factor = got?.kind === "totp" ? got : null;
  }
  const wrong = async (): Promise<never> => {
    if (account.failures === FAILURES_BEFORE_DELAY) await tellBlocked(deps, account.userId, now);
    throw challenge.attempts >= MAX_MFA_ATTEMPTS ? tooManyOnToken() : invalidCode();
  };
  if (!factor) return wrong();

  const user = userFromColumns(account);
  assertNotBanned(user, now);
  const claim = newClaim();
  const done = challengeCompleted(challenge.id, claim);
  const first = JSON.parse(challenge.firstFactor) as AuthMethod[];
  const amr: AuthMethod[] = [...first, SECOND_AMR[factor.kind]];
  const session = await startSession(
    config,
    meta,
    { userId: user.id, amr, transport: input.transport ?? challenge.transport },
    done,
    now,
  );
  const spendStep = factor.kind === "totp" ? sql`, totp_last_step = ${factor.step}` : sql``;
  const statements: Statement[] = [
    completeChallenge(
      challenge.id,
      claim,
      sql`EXISTS (SELECT 1 FROM ${users} AS account WHERE account.id = ${user.id}
        AND account.token_version = ${challenge.tokenVersion} AND ${notBanned(sql`account`, now)}
        AND ${factorHolds(user.id, factor, sql`account`)})`,
      now,
    ),
    // The account's count starts again, and a TOTP step is spent, on the token's claim.
    raw(sql`UPDATE ${users} SET mfa_failures = 0, mfa_blocked_until = NULL${spendStep}
      WHERE id = ${user.id} AND ${done}`),
    ...(factor.kind === "recovery" ? [spendRecoveryCode(user.id, factor.digest, done, now)] : []),
    ...session.statements,
    clearAttempts(db, user.email, done),
    auditWhere(
      meta,
      { type: "login.success", actorId: user.id, targetId: user.id, data: { amr } },
      done,
      now,
    ),
  ];
  if (factor.kind === "recovery") {
    statements.push(
      auditWhere(
        meta,
        { type: "mfa.recovery_code_used", actorId: user.id, targetId: user.id },
        done,
        now,
      ),
      recordNotice({ kind: "recovery_code_used", userId: user.id, guard: done, now }),
    );
  }
  const results = (await batch(db, statements)) as unknown[][];
  if ((results[0] ?? []).length === 0) return wrong();
  if (factor.kind === "recovery") handOverLater(deps, results.at(-1) as OutboxRow[]);
  return signedIn(config, user, session, session.refresh, now);
}

/** The 10th wrong second factor since the last success: the holder is told, once per block. */
async function tellBlocked(deps: Deps, userId: string, now: Date): Promise<void> {
  const [notice] = await batch(deps.db, [
    recordNotice({
      kind: "mfa_attempts_blocked",
      userId,
      guard: sql`EXISTS (SELECT 1 FROM ${users} AS account WHERE account.id = ${userId}
        AND account.mfa_failures = ${FAILURES_BEFORE_DELAY})`,
      now,
    }),
  ] as const);
  handOverLater(deps, notice);
}
