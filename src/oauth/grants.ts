import { sql } from "drizzle-orm";
import { type UserColumns, userColumns, userFromColumns } from "../accounts/repository";
import { shopsClaim } from "../accounts/shops-claim";
import { auditWhere } from "../audit/events";
import { randomBytes, sha256Hex, toBase64Url, utf8 } from "../crypto/encoding";
import {
  generateRefreshToken,
  refreshTokenDigest,
  signWithPublishedKey,
  verifyAccessToken,
} from "../crypto/tokens";
import { batch, raw } from "../db/client";
import { oauthClients, oauthCodes, refreshTokens, sessions, users } from "../db/schema";
import type { Deps } from "../deps";
import type { AuthMethod } from "../lib/domain";
import { isoIn } from "../lib/time";
import { assuranceLevel, inGoodStanding } from "../security/assurance";
import { notBanned } from "../security/bans";
import { rotateRefreshToken } from "../sessions/rotation";
import { accessTokenSettings, minIso, type SignedIn, signedIn } from "../sessions/store";
import {
  assertClient,
  clientGuard,
  OAuthError,
  type PresentedClient,
  readClient,
} from "./client-auth";
import { ID_TOKEN_TTL_SECONDS, type Provider } from "./provider";

/**
 * The token side of the OpenID provider (docs/openid-provider.md). A grant *is* a session: the
 * redemption of a code starts a session of the account, marked with the client, the scopes and
 * the sign-in's `auth_time`; its refresh tokens rotate with the API's own reuse detection; ending
 * sessions (log-out everywhere, a ban, a reset, an admin's force log-out) ends grants too. Every
 * endpoint here is one D1 round trip.
 */

/** An authorization code lives 60 seconds (RFC 6749 §4.1.2: "a maximum … of 10 minutes"). */
export const CODE_TTL_SECONDS = 60;

const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

function hasScope(scope: string, wanted: string): boolean {
  return scope.split(" ").includes(wanted);
}

/** RFC 7636 §4.2: BASE64URL(SHA256(ASCII(code_verifier))). */
async function s256(verifier: string): Promise<string> {
  return toBase64Url(new Uint8Array(await crypto.subtle.digest("SHA-256", utf8(verifier))));
}

export interface TokenResponse {
  access_token: string;
  token_type: "Bearer";
  expires_in: number;
  id_token: string;
  scope: string;
  refresh_token?: string;
}

type GrantUser = ReturnType<typeof userFromColumns>;

/** The ID token (OpenID Connect Core §2) of a grant, signed with JWT_SIGNING_KEY. */
async function idToken(
  provider: Provider,
  input: {
    user: GrantUser;
    clientId: string;
    grantId: string;
    scope: string;
    amr: AuthMethod[];
    authTime: string;
    nonce: string | null;
  },
  now: Date,
): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  const token = await signWithPublishedKey(provider.tokens, {
    iss: provider.issuer,
    sub: input.user.id,
    aud: input.clientId,
    exp: iat + ID_TOKEN_TTL_SECONDS,
    iat,
    auth_time: Math.floor(Date.parse(input.authTime) / 1000),
    ...(input.nonce !== null ? { nonce: input.nonce } : {}),
    amr: input.amr,
    acr: assuranceLevel(input.amr),
    sid: input.grantId,
    ...profileClaims(input.user, input.scope),
  });
  if (!token) throw new OAuthError("invalid_request", "The provider has no signing key.");
  return token;
}

/** The claims the scopes release (Core §5.4), for the ID token and userinfo alike. */
export function profileClaims(user: GrantUser, scope: string): Record<string, unknown> {
  return {
    ...(hasScope(scope, "email")
      ? { email: user.email, email_verified: user.status === "verified" }
      : {}),
    ...(hasScope(scope, "profile")
      ? {
          name: [user.name, user.surname].filter(Boolean).join(" ") || null,
          given_name: user.name ?? null,
          family_name: user.surname ?? null,
          updated_at: Math.floor(Date.parse(user.updatedAt) / 1000),
        }
      : {}),
  };
}

function tokenResponse(signed: SignedIn, idTokenValue: string, scope: string): TokenResponse {
  return {
    access_token: signed.body.access_token,
    token_type: "Bearer",
    expires_in: signed.body.expires_in,
    id_token: idTokenValue,
    scope,
    ...(hasScope(scope, "offline_access") ? { refresh_token: signed.body.refresh_token } : {}),
  };
}

interface RedeemedState extends UserColumns {
  grantId: string | null;
  nonce: string | null;
  scope: string;
  clientId: string;
  amr: string | null;
  authTime: string | null;
}

/**
 * `grant_type=authorization_code`, in one round trip. The code is spent by one conditional write
 * that re-checks everything it is bound to — the client (and its proof), the redirect URI, the
 * PKCE verifier, 60 seconds, the browser session that approved it and the account's token
 * version — and stamps the id of the grant it starts (the claim). The grant (a session) and its
 * first refresh token follow that claim. A code presented again finds the claim of another
 * request: that grant is ended, every token of it with it (RFC 6749 §4.1.2, RFC 9700 §4.5).
 */
export async function redeemCode(
  deps: Deps,
  provider: Provider,
  client: PresentedClient,
  input: { code: string; redirectUri: string; verifier: string },
): Promise<TokenResponse> {
  const { db, config, meta } = deps;
  if (!VERIFIER.test(input.verifier)) {
    throw new OAuthError("invalid_request", "code_verifier is 43 to 128 unreserved characters.");
  }
  const now = new Date();
  const at = now.toISOString();
  const digest = await sha256Hex(input.code);
  const challenge = await s256(input.verifier);
  const grantId = crypto.randomUUID();
  const refresh = generateRefreshToken();
  const expiresAt = isoIn(now, config.sessionMaxAgeSeconds);
  const refreshExpiresAt = minIso(isoIn(now, config.refreshTokenTtlSeconds), expiresAt);
  const mine = sql`EXISTS (SELECT 1 FROM ${oauthCodes} AS spent
    WHERE spent.code_digest = ${digest} AND spent.grant_id = ${grantId})`;
  const replayed = sql`EXISTS (SELECT 1 FROM ${oauthCodes} AS spent
    WHERE spent.code_digest = ${digest} AND spent.used_at IS NOT NULL
      AND spent.grant_id IS NOT ${grantId})`;
  const owner = sql`(SELECT spent.user_id FROM ${oauthCodes} AS spent WHERE spent.code_digest = ${digest})`;
  const [clientRows, , , , , , , state] = await batch(db, [
    readClient(client),
    raw(sql`
      UPDATE ${oauthCodes} SET used_at = ${at}, grant_id = ${grantId}
      WHERE code_digest = ${digest} AND used_at IS NULL AND expires_at > ${at}
        AND client_id = ${client.id} AND redirect_uri = ${input.redirectUri}
        AND code_challenge = ${challenge} AND ${clientGuard(client)}
        AND EXISTS (SELECT 1 FROM ${sessions} AS b JOIN ${users} AS u ON u.id = b.user_id
          WHERE b.id = ${oauthCodes.sessionId} AND b.user_id = ${oauthCodes.userId}
            AND b.revoked_at IS NULL AND b.expires_at > ${at}
            AND u.token_version = ${oauthCodes.tokenVersion} AND u.status = 'verified'
            AND ${notBanned(sql`u`, now)})`),
    raw(sql`
      INSERT INTO ${sessions} (id, user_id, created_at, last_used_at, expires_at, ip, user_agent,
        country, amr, transport, client_id, scope, auth_time)
      SELECT ${grantId}, c.user_id, ${at}, ${at}, ${expiresAt}, ${meta.ip}, ${meta.userAgent},
        ${meta.country}, b.amr, 'body', c.client_id, c.scope, COALESCE(b.auth_time, b.created_at)
      FROM ${oauthCodes} AS c JOIN ${sessions} AS b ON b.id = c.session_id
      WHERE c.code_digest = ${digest} AND c.grant_id = ${grantId}`),
    raw(sql`
      INSERT INTO ${refreshTokens} (token_digest, user_id, family_id, expires_at, created_at)
      SELECT ${await refreshTokenDigest(refresh)}, g.user_id, g.id, ${refreshExpiresAt}, ${at}
      FROM ${sessions} AS g
      WHERE g.id = ${grantId} AND (' ' || g.scope || ' ') LIKE '% offline_access %'`),
    raw(sql`
      UPDATE ${sessions} SET revoked_at = ${at}
      WHERE id = (SELECT spent.grant_id FROM ${oauthCodes} AS spent
        WHERE spent.code_digest = ${digest} AND spent.used_at IS NOT NULL
          AND spent.grant_id IS NOT ${grantId})
        AND revoked_at IS NULL`),
    auditWhere(
      meta,
      {
        type: "oauth.grant",
        actorId: owner,
        targetId: owner,
        data: { client_id: client.id, session_id: grantId },
      },
      mine,
      now,
    ),
    auditWhere(
      meta,
      {
        type: "oauth.code_reuse",
        targetId: owner,
        data: sql`(SELECT json_object('client_id', spent.client_id, 'session_id', spent.grant_id)
          FROM ${oauthCodes} AS spent WHERE spent.code_digest = ${digest})`,
      },
      replayed,
      now,
    ),
    raw<RedeemedState>(sql`
      SELECT c.grant_id AS grantId, c.nonce AS nonce, c.scope AS scope, c.client_id AS clientId,
        g.amr AS amr, g.auth_time AS authTime, ${userColumns("u")}
      FROM ${oauthCodes} AS c JOIN ${users} AS u ON u.id = c.user_id
        LEFT JOIN ${sessions} AS g ON g.id = c.grant_id
      WHERE c.code_digest = ${digest}`),
  ] as const);
  assertClient(clientRows, client);
  const row = state[0];
  if (!row || row.grantId !== grantId || row.amr === null || row.authTime === null) {
    throw new OAuthError(
      "invalid_grant",
      "The code is unknown, expired, already used, or was issued to another client, redirect URI or verifier.",
    );
  }
  const user = userFromColumns(row);
  const amr = JSON.parse(row.amr) as AuthMethod[];
  const grant = { clientId: row.clientId, scope: row.scope };
  const signed = await signedIn(
    config,
    user,
    { id: grantId, amr, transport: "body", grant },
    { token: refresh, expiresAt: refreshExpiresAt },
    now,
  );
  const id = await idToken(
    provider,
    {
      user,
      clientId: row.clientId,
      grantId,
      scope: row.scope,
      amr,
      authTime: row.authTime,
      nonce: row.nonce,
    },
    now,
  );
  return tokenResponse(signed, id, row.scope);
}

/**
 * `grant_type=refresh_token`: the API's own rotation and reuse detection (sessions/rotation.ts),
 * for a token of this client's grant only — the client's checks ride in the rotation's write.
 */
export async function refreshGrant(
  deps: Deps,
  provider: Provider,
  client: PresentedClient,
  token: string,
): Promise<TokenResponse> {
  const now = new Date();
  const rotation = await rotateRefreshToken(deps.config, deps.meta, token, now, {
    clientId: client.id,
    guard: clientGuard(client),
  });
  const [clientRows, ...results] = await batch(deps.db, [
    readClient(client),
    ...rotation.statements,
  ]);
  assertClient(clientRows as never, client);
  const outcome = await rotation.outcome(results[5] as never);
  if (outcome.outcome !== "rotated" || !outcome.grant) {
    throw new OAuthError(
      "invalid_grant",
      outcome.outcome === "reused"
        ? "This refresh token was used already: the grant has been ended."
        : "The refresh token is invalid, expired, revoked or another client's.",
    );
  }
  const { grant, signedIn: signed } = outcome;
  const id = await idToken(
    provider,
    {
      user: grant.user,
      clientId: grant.clientId,
      grantId: grant.sessionId,
      scope: grant.scope,
      amr: grant.amr,
      authTime: grant.authTime,
      nonce: null,
    },
    now,
  );
  return tokenResponse(signed, id, grant.scope);
}

/** Any OpenID client's id, as `clients.ts` makes them: what a grant's access token is for. */
const CLIENT_AUDIENCE = /^cl_[A-Za-z0-9_-]{22}$/;

interface GrantState extends UserColumns {
  scope: string;
  clientId: string;
}

/** A grant's access token → the grant and its account, live now, in one read; or null. */
async function liveGrant(deps: Deps, provider: Provider, token: string, now: Date) {
  const claims = await verifyAccessToken(provider.tokens, token, CLIENT_AUDIENCE);
  if (!claims?.client_id) return null;
  const at = now.toISOString();
  const [rows] = await batch(deps.db, [
    raw<GrantState>(sql`
      SELECT g.scope AS scope, g.client_id AS clientId, ${userColumns("u")}
      FROM ${sessions} AS g JOIN ${users} AS u ON u.id = g.user_id
      WHERE g.id = ${claims.sid} AND g.user_id = ${claims.sub} AND g.client_id = ${claims.client_id}
        AND g.revoked_at IS NULL AND g.expires_at > ${at} AND u.token_version = ${claims.ver}
        AND NOT EXISTS (SELECT 1 FROM ${oauthClients} AS c
          WHERE c.id = g.client_id AND c.revoked_at IS NOT NULL)`),
  ] as const);
  const row = rows[0];
  if (!row) return null;
  const user = userFromColumns(row);
  if (!inGoodStanding(user, now)) return null;
  return { claims, user, scope: row.scope, clientId: row.clientId };
}

/** `/oauth/userinfo` (Core §5.3): the claims the grant's scopes release, in one read. */
export async function userinfo(deps: Deps, provider: Provider, token: string) {
  const grant = await liveGrant(deps, provider, token, new Date());
  if (!grant)
    throw new OAuthError("invalid_token", "The access token is invalid, expired or revoked.");
  return {
    sub: grant.user.id,
    ...profileClaims(grant.user, grant.scope),
    ...(hasScope(grant.scope, "shops") ? shopsClaim(grant.user.shops) : {}),
  };
}

/**
 * `/oauth/revoke` (RFC 7009): a refresh token or an access token of this client's grants ends
 * that grant — every token of it. Unknown tokens, and other clients' tokens, change nothing and
 * get the same 200 (§2.2).
 */
export async function revokeToken(deps: Deps, client: PresentedClient, token: string) {
  const now = new Date();
  const at = now.toISOString();
  const claims = await verifyAccessToken(accessTokenSettings(deps.config), token, CLIENT_AUDIENCE);
  const grantId = claims
    ? sql`${claims.sid}`
    : sql`(SELECT t.family_id FROM ${refreshTokens} AS t WHERE t.token_digest = ${await refreshTokenDigest(token)})`;
  const claim = crypto.randomUUID();
  const ended = sql`EXISTS (SELECT 1 FROM ${sessions} AS ended
    WHERE ended.id = ${grantId} AND ended.claim = ${claim})`;
  const owner = sql`(SELECT ended.user_id FROM ${sessions} AS ended
    WHERE ended.id = ${grantId} AND ended.claim = ${claim})`;
  const [clientRows] = await batch(deps.db, [
    readClient(client),
    raw(sql`
      UPDATE ${sessions} SET revoked_at = ${at}, claim = ${claim}
      WHERE id = ${grantId} AND client_id = ${client.id} AND revoked_at IS NULL
        AND ${clientGuard(client)}`),
    auditWhere(
      deps.meta,
      { type: "logout", actorId: owner, targetId: owner, data: { client_id: client.id } },
      ended,
      now,
    ),
  ] as const);
  assertClient(clientRows, client);
}

interface RefreshState {
  clientId: string | null;
  userId: string;
  scope: string | null;
  expiresAt: string;
  usedAt: string | null;
  revokedAt: string | null;
  sessionExpiresAt: string;
}

/**
 * `/oauth/introspect` (RFC 7662), for confidential clients, about their own grants' tokens only:
 * anything else is `{active: false}`, as is a token whose grant has ended.
 */
export async function introspect(
  deps: Deps,
  provider: Provider,
  client: PresentedClient,
  token: string,
): Promise<Record<string, unknown>> {
  const now = new Date();
  const at = now.toISOString();
  const digest = await refreshTokenDigest(token);
  const [clientRows, refreshRows] = await batch(deps.db, [
    readClient(client),
    raw<RefreshState>(sql`
      SELECT s.client_id AS clientId, t.user_id AS userId, s.scope AS scope,
        t.expires_at AS expiresAt, t.used_at AS usedAt, s.revoked_at AS revokedAt,
        s.expires_at AS sessionExpiresAt
      FROM ${refreshTokens} AS t JOIN ${sessions} AS s ON s.id = t.family_id
      WHERE t.token_digest = ${digest}`),
  ] as const);
  assertClient(clientRows, client, { confidentialOnly: true });
  const refresh = refreshRows[0];
  if (refresh) {
    const active =
      refresh.clientId === client.id &&
      refresh.usedAt === null &&
      refresh.revokedAt === null &&
      refresh.expiresAt > at &&
      refresh.sessionExpiresAt > at;
    return active
      ? {
          active: true,
          token_type: "refresh_token",
          client_id: client.id,
          sub: refresh.userId,
          scope: refresh.scope,
          exp: Math.floor(Date.parse(refresh.expiresAt) / 1000),
          iss: provider.issuer,
        }
      : { active: false };
  }
  const grant = await liveGrant(deps, provider, token, now);
  if (!grant || grant.clientId !== client.id) return { active: false };
  return {
    active: true,
    token_type: "access_token",
    client_id: grant.clientId,
    sub: grant.user.id,
    scope: grant.scope,
    exp: grant.claims.exp,
    iat: grant.claims.iat,
    iss: grant.claims.iss,
    aud: grant.claims.aud,
  };
}
