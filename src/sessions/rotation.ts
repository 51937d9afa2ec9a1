import { type SQL, sql } from "drizzle-orm";
import { type UserColumns, userColumns, userFromColumns } from "../accounts/repository";
import { auditWhere } from "../audit/events";
import type { Config } from "../config";
import { generateRefreshToken, refreshTokenDigest } from "../crypto/tokens";
import { raw } from "../db/client";
import { refreshTokens, sessions, users } from "../db/schema";
import type { AuthMethod, RefreshTransport } from "../lib/domain";
import type { RequestMeta } from "../lib/request";
import { isoIn } from "../lib/time";
import { live, minIso, type SignedIn, signedIn } from "./store";

/** Refresh-token rotation with reuse detection (RFC 9700 §4.14.2), in one round trip. */

export type Rotation =
  | { outcome: "rotated"; signedIn: SignedIn; grant: RotatedGrant | null; userId: string }
  | { outcome: "reused" }
  | { outcome: "not_verified" }
  | { outcome: "invalid" };

interface PresentedState extends UserColumns {
  usedAt: string | null;
  replacedBy: string | null;
  expiresAt: string;
  sessionId: string | null;
  sessionAmr: string | null;
  sessionTransport: RefreshTransport | null;
  sessionRevokedAt: string | null;
  sessionExpiresAt: string | null;
  sessionClientId: string | null;
  sessionScope: string | null;
  sessionAuthTime: string | null;
  sessionCreatedAt: string | null;
}

/**
 * Whose refresh token this may be: the API's own sessions (`clientId` null, `/v1/auth/refresh`),
 * or a grant of one OpenID client (`/oauth/token`), with `guard` holding the client's own checks
 * (registered, not revoked, authenticated) so they are re-checked by the write itself.
 */
export interface TokenHolder {
  clientId: string | null;
  guard?: SQL;
}

/** A rotated grant: what its ID token needs. */
export interface RotatedGrant {
  clientId: string;
  scope: string;
  authTime: string;
  sessionId: string;
  amr: AuthMethod[];
  user: ReturnType<typeof userFromColumns>;
}

/**
 * Rotation in one batch of conditional statements — one round trip — so two presentations of
 * one token cannot both win and reuse detection cannot miss the winner's successor:
 *  1. spend the token — only if unspent, unexpired, its session live and its account verified —
 *     stamping the digest of its successor on it (the claim);
 *  2. insert that successor, only where the claim is found (it expires with the session at the
 *     latest), and move the session's `last_used_at`;
 *  3. if the token had been spent by *another* request (reuse: RFC 9700 §4.14.2), end its
 *     session — every token of it dies, the other request's successor included, and so do its
 *     access tokens, on their next request;
 *  4. audit the reuse;
 *  5. read back the token's state, its account and its session.
 */
export async function rotateRefreshToken(
  config: Config,
  meta: RequestMeta,
  presented: string,
  now: Date,
  holder: TokenHolder = { clientId: null },
) {
  const at = now.toISOString();
  const digest = await refreshTokenDigest(presented);
  const successor = generateRefreshToken();
  // The successor's digest is this request's claim on the token it spends (db/claim.ts).
  const successorDigest = await refreshTokenDigest(successor);
  const reused = sql`used_at IS NOT NULL AND replaced_by IS NOT ${successorDigest}`;
  const statements = [
    raw(sql`
      UPDATE ${refreshTokens} SET used_at = ${at}, replaced_by = ${successorDigest}
      WHERE token_digest = ${digest} AND used_at IS NULL
        AND expires_at > ${at}
        AND EXISTS (SELECT 1 FROM ${sessions} JOIN ${users} ON ${users.id} = ${sessions.userId}
          WHERE ${sessions.id} = ${refreshTokens.familyId} AND ${live(now)}
            AND ${users.status} = 'verified'
            AND ${sessions.clientId} IS ${holder.clientId} AND ${holder.guard ?? sql`1`}
            -- With MFA on, a session signed in with one factor alone is never renewed.
            AND (${users.mfaEnabledAt} IS NULL OR ${sessions.amr} NOT IN ('["pwd"]', '["email"]')))`),
    raw(sql`
      INSERT INTO ${refreshTokens} (token_digest, user_id, family_id, expires_at, created_at)
      SELECT ${successorDigest}, spent.user_id, spent.family_id,
        MIN(${isoIn(now, config.refreshTokenTtlSeconds)}, ${sessions.expiresAt}), ${at}
      FROM ${refreshTokens} AS spent JOIN ${sessions} ON ${sessions.id} = spent.family_id
      WHERE spent.token_digest = ${digest} AND spent.replaced_by = ${successorDigest}`),
    raw(sql`
      UPDATE ${sessions} SET last_used_at = ${at}
      WHERE id = (SELECT family_id FROM ${refreshTokens} WHERE token_digest = ${successorDigest})`),
    raw(sql`
      UPDATE ${sessions} SET revoked_at = ${at}
      WHERE revoked_at IS NULL AND id = (
        SELECT family_id FROM ${refreshTokens} WHERE token_digest = ${digest} AND ${reused})`),
    auditWhere(
      meta,
      {
        type: "refresh.reuse",
        targetId: sql`(SELECT user_id FROM ${refreshTokens} WHERE token_digest = ${digest})`,
        data: sql`(SELECT json_object('session_id', family_id) FROM ${refreshTokens}
          WHERE token_digest = ${digest})`,
      },
      sql`EXISTS (SELECT 1 FROM ${refreshTokens} WHERE token_digest = ${digest} AND ${reused})`,
      now,
    ),
    // Raw, with one alias per column: D1 batch results are objects, so a join whose tables
    // share column names (id, expires_at, …) must not be read back by position.
    raw<PresentedState>(sql`
      SELECT t.used_at AS usedAt, t.replaced_by AS replacedBy,
        t.expires_at AS expiresAt, ${userColumns("u")},
        s.id AS sessionId, s.amr AS sessionAmr, s.transport AS sessionTransport,
        s.revoked_at AS sessionRevokedAt, s.expires_at AS sessionExpiresAt,
        s.client_id AS sessionClientId, s.scope AS sessionScope, s.auth_time AS sessionAuthTime,
        s.created_at AS sessionCreatedAt
      FROM ${refreshTokens} AS t
        JOIN ${users} AS u ON u.id = t.user_id
        LEFT JOIN ${sessions} AS s ON s.id = t.family_id
      WHERE t.token_digest = ${digest}`),
  ] as const;

  const outcome = async (state: readonly PresentedState[]): Promise<Rotation> => {
    const row = state[0];
    if (!row) return { outcome: "invalid" };
    const user = userFromColumns(row);
    if (row.replacedBy === successorDigest && row.sessionId && row.sessionExpiresAt) {
      const amr = JSON.parse(row.sessionAmr ?? "[]") as AuthMethod[];
      const grant =
        row.sessionClientId !== null
          ? {
              clientId: row.sessionClientId,
              scope: row.sessionScope ?? "openid",
              authTime: row.sessionAuthTime ?? row.sessionCreatedAt ?? at,
              sessionId: row.sessionId,
              amr,
              user,
            }
          : null;
      const session = {
        id: row.sessionId,
        amr,
        transport: row.sessionTransport ?? "body",
        ...(grant ? { grant: { clientId: grant.clientId, scope: grant.scope } } : {}),
      };
      const expiresAt = minIso(isoIn(now, config.refreshTokenTtlSeconds), row.sessionExpiresAt);
      return {
        outcome: "rotated",
        signedIn: await signedIn(config, user, session, { token: successor, expiresAt }, now),
        grant,
        userId: user.id,
      };
    }
    if (row.usedAt) return { outcome: "reused" };
    const usable =
      row.expiresAt > at &&
      row.sessionId !== null &&
      !row.sessionRevokedAt &&
      (row.sessionExpiresAt ?? "") > at;
    if (usable && user.status !== "verified") return { outcome: "not_verified" };
    return { outcome: "invalid" };
  };
  return { statements, outcome };
}
