import { type SQL, sql } from "drizzle-orm";
import { isBanned } from "../accounts/dto";
import { ApiError } from "../lib/errors";

/**
 * Bans, as every sign-in sees them: a correct credential of a banned account answers 403
 * `account_banned` with the end of the ban (a wrong one gets the usual 401, so a ban reveals
 * nothing to someone without the credential). The write that starts a session re-checks it
 * (`notBanned`), so a login in flight when the ban lands starts nothing.
 */
export function assertNotBanned(
  user: { bannedAt: string | null; bannedUntil: string | null },
  now = new Date(),
): void {
  if (!isBanned(user, now)) return;
  throw new ApiError(
    "account_banned",
    user.bannedUntil
      ? `This account is banned until ${user.bannedUntil}.`
      : "This account is banned until an administrator lifts the ban.",
  );
}

/** SQL over the users row `account` (an alias): no ban in force. */
export function notBanned(account: SQL, now: Date): SQL {
  return sql`(${account}.banned_at IS NULL OR (${account}.banned_until IS NOT NULL
    AND ${account}.banned_until <= ${now.toISOString()}))`;
}
