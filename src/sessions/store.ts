import { type SQL, sql } from "drizzle-orm";
import { auditWhere } from "../audit/events";
import type { Config } from "../config";
import {
  type AccessTokenSettings,
  generateRefreshToken,
  refreshTokenDigest,
  signAccessToken,
} from "../crypto/tokens";
import { type Database, raw } from "../db/client";
import { refreshTokens, type UserRow, users } from "../db/schema";
import type { RequestMeta } from "../lib/request";
import { isoIn } from "../lib/time";
import type { UserDto } from "../users/dto";

/**
 * Sessions: short-lived JWT access tokens plus opaque refresh tokens that rotate on every use
 * (RFC 9700 §4.14.2). Every rule about refresh tokens lives here.
 */

export function accessTokenSettings(config: Config): AccessTokenSettings {
  return {
    secret: config.jwtSecret,
    issuer: config.jwtIssuer,
    audience: config.jwtAudience,
    ttlSeconds: config.accessTokenTtlSeconds,
  };
}

export interface TokenPair {
  access_token: string;
  refresh_token: string;
  token_type: "Bearer";
  expires_in: number;
}

/** What every sign-in answers: a token pair and the account. */
export interface Session extends TokenPair {
  user: UserDto;
}

export async function tokenPair(
  config: Config,
  user: Pick<UserRow, "id" | "role" | "tokenVersion">,
  refreshToken: string,
): Promise<TokenPair> {
  return {
    access_token: await signAccessToken(accessTokenSettings(config), user),
    refresh_token: refreshToken,
    token_type: "Bearer",
    expires_in: config.accessTokenTtlSeconds,
  };
}

/**
 * A new session for `userId`: its first refresh token in a new family, stored only `WHERE guard`
 * holds when the batch reaches it. The insert returns the new id, or nothing when the guard
 * failed (the decision to sign in no longer held).
 */
export async function startSession(config: Config, userId: string, guard: SQL, now: Date) {
  const token = generateRefreshToken();
  const digest = await refreshTokenDigest(token);
  const insert = raw<{ id: string }>(sql`
    INSERT INTO ${refreshTokens} (id, user_id, family_id, token_digest, expires_at, created_at)
    SELECT ${crypto.randomUUID()}, ${userId}, ${crypto.randomUUID()}, ${digest},
      ${isoIn(now, config.refreshTokenTtlSeconds)}, ${now.toISOString()}
    WHERE ${guard}
    RETURNING id`);
  return { token, insert };
}

export type Rotation =
  | { outcome: "rotated"; token: string; user: UserRow }
  | { outcome: "reused" }
  | { outcome: "not_verified" }
  | { outcome: "invalid" };

interface PresentedState {
  usedAt: string | null;
  replacedBy: string | null;
  revokedAt: string | null;
  expiresAt: string;
  user: UserRow;
}

/**
 * Rotation in one batch of conditional statements, so two presentations of one token cannot
 * both win and reuse detection cannot miss the winner's successor:
 *  1. spend the token — only if unspent, unrevoked, unexpired and its account verified —
 *     stamping the id of its successor on it (the claim);
 *  2. insert that successor, only where the claim is found;
 *  3. if the token had been spent by *another* request (reuse: RFC 9700 §4.14.2), revoke its
 *     whole family — the other request's successor included, since it is already stored;
 *  4. audit the reuse;
 *  5. read back the token's state and its account.
 */
export async function rotateRefreshToken(
  db: Database,
  config: Config,
  meta: RequestMeta,
  presented: string,
  now: Date,
) {
  const at = now.toISOString();
  const digest = await refreshTokenDigest(presented);
  const successor = generateRefreshToken();
  const successorId = crypto.randomUUID();
  const reused = sql`used_at IS NOT NULL AND replaced_by IS NOT ${successorId}`;
  const statements = [
    raw(sql`
      UPDATE ${refreshTokens} SET used_at = ${at}, replaced_by = ${successorId}
      WHERE token_digest = ${digest} AND used_at IS NULL AND revoked_at IS NULL
        AND expires_at > ${at}
        AND EXISTS (SELECT 1 FROM ${users} WHERE ${users.id} = ${refreshTokens.userId}
          AND ${users.status} = 'verified')`),
    raw(sql`
      INSERT INTO ${refreshTokens} (id, user_id, family_id, token_digest, expires_at, created_at)
      SELECT ${successorId}, user_id, family_id, ${await refreshTokenDigest(successor)},
        ${isoIn(now, config.refreshTokenTtlSeconds)}, ${at}
      FROM ${refreshTokens} WHERE token_digest = ${digest} AND replaced_by = ${successorId}`),
    raw(sql`
      UPDATE ${refreshTokens} SET revoked_at = ${at}
      WHERE revoked_at IS NULL AND family_id = (
        SELECT family_id FROM ${refreshTokens} WHERE token_digest = ${digest} AND ${reused})`),
    auditWhere(
      meta,
      {
        type: "refresh.reuse",
        targetId: sql`(SELECT user_id FROM ${refreshTokens} WHERE token_digest = ${digest})`,
        data: sql`(SELECT json_object('family_id', family_id) FROM ${refreshTokens}
          WHERE token_digest = ${digest})`,
      },
      sql`EXISTS (SELECT 1 FROM ${refreshTokens} WHERE token_digest = ${digest} AND ${reused})`,
      now,
    ),
    db
      .select({
        usedAt: refreshTokens.usedAt,
        replacedBy: refreshTokens.replacedBy,
        revokedAt: refreshTokens.revokedAt,
        expiresAt: refreshTokens.expiresAt,
        user: users,
      })
      .from(refreshTokens)
      .innerJoin(users, sql`${users.id} = ${refreshTokens.userId}`)
      .where(sql`${refreshTokens.tokenDigest} = ${digest}`),
  ] as const;

  const outcome = (state: readonly PresentedState[]): Rotation => {
    const row = state[0];
    if (!row) return { outcome: "invalid" };
    if (row.replacedBy === successorId) {
      return { outcome: "rotated", token: successor, user: row.user };
    }
    if (row.usedAt) return { outcome: "reused" };
    const live = !row.revokedAt && row.expiresAt > at;
    if (live && row.user.status !== "verified") return { outcome: "not_verified" };
    return { outcome: "invalid" };
  };
  return { statements, outcome };
}

/** Revokes the family of the presented token (logout); returns its user, if the token was known. */
export async function revokeFamilyOf(presented: string, now: Date) {
  const digest = await refreshTokenDigest(presented);
  return raw<{ userId: string }>(sql`
    UPDATE ${refreshTokens} SET revoked_at = ${now.toISOString()}
    WHERE revoked_at IS NULL
      AND family_id IN (SELECT family_id FROM ${refreshTokens} WHERE token_digest = ${digest})
    RETURNING user_id AS userId`);
}

/**
 * Statements that end every session of a user: refresh tokens revoked, then every access token
 * made stale (the token version bumped — so `guard` must not test the token version).
 */
export function endAllSessions(userId: string, guard: SQL, now: Date) {
  const at = now.toISOString();
  return [
    raw(sql`
      UPDATE ${refreshTokens} SET revoked_at = ${at}
      WHERE user_id = ${userId} AND revoked_at IS NULL AND ${guard}`),
    raw(sql`
      UPDATE ${users} SET token_version = token_version + 1, updated_at = ${at}
      WHERE id = ${userId} AND ${guard}`),
  ] as const;
}
