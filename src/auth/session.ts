import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { Config } from "../config";
import {
  type AccessTokenSettings,
  generateRefreshToken,
  refreshTokenDigest,
  signAccessToken,
} from "../crypto/tokens";
import type { Database } from "../db/client";
import { refreshTokens, type UserRow, users } from "../db/schema";

/**
 * Sessions: short-lived JWT access tokens plus opaque refresh tokens that rotate on every use
 * (RFC 9700 §4.14.2). Every rule about tokens lives here.
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

export interface NewRefreshToken {
  token: string;
  /** The insert to run — alone or inside the `db.batch` that also records the change. */
  insert: ReturnType<typeof insertRefreshToken>;
}

function insertRefreshToken(db: Database, values: typeof refreshTokens.$inferInsert) {
  return db.insert(refreshTokens).values(values);
}

/** A fresh refresh token in `familyId` (a new family when omitted). */
export async function newRefreshToken(
  db: Database,
  config: Config,
  userId: string,
  familyId: string = crypto.randomUUID(),
  now = new Date(),
): Promise<NewRefreshToken> {
  const token = generateRefreshToken();
  const insert = insertRefreshToken(db, {
    id: crypto.randomUUID(),
    userId,
    familyId,
    tokenDigest: await refreshTokenDigest(token),
    expiresAt: new Date(now.getTime() + config.refreshTokenTtlSeconds * 1000).toISOString(),
    createdAt: now.toISOString(),
  });
  return { token, insert };
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

export type SpendResult =
  | { outcome: "spent"; userId: string; familyId: string }
  | { outcome: "reused"; userId: string; familyId: string }
  | { outcome: "invalid" };

/**
 * Spends a refresh token with one conditional UPDATE, so of two concurrent presentations exactly
 * one wins. Presenting a token that was already spent is reuse: its whole family is revoked.
 */
export async function spendRefreshToken(
  db: Database,
  token: string,
  now = new Date(),
): Promise<SpendResult> {
  const digest = await refreshTokenDigest(token);
  const at = now.toISOString();
  const spent = await db
    .update(refreshTokens)
    .set({ usedAt: at })
    .where(
      and(
        eq(refreshTokens.tokenDigest, digest),
        isNull(refreshTokens.usedAt),
        isNull(refreshTokens.revokedAt),
        gt(refreshTokens.expiresAt, at),
      ),
    )
    .returning({ userId: refreshTokens.userId, familyId: refreshTokens.familyId })
    .get();
  if (spent) return { outcome: "spent", ...spent };

  const known = await db
    .select({
      userId: refreshTokens.userId,
      familyId: refreshTokens.familyId,
      usedAt: refreshTokens.usedAt,
    })
    .from(refreshTokens)
    .where(eq(refreshTokens.tokenDigest, digest))
    .get();
  if (!known?.usedAt) return { outcome: "invalid" };
  await revokeFamily(db, known.familyId, now);
  return { outcome: "reused", userId: known.userId, familyId: known.familyId };
}

export function revokeFamily(db: Database, familyId: string, now = new Date()) {
  return db
    .update(refreshTokens)
    .set({ revokedAt: now.toISOString() })
    .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
}

/** Revokes the family of the presented token (logout); returns its user, if the token was known. */
export async function revokeFamilyOf(db: Database, token: string, now = new Date()) {
  const digest = await refreshTokenDigest(token);
  const family = db
    .select({ familyId: refreshTokens.familyId })
    .from(refreshTokens)
    .where(eq(refreshTokens.tokenDigest, digest));
  const revoked = await db
    .update(refreshTokens)
    .set({ revokedAt: now.toISOString() })
    .where(and(sql`${refreshTokens.familyId} IN ${family}`, isNull(refreshTokens.revokedAt)))
    .returning({ userId: refreshTokens.userId });
  return revoked[0]?.userId ?? null;
}

/** Statements that end every session of a user: refresh tokens revoked, access tokens stale. */
export function endAllSessions(db: Database, userId: string, now = new Date()) {
  return [
    db
      .update(users)
      .set({ tokenVersion: sql`${users.tokenVersion} + 1`, updatedAt: now.toISOString() })
      .where(eq(users.id, userId)),
    db
      .update(refreshTokens)
      .set({ revokedAt: now.toISOString() })
      .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt))),
  ] as const;
}
