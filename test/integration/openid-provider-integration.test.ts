import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { totpCode } from "../../src/crypto/totp";
import {
  bindings,
  call,
  enableMfa,
  expectProblem,
  expireMailCooldown,
  json,
  lastMail,
  makeAdmin,
  PASSWORD,
  verifiedUser,
} from "../helpers/api";
import { countingD1 } from "../helpers/d1";
import {
  Browser,
  callbackOf,
  client,
  ISSUER,
  providerBindings,
  type RegisteredClient,
  registerClient,
  relyingParty,
  startAuthorization,
  workerFetch,
} from "../helpers/oidc";
import { createShop, member, shopAdmin } from "../helpers/shops";

/**
 * The OpenID provider (issue 37, docs/openid-provider.md), driven by `openid-client` through the
 * Worker's real entry points: discovery → the hosted sign-in (and consent) pages → token →
 * ID-token validation → userinfo → refresh → revoke, and every refusal the SPEC lists.
 */

/** A subscriber of every event (the rows are what is checked; the queue drops the hand-over). */
const environment = await providerBindings({
  EVENT_SUBSCRIBERS: JSON.stringify([{ id: "all", url: "https://events.test/", events: ["*"] }]),
  EVENTS_QUEUE: { async send() {}, async sendBatch() {} } as unknown as Queue,
  ...({ EVENTS_ALL_SECRET: `whsec_${btoa("oidc-events-secret-0123456789ab")}` } as Partial<Env>),
});
const PARTNER_CALLBACK = "https://partner.example/callback";
const APP_CALLBACK = "https://app.example/oauth/callback";

let adminToken: string;
let partner: RegisteredClient;
let app: RegisteredClient;

beforeAll(async () => {
  const admin = await makeAdmin("oidc-provider-admin");
  adminToken = admin.session.access_token;
  partner = await registerClient(adminToken, {
    name: "Partner <Portal>",
    kind: "confidential",
    redirect_uris: [PARTNER_CALLBACK],
    scopes: ["openid", "profile", "email", "offline_access", "shops"],
  });
  app = await registerClient(adminToken, {
    name: "Loyalty app",
    kind: "public",
    redirect_uris: [APP_CALLBACK, "com.example.loyalty:/oauth"],
    scopes: ["openid", "profile", "email", "offline_access"],
    first_party: true,
  });
});

/** Signs in on the hosted page (password, then consent if asked) and returns the callback URL. */
/** The OAuth error code a relying-party call failed with (openid-client's ResponseBodyError). */
async function oauthError(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return String((error as { error?: string }).error ?? (error as Error).message);
  }
  return "no error";
}

async function approve(
  browser: Browser,
  url: URL,
  redirectUri: string,
  person: { email: string; password?: string },
): Promise<URL> {
  let response = await browser.get(url.href);
  for (let step = 0; step < 4; step += 1) {
    const back = callbackOf(response, redirectUri);
    if (back) return back;
    expect(response.status, await response.clone().text()).toBe(200);
    const page = await response.text();
    if (page.includes('name="password"')) {
      response = await browser.submit(page, {
        email: person.email,
        password: person.password ?? PASSWORD,
      });
    } else if (page.includes('name="consent"')) {
      response = await browser.submit(page, { consent: "allow" });
    } else {
      throw new Error(`unexpected page: ${page.slice(0, 400)}`);
    }
  }
  throw new Error("no redirect back to the app");
}

/** The checks openid-client makes of a callback: this request's PKCE verifier, state and nonce. */
function checksOf(started: Awaited<ReturnType<typeof startAuthorization>>) {
  return {
    pkceCodeVerifier: started.verifier,
    expectedState: started.state,
    expectedNonce: started.nonce,
  };
}

/** An app's grant: authorized on the hosted page in a fresh browser, the code redeemed. */
async function granted(
  rp: client.Configuration,
  redirectUri: string,
  person: { email: string; password?: string },
  extra: Record<string, string> = {},
) {
  const started = await startAuthorization(rp, redirectUri, extra);
  const back = await approve(new Browser(), started.url, redirectUri, person);
  const tokens = await client.authorizationCodeGrant(rp, back, checksOf(started));
  return { started, back, tokens };
}

describe("the whole flow, with openid-client", () => {
  it("discovery → sign-in → consent → code → tokens → userinfo → refresh → introspect → revoke", async () => {
    const person = await verifiedUser("oidc-flow");
    const rp = await relyingParty(environment, partner);
    const metadata = rp.serverMetadata();
    expect(metadata.issuer).toBe(ISSUER);
    expect(metadata.code_challenge_methods_supported).toEqual(["S256"]);
    expect(metadata.response_types_supported).toEqual(["code"]);

    const started = await startAuthorization(rp, PARTNER_CALLBACK, {
      scope: "openid email profile offline_access shops",
    });
    const browser = new Browser();
    const first = await browser.get(started.url.href);
    expect(first.status).toBe(200);
    const signIn = await first.text();
    // The client's name is escaped on the page; the page has no inline script.
    expect(signIn).toContain("Partner &lt;Portal&gt;");
    expect(first.headers.get("Content-Security-Policy")).toContain("default-src 'none'");
    // Its forms end in a redirect to the app: form-action names the app's exact origin, no other.
    expect(first.headers.get("Content-Security-Policy")).toContain(
      "form-action 'self' https://partner.example;",
    );
    const consent = await browser.submit(signIn, { email: person.email, password: PASSWORD });
    expect(consent.status).toBe(200);
    const consentPage = await consent.text();
    expect(consentPage).toContain('name="consent"');
    expect(consentPage).toContain("See your email address");
    const back = callbackOf(
      await browser.submit(consentPage, { consent: "allow" }),
      PARTNER_CALLBACK,
    );
    expect(back?.searchParams.get("iss")).toBe(ISSUER);
    expect(back?.searchParams.get("state")).toBe(started.state);

    const tokens = await client.authorizationCodeGrant(rp, back as URL, {
      pkceCodeVerifier: started.verifier,
      expectedState: started.state,
      expectedNonce: started.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    expect(claims).toMatchObject({
      iss: ISSUER,
      sub: person.session.user.id,
      aud: partner.client_id,
      nonce: started.nonce,
      amr: ["pwd"],
      acr: "aal1",
      email: person.email,
      email_verified: true,
    });
    expect(typeof claims?.auth_time).toBe("number");
    expect(tokens.refresh_token).toBeTruthy();
    expect(tokens.scope).toBe("openid email profile offline_access shops");

    const info = await client.fetchUserInfo(rp, tokens.access_token, person.session.user.id);
    expect(info).toMatchObject({ sub: person.session.user.id, email: person.email, shops: {} });

    // The grant's access token is for the client, not for the API.
    await expectProblem(
      await call("GET", "/v1/users/me", { token: tokens.access_token, env: environment }),
      401,
      "invalid_token",
    );

    const introspected = await client.tokenIntrospection(rp, tokens.access_token);
    expect(introspected).toMatchObject({ active: true, client_id: partner.client_id });

    const refreshed = await client.refreshTokenGrant(rp, tokens.refresh_token as string);
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect(refreshed.claims()).toMatchObject({ sub: person.session.user.id, amr: ["pwd"] });
    expect(refreshed.claims()?.auth_time).toBe(claims?.auth_time);

    // The grant is a session, listed with the client's name.
    const listed = await json<{
      items: { id: string; client: { id: string; name: string } | null }[];
    }>(
      await call("GET", "/v1/users/me/sessions", {
        token: person.session.access_token,
        env: environment,
      }),
    );
    expect(listed.items.map((s) => s.client?.name ?? null)).toContain("Partner <Portal>");

    await client.tokenRevocation(rp, refreshed.refresh_token as string);
    await expect(
      client.fetchUserInfo(rp, refreshed.access_token, person.session.user.id),
    ).rejects.toThrow();
    await expect(client.refreshTokenGrant(rp, refreshed.refresh_token as string)).rejects.toThrow();
    expect(await client.tokenIntrospection(rp, refreshed.access_token)).toMatchObject({
      active: false,
    });

    // A second authorization in the same browser: no sign-in, no consent (remembered).
    const again = await startAuthorization(rp, PARTNER_CALLBACK, {
      scope: "openid email profile offline_access shops",
    });
    expect(callbackOf(await browser.get(again.url.href), PARTNER_CALLBACK)).not.toBeNull();
  });

  it("a person with MFA signs in with the second step; amr and acr say so", async () => {
    const person = await verifiedUser("oidc-mfa");
    const { secret } = await enableMfa(person.session.access_token);
    const rp = await relyingParty(environment, app);
    const started = await startAuthorization(rp, APP_CALLBACK);
    const browser = new Browser();
    const page = await (await browser.get(started.url.href)).text();
    const second = await browser.submit(page, { email: person.email, password: PASSWORD });
    const secondPage = await second.text();
    expect(secondPage).toContain('name="mfa_token"');
    const wrong = await browser.submit(secondPage, { code: "000000" });
    expect(wrong.status).toBe(400);
    const back = callbackOf(
      await browser.submit(await wrong.text(), { code: totpCode(secret, Date.now() + 30_000) }),
      APP_CALLBACK,
    );
    expect(back).not.toBeNull();
    const tokens = await client.authorizationCodeGrant(rp, back as URL, checksOf(started));
    expect(tokens.claims()).toMatchObject({ amr: ["pwd", "otp"], acr: "aal2" });
  });
});

describe("the browser session and prompt", () => {
  it("a first-party app asks no consent; prompt=none, prompt=login and max_age", async () => {
    const person = await verifiedUser("oidc-prompt");
    const rp = await relyingParty(environment, app);
    const browser = new Browser();

    const silent = await startAuthorization(rp, APP_CALLBACK, { prompt: "none" });
    const refused = callbackOf(await browser.get(silent.url.href), APP_CALLBACK);
    expect(refused?.searchParams.get("error")).toBe("login_required");
    expect(refused?.searchParams.get("state")).toBe(silent.state);
    expect(refused?.searchParams.get("iss")).toBe(ISSUER);

    await approve(browser, (await startAuthorization(rp, APP_CALLBACK)).url, APP_CALLBACK, person);
    expect([...browser.cookies.keys()]).toEqual(["__Host-op"]);

    // The cookie names its session (an id the sessions list shows); its secret is what counts.
    const [sessionId] = (browser.cookies.get("__Host-op") as string).split(".");
    const forged = new Browser();
    forged.cookies.set("__Host-op", `${sessionId}.${"A".repeat(43)}`);
    const refusedForged = callbackOf(
      await forged.get((await startAuthorization(rp, APP_CALLBACK, { prompt: "none" })).url.href),
      APP_CALLBACK,
    );
    expect(refusedForged?.searchParams.get("error")).toBe("login_required");

    const quiet = await startAuthorization(rp, APP_CALLBACK, { prompt: "none" });
    expect(
      callbackOf(await browser.get(quiet.url.href), APP_CALLBACK)?.searchParams.has("code"),
    ).toBe(true);
    for (const extra of [{ prompt: "login" }, { max_age: "0" }] as Record<string, string>[]) {
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const forced = await startAuthorization(rp, APP_CALLBACK, extra);
      const response = await browser.get(forced.url.href);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('name="password"');
    }

    // Log-out everywhere ends the browser's session at the provider too.
    await call("POST", "/v1/auth/logout-all", {
      token: person.session.access_token,
      env: environment,
    });
    const after = await startAuthorization(rp, APP_CALLBACK, { prompt: "none" });
    expect(
      callbackOf(await browser.get(after.url.href), APP_CALLBACK)?.searchParams.get("error"),
    ).toBe("login_required");
  });

  it("a third-party app under prompt=none without consent gets consent_required; deny is access_denied", async () => {
    const person = await verifiedUser("oidc-consent");
    const rp = await relyingParty(environment, partner);
    const browser = new Browser();
    const first = await startAuthorization(rp, PARTNER_CALLBACK);
    const page = await (await browser.get(first.url.href)).text();
    const consent = await (
      await browser.submit(page, { email: person.email, password: PASSWORD })
    ).text();
    const denied = callbackOf(await browser.submit(consent, { consent: "deny" }), PARTNER_CALLBACK);
    expect(denied?.searchParams.get("error")).toBe("access_denied");
    const silent = await startAuthorization(rp, PARTNER_CALLBACK, { prompt: "none" });
    expect(
      callbackOf(await browser.get(silent.url.href), PARTNER_CALLBACK)?.searchParams.get("error"),
    ).toBe("consent_required");
    const consents = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM oauth_consents WHERE user_id = ?",
    )
      .bind(person.session.user.id)
      .first<{ n: number }>();
    expect(consents?.n).toBe(0);
  });
});

describe("refusals", () => {
  it("an unknown client or an inexact redirect URI is a page, never a redirect", async () => {
    const rp = await relyingParty(environment, app);
    const browser = new Browser();
    for (const redirect of [
      `${APP_CALLBACK}/`,
      "https://app.example/oauth",
      "https://APP.example/oauth/callback",
      `${APP_CALLBACK}?x=1`,
      "https://evil.example/oauth/callback",
    ]) {
      const started = await startAuthorization(rp, redirect);
      const response = await browser.get(started.url.href);
      expect(response.status, redirect).toBe(400);
      expect(response.headers.get("Location")).toBeNull();
    }
    const unknown = await browser.get(
      `/oauth/authorize?client_id=cl_nobody&redirect_uri=${encodeURIComponent(APP_CALLBACK)}&response_type=code`,
    );
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get("Location")).toBeNull();
  });

  it("no PKCE, plain PKCE, implicit: an error back to the app, with state and iss", async () => {
    const base = {
      client_id: app.client_id,
      redirect_uri: APP_CALLBACK,
      response_type: "code",
      scope: "openid",
      state: "s-1",
    };
    const browser = new Browser();
    for (const [extra, error] of [
      [{}, "invalid_request"],
      [{ code_challenge: "a".repeat(43), code_challenge_method: "plain" }, "invalid_request"],
      [
        { response_type: "token", code_challenge: "a".repeat(43), code_challenge_method: "S256" },
        "unsupported_response_type",
      ],
    ] as const) {
      const response = await browser.get(
        `/oauth/authorize?${new URLSearchParams({ ...base, ...extra })}`,
      );
      const back = callbackOf(response, APP_CALLBACK);
      expect(back?.searchParams.get("error")).toBe(error);
      expect(back?.searchParams.get("state")).toBe("s-1");
      expect(back?.searchParams.get("iss")).toBe(ISSUER);
    }
  });

  it("a replayed code fails and ends the grant the first use started", async () => {
    const person = await verifiedUser("oidc-replay");
    const rp = await relyingParty(environment, app);
    const started = await startAuthorization(rp, APP_CALLBACK);
    const back = await approve(new Browser(), started.url, APP_CALLBACK, person);
    const checks = checksOf(started);
    const tokens = await client.authorizationCodeGrant(rp, back, checks);
    expect(await oauthError(client.authorizationCodeGrant(rp, back, checks))).toBe("invalid_grant");
    await expect(
      client.fetchUserInfo(rp, tokens.access_token, person.session.user.id),
    ).rejects.toThrow();
    await expect(client.refreshTokenGrant(rp, tokens.refresh_token as string)).rejects.toThrow();
    const audit = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM audit_events WHERE type = 'oauth.code_reuse' AND target_id = ?",
    )
      .bind(person.session.user.id)
      .first<{ n: number }>();
    expect(audit?.n).toBe(1);
  });

  it("a wrong verifier, another client, a wrong secret: the code stays unspent until the right one", async () => {
    const person = await verifiedUser("oidc-binding");
    const rp = await relyingParty(environment, partner);
    const started = await startAuthorization(rp, PARTNER_CALLBACK);
    const back = await approve(new Browser(), started.url, PARTNER_CALLBACK, person);
    const code = back.searchParams.get("code") as string;
    const token = (body: Record<string, string>, headers: Record<string, string> = {}) =>
      call("POST", "/oauth/token", {
        env: environment,
        rawBody: new URLSearchParams(body).toString(),
        headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
      });
    const basic = (id: string, secret: string) => ({
      Authorization: `Basic ${btoa(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`)}`,
    });
    const grant = { grant_type: "authorization_code", code, redirect_uri: PARTNER_CALLBACK };

    const wrongSecret = await token(
      { ...grant, code_verifier: started.verifier },
      basic(partner.client_id, "cs_wrong"),
    );
    expect(wrongSecret.status).toBe(401);
    expect(await json(wrongSecret)).toMatchObject({ error: "invalid_client" });
    expect(wrongSecret.headers.get("WWW-Authenticate")).toContain("Basic");
    const otherClient = await token({
      ...grant,
      code_verifier: started.verifier,
      client_id: app.client_id,
    });
    expect(await json(otherClient)).toMatchObject({ error: "invalid_grant" });
    const wrongVerifier = await token(
      { ...grant, code_verifier: "x".repeat(43) },
      basic(partner.client_id, partner.client_secret as string),
    );
    expect(await json(wrongVerifier)).toMatchObject({ error: "invalid_grant" });
    const otherRedirect = await token(
      { ...grant, redirect_uri: `${PARTNER_CALLBACK}/`, code_verifier: started.verifier },
      basic(partner.client_id, partner.client_secret as string),
    );
    expect(await json(otherRedirect)).toMatchObject({ error: "invalid_grant" });
    const garbage = await token(
      { grant_type: "password", username: "a", password: "b" },
      basic(partner.client_id, partner.client_secret as string),
    );
    expect(await json(garbage)).toMatchObject({ error: "unsupported_grant_type" });
    const notForm = await call("POST", "/oauth/token", { env: environment, body: grant });
    expect(notForm.status).toBe(400);

    const tokens = await client.authorizationCodeGrant(rp, back, checksOf(started));
    expect(tokens.id_token).toBeTruthy();

    // A token presented by another client: refused, and the grant is not another client's to end.
    const appRp = await relyingParty(environment, app);
    expect(await oauthError(client.refreshTokenGrant(appRp, tokens.refresh_token as string))).toBe(
      "invalid_grant",
    );
    await client.tokenRevocation(appRp, tokens.refresh_token as string);
    const info = await client.fetchUserInfo(rp, tokens.access_token, person.session.user.id);
    expect(info.sub).toBe(person.session.user.id);
    // Introspection is for confidential clients.
    await expect(client.tokenIntrospection(appRp, tokens.access_token)).rejects.toThrow();
  });

  it("a reused refresh token ends the grant", async () => {
    const person = await verifiedUser("oidc-reuse");
    const rp = await relyingParty(environment, app);
    const { tokens } = await granted(rp, APP_CALLBACK, person);
    const next = await client.refreshTokenGrant(rp, tokens.refresh_token as string);
    expect(await oauthError(client.refreshTokenGrant(rp, tokens.refresh_token as string))).toBe(
      "invalid_grant",
    );
    await expect(client.refreshTokenGrant(rp, next.refresh_token as string)).rejects.toThrow();
    await expect(
      client.fetchUserInfo(rp, next.access_token, person.session.user.id),
    ).rejects.toThrow();
    // The API's own refresh never takes a grant's token.
    await expectProblem(
      await call("POST", "/v1/auth/refresh", {
        body: { refresh_token: next.refresh_token },
        env: environment,
      }),
      401,
      "invalid_token",
    );
  });
});

describe("races", () => {
  it("one code redeemed twice at once: one winner, and no tokens left for either after", async () => {
    const person = await verifiedUser("oidc-race-code");
    const rp = await relyingParty(environment, app);
    const started = await startAuthorization(rp, APP_CALLBACK);
    const back = await approve(new Browser(), started.url, APP_CALLBACK, person);
    const checks = checksOf(started);
    const results = await Promise.allSettled([
      client.authorizationCodeGrant(rp, back, checks),
      client.authorizationCodeGrant(rp, back, checks),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const live = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM sessions WHERE user_id = ? AND client_id IS NOT NULL AND revoked_at IS NULL",
    )
      .bind(person.session.user.id)
      .first<{ n: number }>();
    expect(live?.n).toBe(0);
    const grants = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM sessions WHERE user_id = ? AND client_id IS NOT NULL",
    )
      .bind(person.session.user.id)
      .first<{ n: number }>();
    expect(grants?.n).toBe(1);
  });

  it("two refreshes at once: one successor at most", async () => {
    const person = await verifiedUser("oidc-race-refresh");
    const rp = await relyingParty(environment, app);
    const { tokens } = await granted(rp, APP_CALLBACK, person);
    const results = await Promise.allSettled([
      client.refreshTokenGrant(rp, tokens.refresh_token as string),
      client.refreshTokenGrant(rp, tokens.refresh_token as string),
    ]);
    expect(results.filter((r) => r.status === "fulfilled").length).toBeLessThanOrEqual(1);
    const successors = await env.DB.prepare(
      `SELECT COUNT(*) AS n FROM refresh_tokens AS t JOIN sessions AS s ON s.id = t.family_id
       WHERE s.user_id = ? AND s.client_id IS NOT NULL AND t.used_at IS NULL AND s.revoked_at IS NULL`,
    )
      .bind(person.session.user.id)
      .first<{ n: number }>();
    expect(successors?.n).toBeLessThanOrEqual(1);
  });
});

describe("the write re-checks the read", () => {
  it("log-out everywhere between an authorization's read and its write: no code is issued", async () => {
    const person = await verifiedUser("oidc-interleave");
    const rp = await relyingParty(environment, app);
    const browser = new Browser();
    await approve(browser, (await startAuthorization(rp, APP_CALLBACK)).url, APP_CALLBACK, person);
    const codesBefore = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM oauth_codes WHERE user_id = ?",
    )
      .bind(person.session.user.id)
      .first<{ n: number }>();
    // The competing request lands exactly between the read (call 0) and the write (call 1).
    const d1 = countingD1(env.DB, async (index) => {
      if (index !== 1) return;
      const ended = await call("POST", "/v1/auth/logout-all", {
        token: person.session.access_token,
        env: environment,
      });
      expect(ended.status).toBe(204);
    });
    const started = await startAuthorization(rp, APP_CALLBACK);
    const response = await browser.get(
      started.url.href,
      bindings({ ...environment, DB: d1.binding }),
    );
    expect(callbackOf(response, APP_CALLBACK)).toBeNull();
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Your session ended: sign in again.");
    const codesAfter = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM oauth_codes WHERE user_id = ?",
    )
      .bind(person.session.user.id)
      .first<{ n: number }>();
    expect(codesAfter?.n).toBe(codesBefore?.n);
  });
});

describe("a grant is a session", () => {
  it("a ban, a password reset or an admin's force log-out ends it", async () => {
    for (const ending of ["ban", "force", "reset"] as const) {
      const person = await verifiedUser(`oidc-end-${ending}`);
      const rp = await relyingParty(environment, app);
      const { tokens } = await granted(rp, APP_CALLBACK, person);
      const id = person.session.user.id;
      if (ending === "ban") {
        const r = await call("POST", `/v1/users/${id}/ban`, {
          token: adminToken,
          body: { reason: "test" },
          env: environment,
        });
        expect(r.status).toBe(200);
      } else if (ending === "force") {
        const r = await call("DELETE", `/v1/users/${id}/sessions`, {
          token: adminToken,
          env: environment,
        });
        expect(r.status).toBe(204);
      } else {
        await expireMailCooldown(person.email);
        await call("POST", "/v1/auth/password/forgot", {
          body: { email: person.email },
          env: environment,
        });
        const r = await call("POST", "/v1/auth/password/reset", {
          body: {
            email: person.email,
            code: lastMail(person.email, "password_reset_code").code,
            new_password: "a-whole-new-password-77",
          },
          env: environment,
        });
        expect(r.status).toBe(204);
      }
      await expect(client.fetchUserInfo(rp, tokens.access_token, id), ending).rejects.toThrow();
      await expect(
        client.refreshTokenGrant(rp, tokens.refresh_token as string),
        ending,
      ).rejects.toThrow();
    }
  });

  it("ending a grant from one's sessions list: the audit row and the event name the app", async () => {
    const person = await verifiedUser("oidc-end-from-list");
    const rp = await relyingParty(environment, app);
    const { tokens } = await granted(rp, APP_CALLBACK, person);
    const token = person.session.access_token;
    const { items } = await json<{ items: { id: string; client: { id: string } | null }[] }>(
      await call("GET", "/v1/users/me/sessions", { token, env: environment }),
    );
    const grant = items.find((s) => s.client?.id === app.client_id);
    const plain = items.find((s) => s.client === null && s.id !== grant?.id);
    expect(grant && plain).toBeTruthy();
    for (const session of [grant, plain]) {
      const ended = await call("DELETE", `/v1/users/me/sessions/${session?.id}`, {
        token,
        env: environment,
      });
      expect(ended.status).toBe(204);
    }
    expect(
      (await call("GET", "/oauth/userinfo", { token: tokens.access_token, env: environment }))
        .status,
    ).toBe(401);
    const audit = await env.DB.prepare(
      "SELECT data FROM audit_events WHERE type = 'session.revoke' AND target_id = ? ORDER BY id",
    )
      .bind(person.session.user.id)
      .all<{ data: string }>();
    expect(audit.results.map((r) => JSON.parse(r.data))).toEqual([
      { session_id: grant?.id, client_id: app.client_id },
      { session_id: plain?.id },
    ]);
    const events = await env.DB.prepare(
      "SELECT data FROM event_outbox WHERE type = 'sessions.revoked' AND json_extract(data, '$.user_id') = ? ORDER BY id",
    )
      .bind(person.session.user.id)
      .all<{ data: string }>();
    expect(events.results.map((r) => JSON.parse(r.data))).toEqual([
      {
        user_id: person.session.user.id,
        session_id: grant?.id,
        reason: "user",
        client_id: app.client_id,
      },
      { user_id: person.session.user.id, session_id: plain?.id, reason: "user" },
    ]);
  });

  it("revoking the app stops its grants at once: refresh, userinfo, and the sessions list", async () => {
    const doomed = await registerClient(adminToken, {
      name: "Doomed app",
      kind: "public",
      redirect_uris: [APP_CALLBACK],
      scopes: ["openid", "offline_access"],
      first_party: true,
    });
    const person = await verifiedUser("oidc-revoked-app");
    const rp = await relyingParty(environment, doomed);
    const { tokens } = await granted(rp, APP_CALLBACK, person, { scope: "openid offline_access" });
    const listed = async () =>
      (
        await json<{ items: { client: { name: string } | null }[] }>(
          await call("GET", "/v1/users/me/sessions", {
            token: person.session.access_token,
            env: environment,
          }),
        )
      ).items.filter((s) => s.client?.name === "Doomed app").length;
    expect(await listed()).toBe(1);
    const revoked = await call("DELETE", `/v1/oauth/clients/${doomed.client_id}`, {
      token: adminToken,
      env: environment,
    });
    expect(revoked.status).toBe(204);
    expect(await listed()).toBe(0);
    expect(await oauthError(client.refreshTokenGrant(rp, tokens.refresh_token as string))).toBe(
      "invalid_client",
    );
    const info = await call("GET", "/oauth/userinfo", {
      token: tokens.access_token,
      env: environment,
    });
    expect(info.status).toBe(401);
    // And no new sign-in: an unknown (revoked) client is a page.
    const again = await new Browser().get(
      (await startAuthorization(rp, APP_CALLBACK, { scope: "openid" })).url.href,
    );
    expect(again.status).toBe(400);
  });

  it("with the shops scope the app sees memberships; a removal makes its access token stale until a refresh", async () => {
    const shop = await createShop("oidc-shop", "Grant Roasters");
    const person = await member(shop, "barista", "oidc-member");
    const rp = await relyingParty(environment, partner);
    const started = await startAuthorization(rp, PARTNER_CALLBACK, {
      scope: "openid shops offline_access",
    });
    const back = await approve(new Browser(), started.url, PARTNER_CALLBACK, person);
    const tokens = await client.authorizationCodeGrant(rp, back, checksOf(started));
    const id = person.id;
    expect(await client.fetchUserInfo(rp, tokens.access_token, id)).toMatchObject({
      shops: { [shop.id]: "barista" },
    });
    const admin = await shopAdmin();
    const removed = await call("DELETE", `/v1/shops/${shop.id}/members/${id}`, {
      token: admin.session.access_token,
      env: environment,
    });
    expect(removed.status).toBe(204);
    const stale = await call("GET", "/oauth/userinfo", {
      token: tokens.access_token,
      env: environment,
    });
    expect(stale.status).toBe(401);
    expect(stale.headers.get("WWW-Authenticate")).toBe('Bearer error="invalid_token"');
    const refreshed = await client.refreshTokenGrant(rp, tokens.refresh_token as string);
    expect(await client.fetchUserInfo(rp, refreshed.access_token, id)).toMatchObject({ shops: {} });
  });

  it("RP-initiated logout with the ID token ends the grant and the browser session, then goes back", async () => {
    const person = await verifiedUser("oidc-logout");
    const rp = await relyingParty(environment, app);
    const browser = new Browser();
    const started = await startAuthorization(rp, APP_CALLBACK);
    const back = await approve(browser, started.url, APP_CALLBACK, person);
    const tokens = await client.authorizationCodeGrant(rp, back, checksOf(started));
    const end = client.buildEndSessionUrl(rp, {
      id_token_hint: tokens.id_token as string,
      post_logout_redirect_uri: APP_CALLBACK,
      state: "bye",
    });
    const response = await browser.get(end.href);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`${APP_CALLBACK}?state=bye`);
    await expect(
      client.fetchUserInfo(rp, tokens.access_token, person.session.user.id),
    ).rejects.toThrow();
    const silent = await startAuthorization(rp, APP_CALLBACK, { prompt: "none" });
    expect(
      callbackOf(await browser.get(silent.url.href), APP_CALLBACK)?.searchParams.get("error"),
    ).toBe("login_required");
    // Without a hint, a page asks first; an unregistered place to go back to is not followed.
    const bare = await browser.get(
      "/oauth/logout?post_logout_redirect_uri=https%3A%2F%2Fevil.example",
    );
    expect(bare.status).toBe(200);
  });
});

describe("costs and configuration", () => {
  it("D1 round trips: token 1, userinfo 1, authorize with a browser session 2", async () => {
    const person = await verifiedUser("oidc-cost");
    const rp = await relyingParty(environment, app);
    const browser = new Browser();
    await approve(browser, (await startAuthorization(rp, APP_CALLBACK)).url, APP_CALLBACK, person);

    const d1 = countingD1(env.DB);
    const counted = bindings({ ...environment, DB: d1.binding });
    const started = await startAuthorization(rp, APP_CALLBACK);
    const back = callbackOf(await browser.get(started.url.href, counted), APP_CALLBACK);
    expect(back).not.toBeNull();
    expect(d1.calls).toBe(2);

    const countedRp = await client.discovery(
      new URL(ISSUER),
      app.client_id,
      undefined,
      client.None(),
      {
        [client.customFetch]: workerFetch(counted),
      },
    );
    d1.reset();
    const tokens = await client.authorizationCodeGrant(countedRp, back as URL, checksOf(started));
    expect(d1.calls).toBe(1);
    d1.reset();
    await client.fetchUserInfo(countedRp, tokens.access_token, person.session.user.id);
    expect(d1.calls).toBe(1);
    d1.reset();
    await client.refreshTokenGrant(countedRp, tokens.refresh_token as string);
    expect(d1.calls).toBe(1);
  });

  it("without an asymmetric key the provider answers 503 and readiness says why", async () => {
    const plain = bindings({ JWT_SIGNING_KEY: "" });
    await expectProblem(
      await call("GET", "/.well-known/openid-configuration", { env: plain }),
      503,
      "unavailable",
    );
    const ready = await json<{ disabled: { feature: string; setting: string }[] }>(
      await call("GET", "/health/ready", { env: plain }),
    );
    expect(ready.disabled).toContainEqual({
      feature: "openid_provider",
      setting: "JWT_SIGNING_KEY",
    });
    const page = await call("GET", `/oauth/authorize?client_id=${app.client_id}`, { env: plain });
    expect(page.status).toBe(503);
  });
});
