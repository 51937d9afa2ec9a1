import { eq, sql } from "drizzle-orm";
import * as oauth from "oauth4webapi";
import { selectAccount } from "../accounts/repository";
import { auditWhere } from "../audit/events";
import type { IdentityProvider } from "../config";
import { randomBytes, sha256Hex, toBase64Url, utf8 } from "../crypto/encoding";
import { ALWAYS, newClaim } from "../db/claim";
import { batch, raw } from "../db/client";
import { identities, linkTickets, loginCodes, oauthStates, users } from "../db/schema";
import type { Deps } from "../deps";
import { recordEvent, recordUserEvent } from "../events/outbox";
import type { RefreshTransport } from "../lib/domain";
import { ApiError } from "../lib/errors";
import { isoIn } from "../lib/time";
import { handOverLater, recordNotice } from "../mail/outbox";
import { assertNotBanned, notBanned } from "../security/bans";
import { afterFirstFactor, type FirstFactor } from "../sessions/challenge";
import {
  authorizationServer,
  client,
  clientAuthentication,
  findProvider,
  jwksCacheOf,
  providerFailed,
  requestOptions,
} from "./providers";

/**
 * Sign in with a provider, in the browser (docs/social-sign-in.md):
 *  1. `start`: a fresh `state` (256 bits; its digest stored, single use, 10 minutes) bound to a
 *     browser secret in a `__Host-` cookie; the PKCE verifier and the nonce are derived from
 *     both, so no row holds anything that could finish the flow; 302 to the provider.
 *  2. `callback`: the state spent with the cookie that started it, then every check of the
 *     answer and the ID token by oauth4webapi (state, RFC 9207 `iss`, the code exchange with
 *     PKCE, `iss`, `aud`, `exp`, `nonce`, the signature by the provider's JWKS); the account found
 *     by (provider, subject), or created under the linking rules; 302 to the app with a one-time
 *     `login_code` (60 s).
 *  3. `exchange`: the login code, once, for a session — or the MFA step, as after a password.
 */

export const BROWSER_COOKIE = "__Host-oauth";
export const STATE_TTL_SECONDS = 600;
export const LOGIN_CODE_TTL_SECONDS = 60;
/** How a provider sign-in is named in `amr` (and so in the session list). */
const OAUTH_AMR = ["oauth"] as const;

/**
 * HMAC-SHA256 under the browser's own secret. Not crypto/hmac.ts: that one keeps each imported key
 * for the isolate's life, right for a few fixed secrets and a leak for one per sign-in.
 */
async function derive(browser: string, purpose: string, state: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    utf8(browser),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  return toBase64Url(
    new Uint8Array(await crypto.subtle.sign("HMAC", key, utf8(`${purpose}:${state}`))),
  );
}

export function callbackUrl(origin: string, provider: IdentityProvider): string {
  return `${origin}/v1/auth/oauth/${provider.id}/callback`;
}

/** The OpenID provider's sign-in page takes provider sign-ins back here (oauth/authorize-page.tsx). */
export const PROVIDER_PAGE_RETURN = "/oauth/authorize/social";

/**
 * `redirect_to` must be an absolute http(s) URL on one of OAUTH_REDIRECT_ORIGINS, or the OpenID
 * provider's own sign-in page under PUBLIC_URL.
 */
export function checkedRedirect(deps: Deps, redirectTo: string): URL {
  let url: URL;
  try {
    url = new URL(redirectTo);
  } catch {
    throw new ApiError("invalid_redirect", "redirect_to is not an absolute URL.");
  }
  const publicUrl = deps.config.publicUrl;
  const providerPage =
    publicUrl !== undefined &&
    url.origin === new URL(publicUrl).origin &&
    url.pathname === PROVIDER_PAGE_RETURN;
  const allowed = deps.config.oauthRedirectOrigins.includes(url.origin) || providerPage;
  if (!allowed || url.username || url.password) {
    throw new ApiError(
      "invalid_redirect",
      "redirect_to is not on an origin this service may send you back to.",
    );
  }
  return url;
}

export async function startSignIn(
  deps: Deps,
  input: { provider: string; redirectTo: string; origin: string; link?: string },
): Promise<{ location: string; browser: string }> {
  const provider = findProvider(deps.config, input.provider);
  const redirect = checkedRedirect(deps, input.redirectTo);
  const as = await authorizationServer(provider);
  if (!as.authorization_endpoint)
    throw providerFailed(provider, "metadata", "no authorization_endpoint");
  const now = new Date();
  const browser = toBase64Url(randomBytes(32));
  const state = toBase64Url(randomBytes(32));
  const [verifier, nonce] = await Promise.all([
    derive(browser, "pkce", state),
    derive(browser, "nonce", state),
  ]);
  const row = {
    stateDigest: await sha256Hex(state),
    provider: provider.id,
    browserDigest: await sha256Hex(browser),
    redirectTo: redirect.href,
    expiresAt: isoIn(now, STATE_TTL_SECONDS),
    createdAt: now.toISOString(),
  };
  if (input.link === undefined) {
    await batch(deps.db, [deps.db.insert(oauthStates).values(row)] as const);
  } else {
    // Linking: the ticket (one use, for this provider) names the account; the state carries it.
    const ticket = await sha256Hex(input.link);
    const [started] = await batch(deps.db, [
      raw<{ userId: string }>(sql`
        INSERT INTO ${oauthStates} (state_digest, provider, browser_digest, redirect_to, link_user_id, expires_at, created_at)
        SELECT ${row.stateDigest}, ${row.provider}, ${row.browserDigest}, ${row.redirectTo},
          ticket.user_id, ${row.expiresAt}, ${row.createdAt}
        FROM ${linkTickets} AS ticket
        WHERE ticket.digest = ${ticket} AND ticket.provider = ${provider.id}
          AND ticket.expires_at > ${row.createdAt}
        RETURNING link_user_id AS userId`),
      raw(sql`DELETE FROM ${linkTickets} WHERE digest = ${ticket}`),
    ] as const);
    if (started.length === 0) {
      throw new ApiError(
        "invalid_state",
        "This link was used already or has expired: ask for a new one.",
      );
    }
  }
  const url = new URL(as.authorization_endpoint);
  const scopes =
    provider.scopes ?? (provider.kind === "apple" ? ["name", "email"] : ["email", "profile"]);
  url.search = new URLSearchParams({
    client_id: provider.client_id,
    redirect_uri: callbackUrl(input.origin, provider),
    response_type: "code",
    scope: ["openid", ...scopes.filter((s) => s !== "openid")].join(" "),
    state,
    nonce,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    // Apple sends the name and email scopes' answer only by a cross-site POST.
    ...(provider.kind === "apple" ? { response_mode: "form_post" } : {}),
  }).toString();
  return { location: url.href, browser };
}

/** What the callback tells the browser: the app's URL with `login_code`, or with `error`. */
export type CallbackOutcome = { redirect: string };

export interface Claims {
  sub: string;
  email?: string;
  emailVerified: boolean;
  name?: string;
}

/**
 * The provider's answer, checked (by oauth4webapi, each check its own), turned into the claims
 * this service uses. Apple's `email_verified` may be the string "true"; its name comes once, in
 * the callback's `user` field.
 */
async function verifiedClaims(
  provider: IdentityProvider,
  params: URLSearchParams,
  state: string,
  verifier: string,
  nonce: string,
  origin: string,
  now: Date,
): Promise<Claims> {
  const as = await authorizationServer(provider);
  const c = client(provider);
  // An error answer (the person said no) or a forged one: oauth4webapi says which.
  const callback = oauth.validateAuthResponse(as, c, params, state);
  let response: Response;
  try {
    response = await oauth.authorizationCodeGrantRequest(
      as,
      c,
      await clientAuthentication(provider, as, now),
      callback,
      callbackUrl(origin, provider),
      verifier,
      requestOptions(provider),
    );
  } catch (error) {
    throw providerFailed(provider, "token request", error);
  }
  const result = await oauth.processAuthorizationCodeResponse(as, c, response, {
    expectedNonce: nonce,
    requireIdToken: true,
  });
  await oauth.validateApplicationLevelSignature(as, response, {
    ...requestOptions(provider),
    [oauth.jwksCache]: jwksCacheOf(provider),
  });
  const idToken = oauth.getValidatedIdTokenClaims(result);
  if (!idToken?.sub) throw new ApiError("invalid_state", "The provider's answer names nobody.");
  // A conformant provider may keep the scopes' claims for UserInfo (OIDC Core §5.4): asked there,
  // for the same subject (oauth4webapi checks it), when the ID token has no address.
  let claims: Record<string, unknown> = idToken;
  if (idToken.email === undefined && as.userinfo_endpoint && result.access_token) {
    const response = await oauth.userInfoRequest(
      as,
      c,
      result.access_token,
      requestOptions(provider),
    );
    claims = { ...(await oauth.processUserInfoResponse(as, c, idToken.sub, response)), ...idToken };
  }
  const email = typeof claims.email === "string" ? claims.email.toLowerCase() : undefined;
  const verified = claims.email_verified === true || claims.email_verified === "true";
  return {
    sub: idToken.sub,
    email,
    emailVerified: verified,
    name: nameOf(provider, claims, params),
  };
}

function nameOf(
  provider: IdentityProvider,
  claims: Record<string, unknown>,
  params: URLSearchParams,
): string | undefined {
  if (typeof claims.name === "string") return claims.name.slice(0, 100);
  if (provider.kind !== "apple") return undefined;
  try {
    const user = JSON.parse(params.get("user") ?? "null") as {
      name?: { firstName?: string; lastName?: string };
    } | null;
    const name = [user?.name?.firstName, user?.name?.lastName].filter(Boolean).join(" ");
    return name ? name.slice(0, 100) : undefined;
  } catch {
    return undefined;
  }
}

/** The reasons a callback sends the browser back with `error=…` instead of a login code. */
export type SignInRefusal =
  | "access_denied"
  | "account_exists"
  | "provider_email_unverified"
  | "provider_unavailable"
  | "invalid_response"
  | "identity_in_use";

function backTo(redirectTo: string, params: Record<string, string>): CallbackOutcome {
  const url = new URL(redirectTo);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return { redirect: url.href };
}

export async function finishSignIn(
  deps: Deps,
  input: { provider: string; params: URLSearchParams; browser: string | undefined; origin: string },
): Promise<CallbackOutcome> {
  const { db } = deps;
  const provider = findProvider(deps.config, input.provider);
  const state = input.params.get("state") ?? "";
  if (!input.browser || !state) {
    throw new ApiError(
      "invalid_state",
      "This sign-in was not started in this browser, or it has expired: start again.",
    );
  }
  const now = new Date();
  // Spent at once, and only with the cookie of the browser that started it: a replayed,
  // forged or cookie-less callback finds nothing.
  const [spent] = await batch(db, [
    raw<{ redirectTo: string; linkUserId: string | null }>(sql`
      DELETE FROM ${oauthStates}
      WHERE state_digest = ${await sha256Hex(state)} AND provider = ${provider.id}
        AND browser_digest = ${await sha256Hex(input.browser)} AND expires_at > ${now.toISOString()}
      RETURNING redirect_to AS redirectTo, link_user_id AS linkUserId`),
  ] as const);
  const redirectTo = spent[0]?.redirectTo;
  const linkUserId = spent[0]?.linkUserId ?? null;
  if (!redirectTo) {
    throw new ApiError(
      "invalid_state",
      "This sign-in was not started in this browser, or it has expired: start again.",
    );
  }
  const [verifier, nonce] = await Promise.all([
    derive(input.browser, "pkce", state),
    derive(input.browser, "nonce", state),
  ]);
  let claims: Claims;
  try {
    claims = await verifiedClaims(
      provider,
      input.params,
      state,
      verifier,
      nonce,
      input.origin,
      now,
    );
  } catch (error) {
    return backTo(redirectTo, { error: refusalOf(provider, error) });
  }
  if (linkUserId) {
    const linked = await linkIdentity(deps, provider, claims, linkUserId, now);
    return backTo(redirectTo, linked === "linked" ? { linked: provider.id } : { error: linked });
  }
  const code = toBase64Url(randomBytes(32));
  const outcome = await signInAs(deps, provider, claims, await sha256Hex(code), now);
  if (outcome !== "ok") return backTo(redirectTo, { error: outcome });
  return backTo(redirectTo, { login_code: code });
}

function refusalOf(provider: IdentityProvider, error: unknown): SignInRefusal {
  if (error instanceof oauth.AuthorizationResponseError && error.error === "access_denied") {
    return "access_denied";
  }
  if (error instanceof ApiError && error.code === "unavailable") return "provider_unavailable";
  providerFailed(provider, "answer", error);
  return "invalid_response";
}

/**
 * The account of (provider, subject), or a new one under the linking rules, and a login code for
 * it — one batch. Never by email: an address only decides whether a new account may be made.
 *  - known identity → its account;
 *  - else the provider must mark the email verified (else nothing is made);
 *  - a verified account (ever verified) holding the email → `account_exists`: nothing is linked,
 *    nobody signed in; the owner links it from their session;
 *  - a never-verified (pending) account holding it → replaced: a stranger's sign-up never keeps
 *    an address from its owner;
 *  - else a new verified account with no password.
 */
export async function signInAs(
  deps: Deps,
  provider: IdentityProvider,
  claims: Claims,
  codeDigest: string,
  now: Date,
): Promise<"ok" | SignInRefusal> {
  const { db, meta } = deps;
  const at = now.toISOString();
  const identity = sql`SELECT 1 FROM ${identities} AS known
    WHERE known.provider = ${provider.id} AND known.subject = ${claims.sub}`;
  const email = claims.email ?? "";
  const mayCreate = claims.emailVerified && email.length > 0 && email.length <= 254;
  const newId = crypto.randomUUID();
  const created = sql`EXISTS (SELECT 1 FROM ${users} AS fresh WHERE fresh.id = ${newId})`;
  const statements = [
    ...(mayCreate
      ? [
          // The pending account of a stranger (never verified) gives the address up.
          recordEvent(deps, {
            type: "user.deleted",
            data: sql`json_object('id', ${users.id})`,
            from: sql`FROM ${users} WHERE email = ${email} AND status = 'pending'
              AND verified_at IS NULL`,
            guard: sql`NOT EXISTS (${identity})`,
            now,
          }),
          raw(sql`DELETE FROM ${users} WHERE email = ${email} AND status = 'pending'
            AND verified_at IS NULL AND NOT EXISTS (${identity})`),
          raw(sql`
            INSERT INTO ${users} (id, email, password_hash, name, role, status, token_version,
              created_at, updated_at, verified_at)
            SELECT ${newId}, ${email}, '', ${claims.name ?? null}, 'user', 'verified', 0, ${at}, ${at}, ${at}
            WHERE NOT EXISTS (${identity})
              AND NOT EXISTS (SELECT 1 FROM ${users} AS holder WHERE holder.email = ${email})`),
          raw(sql`
            INSERT INTO ${identities} (provider, subject, user_id, email, created_at)
            SELECT ${provider.id}, ${claims.sub}, ${newId}, ${email}, ${at} WHERE ${created}
            ON CONFLICT DO NOTHING`),
          auditWhere(
            meta,
            {
              type: "signup",
              actorId: newId,
              targetId: newId,
              data: { outcome: "created", provider: provider.id },
            },
            created,
            now,
          ),
          recordUserEvent(deps, "user.created", newId, ALWAYS, now),
        ]
      : []),
  ];
  // Last, so it sees the identity the statements before it may have made.
  const issue = raw<{ userId: string }>(sql`
      INSERT INTO ${loginCodes} (code_digest, user_id, provider, expires_at, created_at)
      SELECT ${codeDigest}, known.user_id, ${provider.id}, ${isoIn(now, LOGIN_CODE_TTL_SECONDS)}, ${at}
      FROM ${identities} AS known
      WHERE known.provider = ${provider.id} AND known.subject = ${claims.sub}
      RETURNING user_id AS userId`);
  const results = await batch(db, [...statements, issue]);
  const issued = results[results.length - 1] as { userId: string }[];
  if (issued.length > 0) return "ok";
  if (!mayCreate) return "provider_email_unverified";
  return "account_exists";
}

/** The login code, once, for a session or the MFA step (`amr: ["oauth"]`, aal1). */
export async function exchangeLoginCode(
  deps: Deps,
  input: { code: string; transport: RefreshTransport },
): Promise<FirstFactor> {
  const { db, config, meta } = deps;
  const now = new Date();
  const digest = await sha256Hex(input.code);
  const invalid = () =>
    new ApiError("invalid_code", "The login code is not valid: it is used, expired or unknown.");
  // One read: the code and its account (a used or expired code is refused by the write below).
  const [codes, accounts] = await batch(db, [
    db
      .select({ userId: loginCodes.userId, provider: loginCodes.provider })
      .from(loginCodes)
      .where(eq(loginCodes.codeDigest, digest))
      .limit(1),
    selectAccount(
      db,
      sql`${users.id} = (SELECT code.user_id FROM ${loginCodes} AS code WHERE code.code_digest = ${digest})`,
    ),
  ] as const);
  const found = codes[0];
  const user = accounts[0];
  if (!found || !user || user.status !== "verified") throw invalid();
  assertNotBanned(user, now);
  const claim = newClaim();
  const spent = sql`EXISTS (SELECT 1 FROM ${loginCodes} AS spent
    WHERE spent.code_digest = ${digest} AND spent.claim = ${claim})`;
  const next = await afterFirstFactor(config, meta, user, input.transport, spent, now, [
    ...OAUTH_AMR,
  ]);
  const [used] = await batch(db, [
    raw<{ userId: string }>(sql`
      UPDATE ${loginCodes} SET used_at = ${now.toISOString()}, claim = ${claim}
      WHERE code_digest = ${digest} AND used_at IS NULL AND expires_at > ${now.toISOString()}
      RETURNING user_id AS userId`),
    ...next.statements,
    auditWhere(
      meta,
      {
        type: user.mfaEnabledAt ? "login.mfa_required" : "login.success",
        actorId: user.id,
        targetId: user.id,
        data: { method: "oauth", provider: found.provider },
      },
      spent,
      now,
    ),
  ]);
  if ((used as unknown[]).length === 0) throw invalid();
  return next.result();
}

/**
 * Links the provider's identity to the account that asked (its step-up proof made the ticket):
 * no address rule applies, the person proved both. An identity already on another account stays
 * there (`identity_in_use`). The holder is told by mail, and the link is audited.
 */
async function linkIdentity(
  deps: Deps,
  provider: IdentityProvider,
  claims: Claims,
  userId: string,
  now: Date,
): Promise<"linked" | "identity_in_use"> {
  const at = now.toISOString();
  const added = sql`EXISTS (SELECT 1 FROM ${identities} AS fresh WHERE fresh.provider = ${provider.id}
    AND fresh.subject = ${claims.sub} AND fresh.user_id = ${userId} AND fresh.created_at = ${at})`;
  const [, holder, , notice] = await batch(deps.db, [
    raw(sql`
      INSERT INTO ${identities} (provider, subject, user_id, email, created_at)
      SELECT ${provider.id}, ${claims.sub}, account.id, ${claims.email ?? null}, ${at}
      FROM ${users} AS account
      WHERE account.id = ${userId} AND account.status = 'verified' AND ${notBanned(sql`account`, now)}
      ON CONFLICT DO NOTHING`),
    raw<{ userId: string }>(sql`SELECT user_id AS userId FROM ${identities}
      WHERE provider = ${provider.id} AND subject = ${claims.sub}`),
    auditWhere(
      deps.meta,
      { type: "identity.add", actorId: userId, targetId: userId, data: { provider: provider.id } },
      added,
      now,
    ),
    recordNotice({
      kind: "identity_linked",
      userId,
      guard: added,
      now,
      extra: { provider: provider.name ?? provider.id },
    }),
  ] as const);
  handOverLater(deps, notice);
  return holder[0]?.userId === userId ? "linked" : "identity_in_use";
}
