import { type SQL, sql } from "drizzle-orm";
import type { Config } from "../config";
import { codeDigest, digestsEqual, generateCode } from "../crypto/codes";
import { raw } from "../db/client";
import { oneTimeCodes, users } from "../db/schema";
import type { CodePurpose } from "../lib/domain";
import { ApiError } from "../lib/errors";
import { isoIn } from "../lib/time";

/**
 * Every rule about emailed codes (verification, password reset, email change): 6 uniform digits, stored only
 * as an HMAC, valid for VERIFICATION_CODE_TTL_SECONDS, single-use, purpose-bound, and compared
 * at most 5 times — however many guesses arrive at once.
 *
 * - `issue`: burn the owner's older codes of the purpose, store the new one (the table is keyed
 *   by account, purpose and id: an account's codes of a purpose are one short range of the key).
 * - `reserveAttempt`: one conditional UPDATE counts an attempt *before* anything is compared,
 *   and only while the code is live and under 5 attempts. A guess that cannot reserve an
 *   attempt is never compared, so N simultaneous guesses get at most 5 comparisons.
 * - `consume`: the winning request stamps its claim on the code; the rest of its batch runs
 *   only where that claim is found (db/claim.ts).
 *
 * The code's owner is given as a condition on `users` (`users.email = …`), so a code can be
 * issued or tried in the same statement that finds the account — one round trip, the same
 * work whether or not the account exists.
 */
export const MAX_CODE_ATTEMPTS = 5;
/** A sign-in code lives 10 minutes (the others VERIFICATION_CODE_TTL_SECONDS, 15 by default). */
export const LOGIN_CODE_TTL_SECONDS = 600;

export function codeTtlSeconds(config: Pick<Config, "codeTtlSeconds">, purpose: CodePurpose) {
  return purpose === "login" ? LOGIN_CODE_TTL_SECONDS : config.codeTtlSeconds;
}

export interface IssuedCode {
  code: string;
  codeId: string;
  expiresAt: string;
}

/**
 * The owner's older codes of `purpose` burned, then the new one stored (in this order). An
 * email-change code carries its new address (`targetEmail`): it can change to that one only.
 */
export async function issueCode(
  config: Config,
  owner: SQL,
  purpose: CodePurpose,
  guard: SQL,
  now: Date,
  targetEmail: string | null = null,
  ttlSeconds = codeTtlSeconds(config, purpose),
) {
  const code = generateCode();
  const codeId = crypto.randomUUID();
  const at = now.toISOString();
  const expiresAt = isoIn(now, ttlSeconds);
  const digest = await codeDigest(config.codeHmacSecret, purpose, codeId, code);
  const issued: IssuedCode = { code, codeId, expiresAt };
  const owned = sql`user_id = (SELECT id FROM ${users} WHERE ${owner}) AND purpose = ${purpose}`;
  const statements = [
    raw(sql`
      UPDATE ${oneTimeCodes} SET consumed_at = ${at}
      WHERE ${owned} AND consumed_at IS NULL AND ${guard}`),
    raw<{ id: string }>(sql`
      INSERT INTO ${oneTimeCodes} (id, user_id, purpose, code_digest, target_email, attempts, expires_at, created_at)
      SELECT ${codeId}, id, ${purpose}, ${digest}, ${targetEmail}, 0, ${expiresAt}, ${at}
      FROM ${users} WHERE ${owner} AND ${guard}
      RETURNING id`),
  ] as const;
  return { issued, statements };
}

/**
 * The key of the owner's newest code of `purpose` (issuing burns the older ones): its account,
 * found by `owner`, the purpose, and the newest id of that range of the key.
 */
function codeOf(owner: SQL, purpose: CodePurpose): SQL {
  const account = sql`(SELECT id FROM ${users} WHERE ${owner})`;
  return sql`user_id = ${account} AND purpose = ${purpose} AND id = (
    SELECT latest.id FROM ${oneTimeCodes} AS latest
    WHERE latest.user_id = ${account} AND latest.purpose = ${purpose}
    ORDER BY latest.created_at DESC LIMIT 1)`;
}

export interface ReservedCode {
  id: string;
  userId: string;
  digest: string;
  attempts: number;
  targetEmail: string | null;
}

interface CodeState {
  attempts: number;
  consumedAt: string | null;
  expiresAt: string;
}

/**
 * Two statements for a read batch: reserve one attempt on the owner's live code (a row back
 * only if it was live, unused and under 5 attempts), then the code's state, to say why not.
 * `guard` lets the caller make the reservation depend on an earlier claim of the batch.
 */
export function reserveAttempt(owner: SQL, purpose: CodePurpose, guard: SQL, now: Date) {
  const at = now.toISOString();
  const key = codeOf(owner, purpose);
  return [
    raw<ReservedCode>(sql`
      UPDATE ${oneTimeCodes} SET attempts = attempts + 1
      WHERE ${key} AND consumed_at IS NULL AND expires_at > ${at}
        AND attempts < ${MAX_CODE_ATTEMPTS} AND ${guard}
      RETURNING id, user_id AS userId, code_digest AS digest, attempts, target_email AS targetEmail`),
    raw<CodeState>(sql`
      SELECT attempts, consumed_at AS consumedAt, expires_at AS expiresAt
      FROM ${oneTimeCodes} WHERE ${key}`),
  ] as const;
}

export type Reservation = { ok: true; code: ReservedCode } | { ok: false; error: ApiError };

/** What the reservation says: the reserved code, or why there is none to try. */
export function reservation(
  reserved: readonly ReservedCode[],
  state: readonly CodeState[],
  now: Date,
): Reservation {
  const code = reserved[0];
  if (code) return { ok: true, code };
  const current = state[0];
  if (!current || current.consumedAt) return { ok: false, error: invalidCode() };
  if (current.attempts >= MAX_CODE_ATTEMPTS) return { ok: false, error: tooManyAttempts() };
  if (current.expiresAt <= now.toISOString()) return { ok: false, error: codeExpired() };
  return { ok: false, error: invalidCode() };
}

// For a request with no code to compare against: the same HMAC work, so timing says nothing.
const NO_CODE: ReservedCode = {
  id: "00000000-0000-0000-0000-000000000000",
  userId: "",
  digest: "",
  attempts: 0,
  targetEmail: null,
};

/** Constant-time check of a submitted code against the reserved one (or a dummy). */
export async function codeMatches(
  config: Config,
  purpose: CodePurpose,
  reserved: ReservedCode | undefined,
  code: string,
): Promise<boolean> {
  const target = reserved ?? NO_CODE;
  const expected = await codeDigest(config.codeHmacSecret, purpose, target.id, code);
  return reserved !== undefined && digestsEqual(expected, target.digest);
}

/** The answer to a wrong code: the attempt that used up the 5th try burns it. */
export function wrongCode(reserved: ReservedCode): ApiError {
  return reserved.attempts >= MAX_CODE_ATTEMPTS ? tooManyAttempts() : invalidCode();
}

/** Marks the reserved code used, if it still is live, and stamps this request's claim on it. */
export function consumeCode(
  code: ReservedCode,
  purpose: CodePurpose,
  claim: string,
  guard: SQL,
  now: Date,
) {
  const at = now.toISOString();
  return raw<{ id: string }>(sql`
    UPDATE ${oneTimeCodes} SET consumed_at = ${at}, claim = ${claim}
    WHERE user_id = ${code.userId} AND purpose = ${purpose} AND id = ${code.id}
      AND consumed_at IS NULL AND expires_at > ${at} AND ${guard}
    RETURNING id`);
}

/** A condition for the rest of the batch: this request consumed the code. */
export function codeConsumed(code: ReservedCode, purpose: CodePurpose, claim: string): SQL {
  return sql`EXISTS (SELECT 1 FROM ${oneTimeCodes} AS claimed
    WHERE claimed.user_id = ${code.userId} AND claimed.purpose = ${purpose}
      AND claimed.claim = ${claim})`;
}

/** Burns every live code of `purpose` for the user (a reset burns outstanding reset codes). */
export function burnCodes(userId: string, purpose: CodePurpose, guard: SQL, now: Date) {
  return raw(sql`
    UPDATE ${oneTimeCodes} SET consumed_at = ${now.toISOString()}
    WHERE user_id = ${userId} AND purpose = ${purpose} AND consumed_at IS NULL AND ${guard}`);
}

export function invalidCode(): ApiError {
  return new ApiError("invalid_code", "The code is not valid.");
}

export function codeExpired(): ApiError {
  return new ApiError("code_expired", "The code has expired; request a new one.");
}

export function tooManyAttempts(): ApiError {
  return new ApiError(
    "too_many_attempts",
    `The code was entered wrongly ${MAX_CODE_ATTEMPTS} times and is no longer valid; request a new one.`,
  );
}
