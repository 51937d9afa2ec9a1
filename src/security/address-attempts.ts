import { type SQL, sql } from "drizzle-orm";
import { raw } from "../db/client";
import { addressCodeAttempts } from "../db/schema";
import type { CodePurpose } from "../lib/domain";
import type { ApiError } from "../lib/errors";
import { codeExpired, invalidCode, MAX_CODE_ATTEMPTS, tooManyAttempts } from "./one-time-codes";

/**
 * Attempts on a code counted per address *string*, for the public routes where an unknown
 * address must answer exactly like a known one (password reset). The request that mails a code
 * starts the count for the address — known or not, in the same batch that claims its mail slot —
 * and each try reserves an attempt here before anything is compared. Every wrong answer (invalid,
 * expired, 5th try) is decided from this row alone; the account's own code (one-time-codes.ts)
 * decides only whether the code is right. So the answers are the same for every address.
 */

/** Starts the count for a new code of `purpose` sent (or pretended sent) to `email`. */
export function startAttempts(email: string, purpose: CodePurpose, expiresAt: string, guard: SQL) {
  return raw(sql`
    INSERT INTO ${addressCodeAttempts} (email, purpose, attempts, expires_at)
    SELECT ${email}, ${purpose}, 0, ${expiresAt} WHERE ${guard}
    ON CONFLICT (email, purpose) DO UPDATE SET attempts = 0, expires_at = excluded.expires_at`);
}

interface AddressAttempts {
  attempts: number;
  expiresAt: string;
}

/** Reserve one attempt (a row back only while live and under 5), then the row, to say why not. */
export function reserveAddressAttempt(
  email: string,
  purpose: CodePurpose,
  now: Date,
  guard: SQL = sql`1 = 1`,
) {
  return [
    raw<AddressAttempts>(sql`
      UPDATE ${addressCodeAttempts} SET attempts = attempts + 1
      WHERE email = ${email} AND purpose = ${purpose} AND expires_at > ${now.toISOString()}
        AND attempts < ${MAX_CODE_ATTEMPTS} AND ${guard}
      RETURNING attempts, expires_at AS expiresAt`),
    raw<AddressAttempts>(sql`
      SELECT attempts, expires_at AS expiresAt FROM ${addressCodeAttempts}
      WHERE email = ${email} AND purpose = ${purpose}`),
  ] as const;
}

/** Why a code for this address is refused: from the count alone, never from the account. */
export function addressRefusal(
  reserved: readonly AddressAttempts[],
  state: readonly AddressAttempts[],
  now: Date,
): ApiError {
  const row = reserved[0] ?? state[0];
  if (!row) return invalidCode();
  if (row.attempts >= MAX_CODE_ATTEMPTS) return tooManyAttempts();
  if (!reserved[0] && row.expiresAt <= now.toISOString()) return codeExpired();
  return invalidCode();
}

/** The count ends with a used code (`WHERE guard`: the batch that used it). */
export function endAttempts(email: string, purpose: CodePurpose, guard: SQL) {
  return raw(sql`DELETE FROM ${addressCodeAttempts}
    WHERE email = ${email} AND purpose = ${purpose} AND ${guard}`);
}
