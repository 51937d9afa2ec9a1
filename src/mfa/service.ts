import { and, eq, isNull, type SQL, sql } from "drizzle-orm";
import { auditWhere } from "../audit/events";
import { open, seal } from "../crypto/seal";
import {
  newRecoveryCode,
  newTotpSecret,
  RECOVERY_CODE_COUNT,
  recoveryCodeDigest,
  totpStep,
  totpUri,
} from "../crypto/totp";
import { newClaim } from "../db/claim";
import { batch, raw, type Statement } from "../db/client";
import { recoveryCodes, sessions, users } from "../db/schema";
import type { Deps } from "../deps";
import type { AuthMethod, RefreshTransport } from "../lib/domain";
import { ApiError } from "../lib/errors";
import type { AuthSession, AuthUser } from "../lib/types";
import { handOverLater, type OutboxRow, recordNotice } from "../mail/outbox";
import { clearAttempts } from "../security/backoff";
import { checkCurrentPassword } from "../security/passwords";
import {
  challengeCompleted,
  completeChallenge,
  MAX_MFA_ATTEMPTS,
  reserveChallengeAttempt,
} from "../sessions/challenge";
import { endSessions, type SignedIn, signedIn, startSession } from "../sessions/store";
import { type UserColumns, userColumns, userFromColumns } from "../users/repository";

/**
 * TOTP multi-factor authentication and recovery codes. Every rule about the second factor lives
 * here: enrolment is inert until confirmed with a code; a TOTP step is accepted once (the last
 * accepted step is stored, and any step at or below it is refused); recovery codes are single-use
 * and stored only as HMAC digests; every change needs the password *and* a second factor (behind
 * the password backoff: a wrong code keeps the attempt counted), is audited and mailed.
 *
 * D1 has no transactions, so each write batch puts its decision into every statement's WHERE
 * (`proof`) and runs the statement that changes what the decision read (the last accepted step,
 * the enrolment) last — the earlier statements of the batch see the state the decision was
 * made on.
 */

const TOTP_SECRET: Parameters<typeof seal>[1] = "totp-secret";
const PASSWORD_AND_OTP: AuthMethod[] = ["pwd", "otp"];

function secretKey(deps: Deps): string {
  return deps.config.mfaKey;
}

async function openTotp(deps: Deps, sealed: string | null): Promise<string | null> {
  return sealed ? open(secretKey(deps), TOTP_SECRET, sealed) : null;
}

function invalidCode(): ApiError {
  return new ApiError("invalid_code", "The code is not valid (or was already used).");
}

function mfaOff(): ApiError {
  return new ApiError("conflict", "MFA is not on for this account.");
}

/** Ten new recovery codes, the statement that stores their digests `WHERE proof`, and their ids. */
async function newRecoveryCodes(deps: Deps, userId: string, proof: SQL, now: Date) {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  const at = now.toISOString();
  const rows = await Promise.all(
    codes.map(async (code) => ({
      id: crypto.randomUUID(),
      digest: await recoveryCodeDigest(secretKey(deps), userId, code),
    })),
  );
  const values = sql.join(
    rows.map((row) => sql`(${row.id}, ${userId}, ${row.digest}, ${at})`),
    sql`, `,
  );
  const insert = raw<{ id: string }>(sql`
    INSERT INTO ${recoveryCodes} (id, user_id, code_digest, created_at)
    SELECT column1, column2, column3, column4 FROM (VALUES ${values}) WHERE ${proof}
    RETURNING id`);
  return { codes, insert, ids: rows.map((row) => row.id) };
}

export interface MfaStatus {
  enabled: boolean;
  enabled_at: string | null;
  recovery_codes_remaining: number;
  enrolment_pending: boolean;
}

export async function status(deps: Deps, userId: string): Promise<MfaStatus> {
  const [row] = await deps.db
    .select({
      enabledAt: users.mfaEnabledAt,
      pending: sql<number>`${users.totpPendingSecret} IS NOT NULL`,
      remaining: sql<number>`(SELECT COUNT(*) FROM ${recoveryCodes} WHERE ${recoveryCodes.userId} = ${users.id} AND ${recoveryCodes.usedAt} IS NULL)`,
    })
    .from(users)
    .where(eq(users.id, userId));
  return {
    enabled: Boolean(row?.enabledAt),
    enabled_at: row?.enabledAt ?? null,
    recovery_codes_remaining: row?.enabledAt ? Number(row.remaining) : 0,
    enrolment_pending: Boolean(row?.pending),
  };
}

/**
 * A pending enrolment: a new secret, sealed, stored beside the account — inert until confirmed.
 * Starting again replaces it. Needs the password (behind the backoff).
 */
export async function enrol(deps: Deps, user: AuthUser, password: string) {
  const { db, config } = deps;
  const now = new Date();
  if (user.mfaEnabledAt) throw new ApiError("conflict", "MFA is already on for this account.");
  const checked = await checkCurrentPassword(db, config, user, password, now);
  const secret = newTotpSecret();
  const [updated] = await batch(db, [
    db
      .update(users)
      .set({
        totpPendingSecret: await seal(secretKey(deps), TOTP_SECRET, secret),
        totpPendingAttempts: 0,
      })
      .where(
        and(
          eq(users.id, user.id),
          eq(users.passwordHash, checked.passwordHash),
          isNull(users.mfaEnabledAt),
        ),
      )
      .returning({ id: users.id }),
    clearAttempts(db, user.email),
  ] as const);
  if (updated.length === 0) throw new ApiError("conflict", "MFA is already on for this account.");
  return { secret, otpauth_uri: totpUri(secret, config.mfaIssuer, user.email) };
}

/** Confirmations of one enrolment before it is burned (a new enrolment starts again). */
export const MAX_ENROLMENT_ATTEMPTS = 5;

/**
 * Confirms the pending enrolment with a code from the app: MFA is on, 10 recovery codes are
 * made (shown this once), every other session ends, and the current one — which just proved the
 * second factor — counts as a second-factor session from now on.
 */
export async function confirm(deps: Deps, user: AuthUser, session: AuthSession, code: string) {
  const { db, meta } = deps;
  const now = new Date();
  const [reserved, current] = await batch(db, [
    raw<{ sealed: string; attempts: number }>(sql`
      UPDATE ${users} SET totp_pending_attempts = totp_pending_attempts + 1
      WHERE id = ${user.id} AND totp_pending_secret IS NOT NULL AND mfa_enabled_at IS NULL
        AND totp_pending_attempts < ${MAX_ENROLMENT_ATTEMPTS}
      RETURNING totp_pending_secret AS sealed, totp_pending_attempts AS attempts`),
    db
      .select({ pending: users.totpPendingSecret, enabledAt: users.mfaEnabledAt })
      .from(users)
      .where(eq(users.id, user.id)),
  ] as const);
  const attempt = reserved[0];
  if (!attempt) {
    if (current[0]?.enabledAt)
      throw new ApiError("conflict", "MFA is already on for this account.");
    if (current[0]?.pending) throw tooManyAttempts("enrolment");
    throw new ApiError(
      "conflict",
      "No enrolment to confirm: start with POST /v1/users/me/mfa/totp.",
    );
  }
  const secret = await openTotp(deps, attempt.sealed);
  const step = secret ? totpStep(secret, code, now.getTime()) : null;
  if (step === null) {
    if (attempt.attempts >= MAX_ENROLMENT_ATTEMPTS) throw tooManyAttempts("enrolment");
    throw invalidCode();
  }

  const proof = sql`EXISTS (SELECT 1 FROM ${users} WHERE ${users.id} = ${user.id}
    AND ${users.totpPendingSecret} = ${attempt.sealed} AND ${users.mfaEnabledAt} IS NULL)`;
  const recovery = await newRecoveryCodes(deps, user.id, proof, now);
  const [inserted, , , , notice] = await batch(db, [
    recovery.insert,
    endSessions(db, user.id, now, { keep: session.id, guard: proof }),
    db
      .update(sessions)
      .set({ amr: PASSWORD_AND_OTP })
      .where(and(eq(sessions.id, session.id), proof)),
    auditWhere(meta, { type: "mfa.enable", actorId: user.id, targetId: user.id }, proof, now),
    recordNotice({ kind: "mfa_enabled", userId: user.id, guard: proof, now }),
    // Last: it changes what `proof` reads.
    db
      .update(users)
      .set({
        mfaEnabledAt: now.toISOString(),
        totpSecret: attempt.sealed,
        totpLastStep: step,
        totpPendingSecret: null,
        totpPendingAttempts: 0,
        updatedAt: now.toISOString(),
      })
      .where(proof),
  ] as const);
  if (inserted.length === 0) throw new ApiError("conflict", "The enrolment changed; start again.");
  handOverLater(deps, notice);
  return { recovery_codes: recovery.codes };
}

function tooManyAttempts(what: "enrolment" | "challenge"): ApiError {
  return new ApiError(
    "too_many_attempts",
    what === "enrolment"
      ? `${MAX_ENROLMENT_ATTEMPTS} wrong codes: the enrolment is void; start again.`
      : `${MAX_MFA_ATTEMPTS} wrong codes: this MFA token is void; log in again.`,
  );
}

/** A second factor, checked against what is stored; the write batch re-checks it (`proof`). */
type Factor = { kind: "totp"; step: number } | { kind: "recovery"; digest: string };

interface Secrets {
  sealed: string | null;
  lastStep: number | null;
}

/** The SQL that holds while `factor` is still good: the step unused, or the recovery code unused. */
function factorHolds(userId: string, factor: Factor): SQL {
  if (factor.kind === "totp") {
    return sql`EXISTS (SELECT 1 FROM ${users} WHERE ${users.id} = ${userId}
      AND ${users.mfaEnabledAt} IS NOT NULL
      AND (${users.totpLastStep} IS NULL OR ${users.totpLastStep} < ${factor.step}))`;
  }
  return sql`EXISTS (SELECT 1 FROM ${recoveryCodes} WHERE ${recoveryCodes.userId} = ${userId}
    AND ${recoveryCodes.codeDigest} = ${factor.digest} AND ${recoveryCodes.usedAt} IS NULL)`;
}

/** A TOTP code of a step not yet used, else a recovery code (checked in the write batch). */
async function readFactor(deps: Deps, userId: string, secrets: Secrets, code: string, now: Date) {
  const secret = await openTotp(deps, secrets.sealed);
  const step = secret && /^\d{6}$/.test(code) ? totpStep(secret, code, now.getTime()) : null;
  if (step !== null) {
    return step > (secrets.lastStep ?? -1) ? ({ kind: "totp", step } as const) : null;
  }
  if (/^\d+$/.test(code)) return null;
  return {
    kind: "recovery",
    digest: await recoveryCodeDigest(secretKey(deps), userId, code),
  } as const;
}

/** What spends a factor: the step is stored as used, or the recovery code marked used. */
function spendFactor(userId: string, factor: Factor, guard: SQL, now: Date): Statement {
  if (factor.kind === "totp") {
    return raw(sql`UPDATE ${users} SET totp_last_step = ${factor.step}
      WHERE id = ${userId} AND (totp_last_step IS NULL OR totp_last_step < ${factor.step}) AND ${guard}`);
  }
  return raw(sql`UPDATE ${recoveryCodes} SET used_at = ${now.toISOString()}
    WHERE user_id = ${userId} AND code_digest = ${factor.digest} AND used_at IS NULL AND ${guard}`);
}

/**
 * The password and a second factor, for the routes that change MFA. A wrong password is 401 and
 * a wrong code 400; both leave the password-backoff attempt counted, so neither can be guessed
 * faster than a login.
 */
async function proveBothFactors(deps: Deps, user: AuthUser, password: string, code: string) {
  const { db, config } = deps;
  const now = new Date();
  const checked = await checkCurrentPassword(db, config, user, password, now);
  const row = await db
    .select({
      sealed: users.totpSecret,
      lastStep: users.totpLastStep,
      enabledAt: users.mfaEnabledAt,
    })
    .from(users)
    .where(eq(users.id, user.id))
    .get();
  if (!row?.enabledAt) throw mfaOff();
  const factor = await readFactor(deps, user.id, row, code, now);
  if (!factor) throw invalidCode();
  const proof = sql`${factorHolds(user.id, factor)} AND EXISTS (SELECT 1 FROM ${users}
    WHERE ${users.id} = ${user.id} AND ${users.passwordHash} = ${checked.passwordHash}
      AND ${users.mfaEnabledAt} IS NOT NULL)`;
  return { now, factor, proof };
}

/** A new set of recovery codes; the old set is dead. Password + a second factor. */
export async function regenerate(deps: Deps, user: AuthUser, password: string, code: string) {
  const { db, meta } = deps;
  const { now, factor, proof } = await proveBothFactors(deps, user, password, code);
  const recovery = await newRecoveryCodes(deps, user.id, proof, now);
  const statements: Statement[] = [
    recovery.insert,
    auditWhere(
      meta,
      { type: "mfa.recovery_codes", actorId: user.id, targetId: user.id },
      proof,
      now,
    ),
    recordNotice({ kind: "recovery_codes_regenerated", userId: user.id, guard: proof, now }),
    clearAttempts(db, user.email, proof),
    ...(factor.kind === "totp" ? [spendFactor(user.id, factor, proof, now)] : []),
    // Last: deleting the old set also deletes a recovery code used as the factor.
    raw(sql`DELETE FROM ${recoveryCodes} WHERE user_id = ${user.id}
      AND id NOT IN ${recovery.ids} AND ${proof}`),
  ];
  const results = (await batch(db, statements)) as unknown[][];
  if ((results[0] ?? []).length === 0) throw invalidCode();
  handOverLater(deps, results[2] as OutboxRow[]);
  return { recovery_codes: recovery.codes };
}

/** MFA off: password + a second factor. Sessions stay; sign-ins need the password only again. */
export async function disable(deps: Deps, user: AuthUser, password: string, code: string) {
  const { db, meta } = deps;
  const { now, proof } = await proveBothFactors(deps, user, password, code);
  const [, notice, , updated] = await batch(db, [
    auditWhere(meta, { type: "mfa.disable", actorId: user.id, targetId: user.id }, proof, now),
    recordNotice({ kind: "mfa_disabled", userId: user.id, guard: proof, now }),
    clearAttempts(db, user.email, proof),
    turnOff(db, user.id, proof, now),
    deleteCodesOfUsersWithoutMfa(user.id),
  ] as const);
  if (updated.length === 0) throw invalidCode();
  handOverLater(deps, notice);
}

function turnOff(db: Deps["db"], userId: string, guard: SQL, now: Date) {
  return db
    .update(users)
    .set({
      mfaEnabledAt: null,
      totpSecret: null,
      totpLastStep: null,
      totpPendingSecret: null,
      totpPendingAttempts: 0,
      updatedAt: now.toISOString(),
    })
    .where(and(eq(users.id, userId), guard))
    .returning({ id: users.id });
}

function deleteCodesOfUsersWithoutMfa(userId: string) {
  return raw(sql`DELETE FROM ${recoveryCodes} WHERE user_id = ${userId}
    AND EXISTS (SELECT 1 FROM ${users} WHERE ${users.id} = ${userId} AND ${users.mfaEnabledAt} IS NULL)`);
}

/**
 * An admin turns a user's MFA off (a user who lost both the app and the recovery codes, once
 * their identity is established out of band). Audited, and the user is told. Idempotent.
 */
export async function adminReset(deps: Deps, actorId: string, userId: string): Promise<void> {
  const { db, meta } = deps;
  const now = new Date();
  const on = sql`EXISTS (SELECT 1 FROM ${users} WHERE ${users.id} = ${userId}
    AND (${users.mfaEnabledAt} IS NOT NULL OR ${users.totpPendingSecret} IS NOT NULL))`;
  const [, notice, , , exists] = await batch(db, [
    auditWhere(meta, { type: "admin.mfa_reset", actorId, targetId: userId }, on, now),
    recordNotice({
      kind: "mfa_reset_by_admin",
      userId,
      guard: sql`${on} AND EXISTS (SELECT 1 FROM ${users} WHERE ${users.id} = ${userId} AND ${users.mfaEnabledAt} IS NOT NULL)`,
      now,
    }),
    turnOff(db, userId, sql`1 = 1`, now),
    deleteCodesOfUsersWithoutMfa(userId),
    db.select({ id: users.id }).from(users).where(eq(users.id, userId)),
  ] as const);
  if (exists.length === 0) throw new ApiError("not_found", "No user with this id.");
  handOverLater(deps, notice);
}

interface ChallengeAccount extends UserColumns {
  sealed: string | null;
  lastStep: number | null;
}

/**
 * The second step of a sign-in: the `mfa_token` and a TOTP code or a recovery code. An attempt
 * on the token is reserved before anything is compared (5 per token, however many arrive at
 * once); the write batch completes the token, spends the factor (a step never twice, a recovery
 * code once) and starts the session — only if the token's first factor still stands (same token
 * version, MFA still on) and the factor is still unspent.
 */
export async function verifyChallenge(
  deps: Deps,
  input: { mfaToken: string; code?: string; recoveryCode?: string; transport?: RefreshTransport },
): Promise<SignedIn> {
  const { db, config, meta } = deps;
  const now = new Date();
  const reservation = await reserveChallengeAttempt(input.mfaToken, now);
  const [reserved] = await batch(db, [reservation] as const);
  const challenge = reserved[0];
  const invalidToken = () =>
    new ApiError(
      "invalid_mfa_token",
      "The MFA token is invalid, expired or used up; log in again.",
    );
  if (!challenge) throw invalidToken();

  const [account] = await db.all<ChallengeAccount>(sql`
    SELECT ${userColumns("u")}, u.totp_secret AS sealed, u.totp_last_step AS lastStep
    FROM ${users} AS u WHERE u.id = ${challenge.userId} AND u.token_version = ${challenge.tokenVersion}
      AND u.mfa_enabled_at IS NOT NULL`);
  if (!account) throw invalidToken();
  const wrong = () =>
    challenge.attempts >= MAX_MFA_ATTEMPTS ? tooManyAttempts("challenge") : invalidCode();

  let factor: Factor | null;
  if (input.recoveryCode !== undefined) {
    factor = {
      kind: "recovery",
      digest: await recoveryCodeDigest(secretKey(deps), account.userId, input.recoveryCode),
    };
  } else {
    const got = await readFactor(deps, account.userId, account, input.code ?? "", now);
    factor = got?.kind === "totp" ? got : null;
  }
  if (!factor) throw wrong();

  const claim = newClaim();
  const done = challengeCompleted(challenge.id, claim);
  const user = userFromColumns(account);
  const amr: AuthMethod[] = factor.kind === "totp" ? PASSWORD_AND_OTP : ["pwd", "recovery"];
  const session = await startSession(
    config,
    meta,
    { userId: user.id, amr, transport: input.transport ?? challenge.transport },
    done,
    now,
  );
  const statements: Statement[] = [
    completeChallenge(
      challenge.id,
      claim,
      sql`${factorHolds(user.id, factor)} AND EXISTS (SELECT 1 FROM ${users}
        WHERE ${users.id} = ${user.id} AND ${users.tokenVersion} = ${challenge.tokenVersion})`,
      now,
    ),
    spendFactor(user.id, factor, done, now),
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
  if ((results[0] ?? []).length === 0) throw wrong();
  if (factor.kind === "recovery") handOverLater(deps, results.at(-1) as OutboxRow[]);
  return signedIn(config, user, session, session.refresh, now);
}
