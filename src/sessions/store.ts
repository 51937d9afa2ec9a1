import { and, desc, eq, getTableColumns, isNull, or, type SQL, sql } from "drizzle-orm";
import { toUserDto, type UserDto } from "../accounts/dto";
import { AUTH_USER_COLUMNS } from "../accounts/repository";
import { shopsClaim } from "../accounts/shops-claim";
import type { Config } from "../config";
import {
  type AccessTokenSettings,
  generateRefreshToken,
  refreshTokenDigest,
  signAccessToken,
  verifyAccessToken,
} from "../crypto/tokens";
import { type Database, type Raw, raw } from "../db/client";
import { oauthClients, refreshTokens, sessions, type UserRow, users } from "../db/schema";
import type { AuthMethod, RefreshTransport, Role } from "../lib/domain";
import type { RequestMeta } from "../lib/request";
import { isoIn } from "../lib/time";
import type { AuthSession, AuthUser } from "../lib/types";

/**
 * Sessions: one row per sign-in, with an absolute end, a family of opaque refresh tokens that
 * rotate on every use (RFC 9700 §4.14.2), and short-lived JWT access tokens that carry the
 * session id (`sid`) — the bearer check reads the session with the user, so ending a session
 * ends its access tokens on their very next request. Every rule about sessions lives here.
 */

const settingsByConfig = new WeakMap<Config, AccessTokenSettings>();

/** How access tokens are signed and verified under these settings (built once per config). */
export function accessTokenSettings(config: Config): AccessTokenSettings {
  let settings = settingsByConfig.get(config);
  if (!settings) {
    settings = {
      secret: config.jwtSecret,
      signingKey: config.jwtSigningKey,
      verifyKeys: config.jwtVerifyKeys,
      issuer: config.jwtIssuer,
      audience: config.jwtAudience,
      ttlSeconds: config.accessTokenTtlSeconds,
    };
    settingsByConfig.set(config, settings);
  }
  return settings;
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

/**
 * A sign-in's result before it becomes a response: the body, and where the refresh token goes
 * (the handler sets the cookie and drops `refresh_token` from the body for cookie sessions).
 */
export interface SignedIn {
  body: Session;
  transport: RefreshTransport;
  /** Seconds until the refresh token expires (the cookie's Max-Age). */
  refreshMaxAge: number;
}

type Subject = Pick<UserRow, "id" | "role" | "tokenVersion"> & {
  role: Role;
  /** The account's memberships as read with it (`shopsClaimColumn`), for the `shops` claim. */
  shops: string | null;
};

export async function signedIn(
  config: Config,
  user: Parameters<typeof toUserDto>[0] & Subject,
  session: {
    id: string;
    amr: AuthMethod[];
    transport: RefreshTransport;
    /** A grant (issue 37): its token is for this client, with these scopes. */
    grant?: { clientId: string; scope: string };
  },
  refresh: { token: string; expiresAt: string },
  now: Date,
): Promise<SignedIn> {
  const grant = session.grant;
  const access = await signAccessToken(accessTokenSettings(config), {
    id: user.id,
    role: user.role,
    tokenVersion: user.tokenVersion,
    sessionId: session.id,
    amr: session.amr,
    // A grant carries the memberships only with the `shops` scope.
    shops:
      !grant || grant.scope.split(" ").includes("shops") ? shopsClaim(user.shops) : { shops: {} },
    ...(grant ? { grant } : {}),
  });
  return {
    body: {
      access_token: access,
      refresh_token: refresh.token,
      token_type: "Bearer",
      expires_in: config.accessTokenTtlSeconds,
      user: toUserDto(user),
    },
    transport: session.transport,
    refreshMaxAge: Math.max(0, Math.floor((Date.parse(refresh.expiresAt) - now.getTime()) / 1000)),
  };
}

/** A session is live until it is ended or reaches its absolute end. */
export function live(now: Date): SQL {
  return sql`${sessions.revokedAt} IS NULL AND ${sessions.expiresAt} > ${now.toISOString()}`;
}

export interface NewSession {
  id: string;
  amr: AuthMethod[];
  transport: RefreshTransport;
  refresh: { token: string; expiresAt: string };
  /** Insert the session (RETURNING id: empty when `guard` failed), then its first token. */
  statements: readonly [Raw<{ id: string }>, Raw<never>];
}

/**
 * A new session for `userId` and its first refresh token, stored only `WHERE guard` holds when
 * the batch reaches them (the decision to sign in must still be true).
 */
export async function startSession(
  config: Config,
  meta: RequestMeta,
  input: {
    userId: string;
    amr: AuthMethod[];
    transport: RefreshTransport;
    /** The absolute end of the session this one replaces; a new sign-in gets the full age. */
    expiresAt?: string;
  },
  guard: SQL,
  now: Date,
): Promise<NewSession> {
  const id = crypto.randomUUID();
  const at = now.toISOString();
  const expiresAt = input.expiresAt ?? isoIn(now, config.sessionMaxAgeSeconds);
  const token = generateRefreshToken();
  const refreshExpiresAt = minIso(isoIn(now, config.refreshTokenTtlSeconds), expiresAt);
  const statements = [
    raw<{ id: string }>(sql`
      INSERT INTO ${sessions} (id, user_id, created_at, last_used_at, expires_at, ip, user_agent, country, amr, transport)
      SELECT ${id}, ${input.userId}, ${at}, ${at}, ${expiresAt}, ${meta.ip}, ${meta.userAgent},
        ${meta.country}, ${JSON.stringify(input.amr)}, ${input.transport}
      WHERE ${guard}
      RETURNING id`),
    raw(sql`
      INSERT INTO ${refreshTokens} (token_digest, user_id, family_id, expires_at, created_at)
      SELECT ${await refreshTokenDigest(token)}, user_id, id, ${refreshExpiresAt}, ${at}
      FROM ${sessions} WHERE id = ${id}`),
  ] as const;
  return {
    id,
    amr: input.amr,
    transport: input.transport,
    refresh: { token, expiresAt: refreshExpiresAt },
    statements,
  };
}

export function minIso(a: string, b: string): string {
  return a < b ? a : b;
}

/**
 * A session a user still has: not ended, before its absolute end, and refreshed within the
 * refresh-token lifetime (an idle session can no longer be refreshed). The sessions list and the
 * `/metrics` gauge count the same thing.
 */
export function activeSession(config: Config, now: Date): SQL {
  return sql`${live(now)} AND ${sessions.lastUsedAt} > ${isoIn(now, -config.refreshTokenTtlSeconds)}`;
}

/** The active sessions of a user, newest first. */
export function listSessions(
  db: Database,
  config: Config,
  userId: string,
  now: Date,
  limit: number,
) {
  return db
    .select({
      ...getTableColumns(sessions),
      // A grant (issue 37) shows the app it was granted to.
      clientName: oauthClients.name,
    })
    .from(sessions)
    .leftJoin(oauthClients, eq(oauthClients.id, sessions.clientId))
    .where(
      and(
        eq(sessions.userId, userId),
        activeSession(config, now),
        // A revoked app's grants stopped working with it: they are not listed as live.
        or(isNull(sessions.clientId), isNull(oauthClients.revokedAt)),
      ),
    )
    .orderBy(desc(sessions.createdAt))
    .limit(limit);
}

/** The bearer check's one read, prepared once per database client (not rebuilt per request). */
const callerQueries = new WeakMap<Database, ReturnType<typeof prepareCallerQuery>>();

function prepareCallerQuery(db: Database) {
  return db
    .select({
      user: AUTH_USER_COLUMNS,
      session: {
        id: sessions.id,
        amr: sessions.amr,
        createdAt: sessions.createdAt,
        transport: sessions.transport,
        revokedAt: sessions.revokedAt,
        expiresAt: sessions.expiresAt,
      },
    })
    .from(users)
    .leftJoin(
      sessions,
      and(eq(sessions.id, sql.placeholder("sessionId")), eq(sessions.userId, users.id)),
    )
    .where(eq(users.id, sql.placeholder("userId")))
    .prepare();
}

/** The user and (if it is theirs) the session of an access token, in one D1 read. */
export function findCaller(db: Database, userId: string, sessionId: string) {
  let query = callerQueries.get(db);
  if (!query) {
    query = prepareCallerQuery(db);
    callerQueries.set(db, query);
  }
  return query.get({ userId, sessionId });
}

export interface Caller {
  user: AuthUser;
  session: AuthSession;
}

/**
 * An access token → its caller as stored in D1 now, in one read (a join on primary keys), or why
 * not: `invalid` (signature, expiry, issuer, audience, claims) or `revoked` — a deleted user, a
 * `ver` that no longer matches (logout-all, password change/reset, role/status change), or a
 * session that was ended or reached its absolute end. The API's bearer check and the RPC
 * entrypoint both ask this, so a sibling Worker gets exactly the API's answer.
 */
export async function authenticate(
  db: Database,
  config: Config,
  token: string,
  now = new Date(),
): Promise<{ caller: Caller } | { refused: "invalid" | "revoked" }> {
  const claims = await verifyAccessToken(accessTokenSettings(config), token);
  if (!claims) return { refused: "invalid" };
  const row = await findCaller(db, claims.sub, claims.sid);
  const session = row?.session;
  if (
    !row ||
    row.user.tokenVersion !== claims.ver ||
    !session ||
    session.revokedAt !== null ||
    session.expiresAt <= now.toISOString()
  ) {
    return { refused: "revoked" };
  }
  return {
    caller: {
      user: row.user,
      session: {
        id: session.id,
        amr: session.amr as AuthMethod[],
        authTime: session.createdAt,
        transport: session.transport,
        expiresAt: session.expiresAt,
      },
    },
  };
}
