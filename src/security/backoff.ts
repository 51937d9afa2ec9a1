import { and, eq, type SQL, sql } from "drizzle-orm";
import { ALWAYS, claimed } from "../db/claim";
import { type Database, raw } from "../db/client";
import { loginThrottles } from "../db/schema";
import { rateLimitedUntil } from "../lib/errors";

/**
 * The password backoff, per email address string (existing account or not, so it reveals
 * nothing), stored in D1 so it holds across Cloudflare locations. It guards every check of a
 * password: login, verify, password change, self-delete, email change and MFA changes.
 *
 * An attempt is *reserved* before the password is hashed: one upsert counts it and, from the
 * 10th attempt since the last success, sets a block that doubles with each further attempt
 * (1 s, 2 s, 4 s … 15 min). The upsert does nothing while a block is running. So of N
 * simultaneous wrong passwords at most 10 are ever compared, and every attempt during a block —
 * even with the right password — is refused. A right password clears the count.
 */
export const FAILURES_BEFORE_DELAY = 10;
export const BASE_DELAY_SECONDS = 1;
export const MAX_DELAY_SECONDS = 15 * 60;

/** 2^(attempts − 10) seconds from the 10th attempt on, capped; 0 before. SQL for the upsert. */
function delaySecondsSql(attempts: SQL): SQL {
  const doublings = sql`(${attempts} - ${FAILURES_BEFORE_DELAY})`;
  // 2^10 s is already above the cap: shift only below that, so the integer never overflows.
  return sql`MIN(CASE WHEN ${doublings} >= 10 THEN ${MAX_DELAY_SECONDS} ELSE ${BASE_DELAY_SECONDS} << ${doublings} END, ${MAX_DELAY_SECONDS})`;
}

/**
 * The two statements that reserve one attempt for `email`, to lead a read batch: the upsert
 * (returns a row only if the attempt was allowed) and the resulting state (for Retry-After).
 */
export function reserveAttempt(db: Database, email: string, claim: string, now: Date) {
  const at = now.toISOString();
  const attempts = sql`${loginThrottles.failures} + 1`;
  return [
    raw<{ failures: number }>(sql`
      INSERT INTO ${loginThrottles} (email, failures, blocked_until, claim, updated_at)
      VALUES (${email}, 1, NULL, ${claim}, ${at})
      ON CONFLICT (email) DO UPDATE SET
        failures = ${attempts},
        blocked_until = CASE WHEN ${attempts} >= ${FAILURES_BEFORE_DELAY}
          THEN strftime('%Y-%m-%dT%H:%M:%fZ', ${at}, '+' || ${delaySecondsSql(attempts)} || ' seconds')
          ELSE NULL END,
        claim = excluded.claim,
        updated_at = excluded.updated_at
      WHERE ${loginThrottles.blockedUntil} IS NULL OR ${loginThrottles.blockedUntil} <= ${at}
      RETURNING failures`),
    db
      .select({ blockedUntil: loginThrottles.blockedUntil })
      .from(loginThrottles)
      .where(eq(loginThrottles.email, email)),
  ] as const;
}

/** Throws 429 `rate_limited` with Retry-After when the reservation was refused. */
export function assertReserved(
  reserved: readonly unknown[],
  state: readonly { blockedUntil: string | null }[],
  now: Date,
): void {
  if (reserved.length > 0) return;
  throw rateLimitedUntil(
    "Too many failed password attempts for this email; retry later.",
    state[0]?.blockedUntil,
    now,
    BASE_DELAY_SECONDS,
  );
}

/** A condition for the rest of a batch: this request's attempt was the one counted. */
export function attemptReserved(email: string, claim: string): SQL {
  return claimed(loginThrottles, loginThrottles.email, email, loginThrottles.claim, claim);
}

/** A right password clears the count (and any block it led to). */
export function clearAttempts(db: Database, email: string, guard: SQL = ALWAYS) {
  return db.delete(loginThrottles).where(and(eq(loginThrottles.email, email), guard));
}
