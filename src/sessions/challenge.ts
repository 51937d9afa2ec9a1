import { type SQL, sql } from "drizzle-orm";
import type { Config } from "../config";
import { generateRefreshToken, refreshTokenDigest } from "../crypto/tokens";
import { claimed } from "../db/claim";
import { raw, type Statement } from "../db/client";
import { mfaChallenges, type UserRow, users } from "../db/schema";
import type { AuthMethod, RefreshTransport } from "../lib/domain";
import type { RequestMeta } from "../lib/request";
import { isoIn } from "../lib/time";
import { notBanned } from "../security/bans";
import { type SignedIn, signedIn, startSession } from "./store";

/**
 * The sign-in state machine every first factor goes through (verify, login): with MFA off it
 * starts a session; with MFA on it starts an MFA challenge instead — an opaque `mfa_token`,
 * 5 minutes, 5 attempts, one success — and no token of any kind. POST /v1/auth/mfa/verify
 * completes the challenge (mfa/second-step.ts) and only then starts the session.
 */
export const MFA_TOKEN_TTL_SECONDS = 300;
export const MAX_MFA_ATTEMPTS = 5;
export const MFA_METHODS = ["totp", "recovery_code", "sms"] as const;

export interface Challenge {
  mfa_required: true;
  mfa_token: string;
  expires_in: number;
  methods: (typeof MFA_METHODS)[number][];
}

export type FirstFactor =
  | { kind: "session"; signedIn: SignedIn }
  | { kind: "mfa"; challenge: Challenge };

type Account = Parameters<typeof signedIn>[1] &
  Pick<UserRow, "mfaEnabledAt"> &
  Partial<Pick<UserRow, "totpSecret" | "smsPhone">>;

/** The second factors an account can answer a challenge with (read with the account, if at all). */
function methodsOf(user: Account): Challenge["methods"] {
  return MFA_METHODS.filter(
    (method) =>
      (method === "totp" && user.totpSecret !== null) ||
      method === "recovery_code" ||
      (method === "sms" && Boolean(user.smsPhone)),
  );
}

/**
 * The statements that follow a passed first factor (run only `WHERE guard` holds, and only while
 * the account's MFA state is still the one read), and the result to answer once they ran.
 */
export async function afterFirstFactor(
  config: Config,
  meta: RequestMeta,
  user: Account,
  transport: RefreshTransport,
  guard: SQL,
  now: Date,
  /** How the first factor was passed: a password, or a code mailed to the address. */
  firstFactor: AuthMethod[] = ["pwd"],
): Promise<{ statements: Statement[]; result: (account?: Account) => Promise<FirstFactor> }> {
  const mfaState = user.mfaEnabledAt
    ? sql`account.mfa_enabled_at IS NOT NULL`
    : sql`account.mfa_enabled_at IS NULL`;
  const unchanged = sql`${guard} AND EXISTS (SELECT 1 FROM ${users} AS account
    WHERE account.id = ${user.id} AND ${mfaState} AND ${notBanned(sql`account`, now)})`;
  if (!user.mfaEnabledAt) {
    const session = await startSession(
      config,
      meta,
      { userId: user.id, amr: firstFactor, transport },
      unchanged,
      now,
    );
    return {
      statements: [...session.statements],
      result: async (account = user) => ({
        kind: "session",
        signedIn: await signedIn(config, account, session, session.refresh, now),
      }),
    };
  }
  const token = generateRefreshToken();
  const statement = raw<{ id: string }>(sql`
    INSERT INTO ${mfaChallenges} (id, user_id, token_digest, token_version, transport, first_factor, attempts, expires_at, created_at)
    SELECT ${crypto.randomUUID()}, ${user.id}, ${await refreshTokenDigest(token)}, ${user.tokenVersion},
      ${transport}, ${JSON.stringify(firstFactor)}, 0, ${isoIn(now, MFA_TOKEN_TTL_SECONDS)}, ${now.toISOString()}
    WHERE ${unchanged}
    RETURNING id`);
  return {
    statements: [statement],
    result: async () => ({
      kind: "mfa",
      challenge: {
        mfa_required: true,
        mfa_token: token,
        expires_in: MFA_TOKEN_TTL_SECONDS,
        methods: methodsOf(user),
      },
    }),
  };
}

export interface ReservedChallenge {
  id: string;
  userId: string;
  attempts: number;
  tokenVersion: number;
  transport: RefreshTransport;
  /** JSON text: how the first factor was passed. */
  firstFactor: string;
}

/**
 * Reserves one attempt on the challenge of `mfaToken` before anything is compared — only while
 * it is unexpired, not completed and under 5 attempts — so parallel guesses get no extra tries.
 */
export async function reserveChallengeAttempt(mfaToken: string, now: Date) {
  const at = now.toISOString();
  return raw<ReservedChallenge>(sql`
    UPDATE ${mfaChallenges} SET attempts = attempts + 1
    WHERE token_digest = ${await refreshTokenDigest(mfaToken)} AND consumed_at IS NULL
      AND expires_at > ${at} AND attempts < ${MAX_MFA_ATTEMPTS}
    RETURNING id, user_id AS userId, attempts, token_version AS tokenVersion, transport,
      first_factor AS firstFactor`);
}

/** Completes the challenge, if still open, stamping this request's claim (see db/claim.ts). */
export function completeChallenge(challengeId: string, claim: string, guard: SQL, now: Date) {
  const at = now.toISOString();
  return raw<{ id: string }>(sql`
    UPDATE ${mfaChallenges} SET consumed_at = ${at}, claim = ${claim}
    WHERE id = ${challengeId} AND consumed_at IS NULL AND expires_at > ${at} AND ${guard}
    RETURNING id`);
}

export function challengeCompleted(challengeId: string, claim: string): SQL {
  return claimed(mfaChallenges, mfaChallenges.id, challengeId, mfaChallenges.claim, claim);
}
