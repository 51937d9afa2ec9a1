import { eq, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { loginThrottles, mailCooldowns } from "../db/schema";
import { ApiError } from "../lib/errors";

/**
 * Abuse controls stored in D1, so they hold across Cloudflare locations and are keyed on the
 * email *string* (existing account or not), which keeps them from revealing anything.
 */

/** Consecutive failures before logins for an email are delayed. */
export const LOGIN_FAILURES_BEFORE_DELAY = 10;
/** The delay after the 10th failure; doubles with each further failure. */
export const LOGIN_BASE_DELAY_SECONDS = 1;
export const LOGIN_MAX_DELAY_SECONDS = 15 * 60;
/** At most one mail of any kind per address in this window. */
export const MAIL_COOLDOWN_SECONDS = 60;

function secondsUntil(iso: string, now: Date): number {
  return Math.max(1, Math.ceil((Date.parse(iso) - now.getTime()) / 1000));
}

export function loginDelaySeconds(failures: number): number {
  if (failures < LOGIN_FAILURES_BEFORE_DELAY) return 0;
  const doublings = failures - LOGIN_FAILURES_BEFORE_DELAY;
  return Math.min(LOGIN_BASE_DELAY_SECONDS * 2 ** Math.min(doublings, 30), LOGIN_MAX_DELAY_SECONDS);
}

/** 429 with Retry-After while the email is in a backoff delay — even for the right password. */
export async function assertLoginAllowed(db: Database, email: string, now = new Date()) {
  const row = await db
    .select({ blockedUntil: loginThrottles.blockedUntil })
    .from(loginThrottles)
    .where(eq(loginThrottles.email, email))
    .get();
  if (row?.blockedUntil && row.blockedUntil > now.toISOString()) {
    throw new ApiError("rate_limited", "Too many failed logins for this email; retry later.", {
      retryAfter: secondsUntil(row.blockedUntil, now),
    });
  }
}

/** Counts a failed login; from the 10th consecutive failure on, sets a doubling delay. */
export async function recordLoginFailure(db: Database, email: string, now = new Date()) {
  const at = now.toISOString();
  const row = await db
    .insert(loginThrottles)
    .values({ email, failures: 1, updatedAt: at })
    .onConflictDoUpdate({
      target: loginThrottles.email,
      set: { failures: sql`${loginThrottles.failures} + 1`, updatedAt: at },
    })
    .returning({ failures: loginThrottles.failures })
    .get();
  const delay = loginDelaySeconds(row?.failures ?? 0);
  if (delay > 0) {
    await db
      .update(loginThrottles)
      .set({ blockedUntil: new Date(now.getTime() + delay * 1000).toISOString() })
      .where(eq(loginThrottles.email, email));
  }
}

/** A successful login (or reset) clears the failure count. */
export function clearLoginFailures(db: Database, email: string) {
  return db.delete(loginThrottles).where(eq(loginThrottles.email, email));
}

/**
 * Claims the mail slot for an address with one conditional upsert: it succeeds only when no
 * mail went to that address in the last 60 s. Otherwise 429 with Retry-After, and the caller
 * must change nothing.
 */
export async function claimMailSlot(db: Database, email: string, now = new Date()) {
  const at = now.toISOString();
  const next = new Date(now.getTime() + MAIL_COOLDOWN_SECONDS * 1000).toISOString();
  const claimed = await db
    .insert(mailCooldowns)
    .values({ email, nextAllowedAt: next })
    .onConflictDoUpdate({
      target: mailCooldowns.email,
      set: { nextAllowedAt: next },
      setWhere: sql`${mailCooldowns.nextAllowedAt} <= ${at}`,
    })
    .returning({ email: mailCooldowns.email })
    .get();
  if (claimed) return;
  const row = await db
    .select({ nextAllowedAt: mailCooldowns.nextAllowedAt })
    .from(mailCooldowns)
    .where(eq(mailCooldowns.email, email))
    .get();
  throw new ApiError(
    "rate_limited",
    `A mail was sent to this address less than ${MAIL_COOLDOWN_SECONDS} seconds ago; retry later.`,
    { retryAfter: row ? secondsUntil(row.nextAllowedAt, now) : MAIL_COOLDOWN_SECONDS },
  );
}

/** Gives the slot back when the claimed mail was not sent after all (e.g. a lost race). */
export function releaseMailSlot(db: Database, email: string) {
  return db.delete(mailCooldowns).where(eq(mailCooldowns.email, email));
}
