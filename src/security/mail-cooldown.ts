import { eq, type SQL, sql } from "drizzle-orm";
import { claimed } from "../db/claim";
import { type Database, raw } from "../db/client";
import { mailCooldowns } from "../db/schema";
import { rateLimitedUntil } from "../lib/errors";
import { isoIn } from "../lib/time";

/**
 * At most one mail of any kind per address per 60 s (sign-up, re-sign-up, resend, forgot, email
 * change), keyed on the address *string*, so a refused request reveals nothing about accounts.
 * The slot is claimed by the first statement of the batch that also records the mail; every
 * other statement of that batch runs only `WHERE slotClaimed(…)`, so a refused request changes
 * nothing, and a slot is never claimed without the mail it was claimed for.
 * Security notices to an account holder are not codes and never wait for this.
 */
export const MAIL_COOLDOWN_SECONDS = 60;

/** The claim (returns a row only when the window was free) and the window (for Retry-After). */
export function claimSlot(db: Database, email: string, claim: string, now: Date) {
  const at = now.toISOString();
  return [
    raw<{ email: string }>(sql`
      INSERT INTO ${mailCooldowns} (email, next_allowed_at, claim)
      VALUES (${email}, ${isoIn(now, MAIL_COOLDOWN_SECONDS)}, ${claim})
      ON CONFLICT (email) DO UPDATE SET
        next_allowed_at = excluded.next_allowed_at, claim = excluded.claim
      WHERE ${mailCooldowns.nextAllowedAt} <= ${at}
      RETURNING email`),
    db
      .select({ nextAllowedAt: mailCooldowns.nextAllowedAt })
      .from(mailCooldowns)
      .where(eq(mailCooldowns.email, email)),
  ] as const;
}

/** A condition for the rest of the batch: this request holds the address's slot. */
export function slotClaimed(email: string, claim: string): SQL {
  return claimed(mailCooldowns, mailCooldowns.email, email, mailCooldowns.claim, claim);
}

/** Throws 429 `rate_limited` with Retry-After when the slot was taken. */
export function assertSlotClaimed(
  claimedRows: readonly unknown[],
  state: readonly { nextAllowedAt: string }[],
  now: Date,
): void {
  if (claimedRows.length > 0) return;
  throw rateLimitedUntil(
    `A mail was sent to this address less than ${MAIL_COOLDOWN_SECONDS} seconds ago; retry later.`,
    state[0]?.nextAllowedAt,
    now,
    MAIL_COOLDOWN_SECONDS,
  );
}
