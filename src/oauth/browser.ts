import { sql } from "drizzle-orm";
import { type UserColumns, userColumns, userFromColumns } from "../accounts/repository";
import { auditWhere } from "../audit/events";
import { randomBytes, sha256Hex, toBase64Url } from "../crypto/encoding";
import { generateRefreshToken, verifyAccessToken } from "../crypto/tokens";
import { batch, raw } from "../db/client";
import { oauthClients, oauthCodes, oauthConsents, sessions, users } from "../db/schema";
import type { Deps } from "../deps";
import type { AuthMethod } from "../lib/domain";
import { isoIn } from "../lib/time";
import { accessTokenSettings, type SignedIn } from "../sessions/store";
import type { AuthorizeRequest, KnownClient } from "./authorize-request";
import { CODE_TTL_SECONDS } from "./grants";

/**
 * The browser's side of the OpenID provider: its session at the provider and the codes it
 * approves. The hosted sign-in page signs in through the API's own services (password, then the
 * second step) and keeps the session it started — its refresh token is never handed out —
 * binding a `__Host-op` cookie to it (`<session id>.<secret>`, the secret stored as a digest on
 * the session). So everything that ends sessions ends this one too, and a later authorization in
 * the same browser skips the sign-in: one read (the client, the browser session, the consent),
 * one write (the code). The session idles out like any session whose refresh token is unused.
 */

export const OP_COOKIE = "op";

export interface BrowserSession {
  sessionId: string;
  secretDigest: string;
  user: ReturnType<typeof userFromColumns> & { mfaEnabledAt: string | null };
  amr: AuthMethod[];
  authTime: string;
}

export interface KnownProviderClient extends KnownClient {
  name: string;
  firstParty: boolean;
}

interface ClientRow {
  id: string;
  name: string;
  redirectUris: string;
  scopes: string;
  firstParty: number;
  revokedAt: string | null;
}

interface BrowserRow extends UserColumns {
  sessionId: string;
  amr: string;
  authTime: string;
}

function parseCookie(cookie: string | undefined): { sessionId: string; secret: string } | null {
  const match = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/.exec(cookie ?? "");
  return match?.[1] && match[2] ? { sessionId: match[1], secret: match[2] } : null;
}

interface Authorization {
  client: KnownProviderClient | null;
  browser: BrowserSession | null;
  consentedScope: string | null;
}

/**
 * The reads an authorization starts from: the client named by the request, the browser's session
 * (if its cookie names a live one), and what the person allowed this client before. Returned as
 * statements, to run alone or behind the write that has just made the cookie.
 */
async function authorizationReads(deps: Deps, clientId: string, cookie: string | undefined) {
  const now = new Date();
  const parsed = parseCookie(cookie);
  const digest = parsed ? await sha256Hex(parsed.secret) : null;
  const sessionId = parsed?.sessionId ?? null;
  const statements = [
    raw<ClientRow>(sql`
      SELECT c.id AS id, c.name AS name, c.redirect_uris AS redirectUris, c.scopes AS scopes,
        c.first_party AS firstParty, c.revoked_at AS revokedAt
      FROM ${oauthClients} AS c WHERE c.id = ${clientId.slice(0, 64)}`),
    raw<BrowserRow>(sql`
      SELECT ${userColumns("u")}, s.id AS sessionId, s.amr AS amr,
        COALESCE(s.auth_time, s.created_at) AS authTime
      FROM ${sessions} AS s JOIN ${users} AS u ON u.id = s.user_id
      WHERE s.id = ${sessionId} AND s.browser_digest = ${digest} AND s.client_id IS NULL
        AND s.revoked_at IS NULL AND s.expires_at > ${now.toISOString()}
        AND s.last_used_at > ${isoIn(now, -deps.config.refreshTokenTtlSeconds)}`),
    raw<{ scope: string }>(sql`
      SELECT k.scope AS scope FROM ${oauthConsents} AS k
      WHERE k.user_id = (SELECT b.user_id FROM ${sessions} AS b
          WHERE b.id = ${sessionId} AND b.browser_digest = ${digest})
        AND k.client_id = ${clientId.slice(0, 64)}`),
  ] as const;
  const decode = ([clients, browsers, consents]: [
    ClientRow[],
    BrowserRow[],
    { scope: string }[],
  ]): Authorization => {
    const c = clients[0];
    const b = browsers[0];
    return {
      client: c
        ? {
            id: c.id,
            name: c.name,
            redirectUris: JSON.parse(c.redirectUris) as string[],
            scopes: JSON.parse(c.scopes) as string[],
            firstParty: c.firstParty === 1,
            revoked: c.revokedAt !== null,
          }
        : null,
      browser:
        b && digest
          ? {
              sessionId: b.sessionId,
              secretDigest: digest,
              user: userFromColumns(b) as BrowserSession["user"],
              amr: JSON.parse(b.amr) as AuthMethod[],
              authTime: b.authTime,
            }
          : null,
      consentedScope: consents[0]?.scope ?? null,
    };
  };
  return { statements, decode };
}

/** One round trip: what an authorization starts from (`authorizationReads`). */
export async function readAuthorization(
  deps: Deps,
  clientId: string,
  cookie: string | undefined,
): Promise<Authorization> {
  const reads = await authorizationReads(deps, clientId, cookie);
  const [clients, browsers, consents] = await batch(deps.db, reads.statements);
  return reads.decode([clients, browsers, consents]);
}

/** Every scope asked for was allowed before (a narrower request needs no new consent). */
export function consentCovers(consented: string | null, scopes: string[]): boolean {
  if (consented === null) return false;
  const allowed = consented.split(" ");
  return scopes.every((scope) => allowed.includes(scope));
}

/**
 * After a sign-in on the hosted page: the session it started becomes this browser's session at
 * the provider, and the same round trip reads what the authorization goes on from. Returns the
 * cookie's value with those reads, or null if the session ended meanwhile.
 */
export async function keepBrowserSession(
  deps: Deps,
  signed: SignedIn,
  clientId: string,
): Promise<(Authorization & { cookie: string }) | null> {
  const claims = await verifyAccessToken(
    accessTokenSettings(deps.config),
    signed.body.access_token,
  );
  if (!claims) return null;
  const secret = generateRefreshToken();
  const cookie = `${claims.sid}.${secret}`;
  const now = new Date();
  const reads = await authorizationReads(deps, clientId, cookie);
  const [kept, clients, browsers, consents] = await batch(deps.db, [
    raw<{ id: string }>(sql`
      UPDATE ${sessions} SET browser_digest = ${await sha256Hex(secret)}
      WHERE id = ${claims.sid} AND user_id = ${claims.sub} AND revoked_at IS NULL
        AND expires_at > ${now.toISOString()}
      RETURNING id`),
    ...reads.statements,
  ] as const);
  if (kept.length === 0) return null;
  return { cookie, ...reads.decode([clients, browsers, consents]) };
}

/**
 * The code for an approved request, in one round trip: stored only while the browser session is
 * live and the account's token version is the one read (`RETURNING`: empty if not), with the
 * session's clock moved and, when the person has just allowed it, the consent remembered.
 */
export async function issueCode(
  deps: Deps,
  browser: BrowserSession,
  request: AuthorizeRequest,
  consent: "given" | "none",
): Promise<string | null> {
  const now = new Date();
  const at = now.toISOString();
  const code = toBase64Url(randomBytes(32));
  const digest = await sha256Hex(code);
  const scope = request.scopes.join(" ");
  const mine = sql`EXISTS (SELECT 1 FROM ${oauthCodes} AS issued WHERE issued.code_digest = ${digest})`;
  const [issued] = await batch(deps.db, [
    raw<{ codeDigest: string }>(sql`
      INSERT INTO ${oauthCodes} (code_digest, client_id, user_id, session_id, token_version,
        redirect_uri, scope, nonce, code_challenge, created_at, expires_at)
      SELECT ${digest}, ${request.clientId}, s.user_id, s.id, u.token_version, ${request.redirectUri},
        ${scope}, ${request.nonce}, ${request.codeChallenge}, ${at}, ${isoIn(now, CODE_TTL_SECONDS)}
      FROM ${sessions} AS s JOIN ${users} AS u ON u.id = s.user_id
      WHERE s.id = ${browser.sessionId} AND s.browser_digest = ${browser.secretDigest}
        AND s.revoked_at IS NULL AND s.expires_at > ${at}
        AND u.token_version = ${browser.user.tokenVersion}
      RETURNING code_digest AS codeDigest`),
    raw(sql`
      UPDATE ${sessions} SET last_used_at = ${at}
      WHERE id = ${browser.sessionId} AND browser_digest = ${browser.secretDigest} AND ${mine}`),
    ...(consent === "given"
      ? [
          raw(sql`
            INSERT INTO ${oauthConsents} (user_id, client_id, scope, granted_at)
            SELECT ${browser.user.id}, ${request.clientId}, ${scope}, ${at} WHERE ${mine}
            ON CONFLICT (user_id, client_id) DO UPDATE SET scope = excluded.scope,
              granted_at = excluded.granted_at`),
          auditWhere(
            deps.meta,
            {
              type: "oauth.consent",
              actorId: browser.user.id,
              targetId: browser.user.id,
              data: { client_id: request.clientId, scope },
            },
            mine,
            now,
          ),
        ]
      : []),
  ]);
  return (issued as unknown[]).length > 0 ? code : null;
}

/**
 * RP-initiated logout: the browser's session at the provider ends, and so does the grant the
 * app's ID token names (`sid`) when it belongs to the same person.
 */
export async function endBrowserSession(
  deps: Deps,
  cookie: string | undefined,
  grant: { sessionId: string; userId: string } | null,
): Promise<void> {
  const parsed = parseCookie(cookie);
  const at = new Date().toISOString();
  const statements = [];
  if (parsed) {
    statements.push(
      raw(sql`UPDATE ${sessions} SET revoked_at = ${at}
        WHERE id = ${parsed.sessionId} AND browser_digest = ${await sha256Hex(parsed.secret)}
          AND revoked_at IS NULL`),
    );
  }
  if (grant) {
    statements.push(
      raw(sql`UPDATE ${sessions} SET revoked_at = ${at}
        WHERE id = ${grant.sessionId} AND user_id = ${grant.userId} AND client_id IS NOT NULL
          AND revoked_at IS NULL`),
    );
  }
  if (statements.length > 0) await batch(deps.db, statements);
}
