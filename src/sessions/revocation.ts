import { and, eq, isNull, ne, type SQL, sql } from "drizzle-orm";
import { auditWhere } from "../audit/events";
import { refreshTokenDigest } from "../crypto/tokens";
import { type Database, raw } from "../db/client";
import { refreshTokens, sessions, users } from "../db/schema";
import type { RequestMeta } from "../lib/request";
import { live } from "./store";

/**
 * Ending sessions: one (logout, "end this session"), all but the current one, or every one with
 * every access token already issued (password change, reset, logout-all, bans). Ending a session
 * kills its refresh tokens (rotation refuses a token whose session is ended) and its access tokens
 * (the bearer check reads the session), so nothing else needs to be written.
 */

/**
 * Ends the session of the presented refresh token (logout), stamping this request's claim; the
 * audit event is written only if this request ended it. Returns the user, if it did.
 */
export async function endSessionOfToken(meta: RequestMeta, presented: string, now: Date) {
  const digest = await refreshTokenDigest(presented);
  const claim = crypto.randomUUID();
  // Every lookup by key: the token's session by the digest, then that session by its id (a
  // lookup by claim alone would read the whole table).
  const session = sql`(SELECT family_id FROM ${refreshTokens} WHERE token_digest = ${digest})`;
  const owner = sql`(SELECT ended.user_id FROM ${sessions} AS ended
    WHERE ended.id = ${session} AND ended.claim = ${claim})`;
  return [
    raw<{ userId: string }>(sql`
      UPDATE ${sessions} SET revoked_at = ${now.toISOString()}, claim = ${claim}
      WHERE id = ${session} AND revoked_at IS NULL
      RETURNING user_id AS userId`),
    auditWhere(
      meta,
      { type: "logout", actorId: owner, targetId: owner },
      sql`EXISTS (SELECT 1 FROM ${sessions} AS ended
        WHERE ended.id = ${session} AND ended.claim = ${claim})`,
      now,
    ),
  ] as const;
}

/**
 * Ends one live session of a user, stamping `claim` on it (for the audit event of the batch);
 * returns it, or nothing when it is not theirs or already ended.
 */
export function endSession(
  db: Database,
  userId: string,
  sessionId: string,
  claim: string,
  now: Date,
) {
  return db
    .update(sessions)
    .set({ revokedAt: now.toISOString(), claim })
    .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId), live(now)))
    .returning({ id: sessions.id });
}

/** Ends every live session of a user, but `keep` when given ("sign out everywhere else"). */
export function endSessions(
  db: Database,
  userId: string,
  now: Date,
  options: { keep?: string; guard?: SQL; claim?: string } = {},
) {
  return db
    .update(sessions)
    .set({ revokedAt: now.toISOString(), claim: options.claim ?? null })
    .where(
      and(
        eq(sessions.userId, userId),
        isNull(sessions.revokedAt),
        options.keep ? ne(sessions.id, options.keep) : undefined,
        options.guard,
      ),
    )
    .returning({ id: sessions.id });
}

/** How many of the user's sessions `claim` ended, as audit `data` (`{"count": n}`): their range of the user index. */
export function endedCount(userId: string, claim: string): SQL {
  return sql`(SELECT json_object('count', COUNT(*)) FROM ${sessions} AS ended
    WHERE ended.user_id = ${userId} AND ended.claim = ${claim})`;
}

/**
 * Everything a user is signed in with ends: every session (so their refresh tokens and access
 * tokens die), then every access token already issued is made stale too (the token version is
 * bumped — so `guard` must not test the token version).
 */
export function endEverySession(db: Database, userId: string, guard: SQL, now: Date) {
  return [
    endSessions(db, userId, now, { guard }),
    raw(sql`
      UPDATE ${users} SET token_version = token_version + 1, updated_at = ${now.toISOString()}
      WHERE id = ${userId} AND ${guard}`),
  ] as const;
}
