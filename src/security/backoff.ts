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
export function delaySecondsSql(attempts: SQL): SQL {
  const doublings = sql`(${attempts} - ${FAILURES_BEFORE_DELAY})`;
  // 2^10 s is already above the cap: shift only below that, so the integer never overflows.
  return sql`MIN(CASE WHEN ${doublings} >= 10 THEN ${MAX_DELAY_SECONDS} ELSE ${BASE_DELAY_SECONDS} << ${doublings} END, ${MAX_DELAY_SECONDS})`;
}

/**
 * The statement that reserves one attempt for `email`, to lead a read batch. During a block it
 * changes nothing; otherwise it counts the attempt and stamps this request's claim. Either way
 * it returns the row, so one statement tells whether the attempt was counted (the claim is
 * ours) and, if not, until when to wait.
 */
export function reserveAttempt(email: string, claim: string, now: Date) {
  const at = now.toISOString();
  const blocked = sql`(${loginThrottles.blockedUntil} IS NOT NULL AND ${loginThrottles.blockedUntil} > ${at})`;
  const attempts = sql`${loginThrottles.failures} + 1`;
  return raw<Throttle>(sql`
    INSERT INTO ${loginThrottles} (email, failures, blocked_until, claim, updated_at)
    VALUES (${email}, 1, NULL, ${claim}, ${at})
    ON CONFLICT (email) DO UPDATE SET
      failures = CASE WHEN ${blocked} THEN failures ELSE ${attempts} END,
      blocked_until = CASE
        WHEN ${blocked} THEN blocked_until
        WHEN ${attempts} >= ${FAILURES_BEFORE_DELAY}
          THEN strftime('%Y-%m-%dT%H:%M:%fZ', ${at}, '+' || ${delaySecondsSql(attempts)} || ' seconds')
        ELSE NULL END,
      claim = CASE WHEN ${blocked} THEN claim ELSE excluded.claim END,
      updated_at = CASE WHEN ${blocked} THEN updated_at ELSE excluded.updated_at END
    RETURNING claim, blocked_until AS blockedUntil`);
}

interface Throttle {
  claim: string | null;
  blockedUntil: string | null;
}

/** Throws 429 `rate_limited` with Retry-After when the attempt was not counted (a block runs). */
export function assertReserved(rows: readonly Throttle[], claim: string, now: Date): void {
  const row = rows[0];
  if (row?.claim === claim) return;
  throw rateLimitedUntil(
    "Too many failed password attempts for this email; retry later.",
    row?.blockedUntil,
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
