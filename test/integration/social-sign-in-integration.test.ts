import { env } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  bindings,
  call,
  enableMfa,
  expectProblem,
  json,
  lastMail,
  makeAdmin,
  PASSWORD,
  type Session,
  signup,
  uniqueEmail,
  verifiedUser,
} from "../helpers/api";
import { countingD1, fullScans } from "../helpers/d1";
import { FakeIssuer, type Person, type Tamper } from "../helpers/fake-issuer";
import * as flow from "../helpers/provider-flow";
import { APP, cookieOf } from "../helpers/provider-flow";

// Sign in with a provider (SPEC Part 4; docs/social-sign-in.md), end to end through the Worker's
// fetch, against an OpenID provider served in-process (helpers/fake-issuer.ts) and an
// Apple-shaped one (form_post, an ES256 client secret, the `user` field).

const idp = new FakeIssuer({
  issuer: "https://idp.test",
  clientId: "coffee-web",
  clientSecret: "idp-client-secret-0123456789",
});
const apple = new FakeIssuer({
  issuer: "https://apple.test",
  clientId: "com.example.coffee.web",
  clientSecret: "",
});
let applePrivatePem = "";

const providerEnv = () =>
  bindings({
    IDENTITY_PROVIDERS: JSON.stringify([
      {
        id: "idp",
        kind: "oidc",
        name: "Idp",
        issuer: idp.issuer,
        client_id: idp.clientId,
        native_client_ids: ["com.example.coffee.ios"],
      },
      {
        id: "apple",
        kind: "apple",
        name: "Apple",
        issuer: apple.issuer,
        client_id: apple.clientId,
        team_id: "TEAM123456",
        key_id: "KEY1234567",
      },
    ]),
    OAUTH_REDIRECT_ORIGINS: "https://shop.example",
    ...({
      IDP_IDP_CLIENT_SECRET: idp.clientSecret,
      IDP_APPLE_PRIVATE_KEY: applePrivatePem,
    } as Partial<Env>),
  });

beforeEach(async () => {
  if (!applePrivatePem) {
    const pair = (await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, [
      "sign",
      "verify",
    ])) as CryptoKeyPair;
    const pkcs8 = new Uint8Array(
      (await crypto.subtle.exportKey("pkcs8", pair.privateKey)) as ArrayBuffer,
    );
    applePrivatePem = `-----BEGIN PRIVATE KEY-----\n${btoa(String.fromCharCode(...pkcs8))}\n-----END PRIVATE KEY-----`;
    apple.appleClientKey = (await crypto.subtle.exportKey("jwk", pair.publicKey)) as JsonWebKey;
  }
  idp.routeFetch(apple);
});

afterEach(() => {
  vi.restoreAllMocks();
  idp.down = false;
  apple.down = false;
});

const start = (provider = "idp", redirectTo = APP, environment = providerEnv()) =>
  flow.start(environment, provider, redirectTo);
const callback = (url: string, browser: string | null, environment = providerEnv()) =>
  flow.callback(url, browser, environment);
const signInWith = (someone: Person, tamper: Tamper = {}) =>
  flow.signInWith(providerEnv(), idp, someone, tamper);
const exchange = (code: string, environment = providerEnv()) => flow.exchange(code, environment);

const person = (label: string, extra: Partial<Person> = {}): Person => ({
  sub: `sub-${crypto.randomUUID()}`,
  email: uniqueEmail(label),
  email_verified: true,
  name: "Grace Hopper",
  ...extra,
});

async function count(table: string, where = "1 = 1", ...values: unknown[]) {
  return (
    (
      await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`)
        .bind(...values)
        .first<{ n: number }>()
    )?.n ?? 0
  );
}

describe("providers and the start", () => {
  it("lists the configured providers, and none when IDENTITY_PROVIDERS is empty", async () => {
    const listed = await call("GET", "/v1/auth/providers", { env: providerEnv() });
    expect(await json(listed)).toEqual({
      providers: [
        { id: "idp", name: "Idp", kind: "oidc", start_url: "/v1/auth/oauth/idp/start" },
        { id: "apple", name: "Apple", kind: "apple", start_url: "/v1/auth/oauth/apple/start" },
      ],
    });
    expect(await json(await call("GET", "/v1/auth/providers"))).toEqual({ providers: [] });
  });

  it("redirects with a 256-bit state, PKCE S256 and a nonce, and sets a __Host- cookie bound to it", async () => {
    const response = await call(
      "GET",
      `/v1/auth/oauth/idp/start?redirect_to=${encodeURIComponent(APP)}`,
      { env: providerEnv() },
    );
    expect(response.status).toBe(302);
    const cookie = response.headers.get("Set-Cookie") ?? "";
    expect(cookie).toMatch(
      /^__Host-oauth=[A-Za-z0-9_-]{43}; Max-Age=600; Path=\/; HttpOnly; Secure; SameSite=None$/,
    );
    const url = new URL(response.headers.get("Location") ?? "");
    expect(`${url.origin}${url.pathname}`).toBe("https://idp.test/authorize");
    const q = Object.fromEntries(url.searchParams);
    expect(q).toMatchObject({
      client_id: "coffee-web",
      redirect_uri: "https://api.test/v1/auth/oauth/idp/callback",
      response_type: "code",
      scope: "openid email profile",
      code_challenge_method: "S256",
    });
    expect(q.state).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.nonce).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.code_challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Only digests are stored: neither the state nor the cookie appears in D1.
    const row = await env.DB.prepare(
      "SELECT * FROM oauth_states ORDER BY created_at DESC LIMIT 1",
    ).first();
    expect(JSON.stringify(row)).not.toContain(q.state);
    expect(JSON.stringify(row)).not.toContain(cookieOf(response));
  });

  it("refuses a redirect_to outside OAUTH_REDIRECT_ORIGINS, an unknown provider, and writes nothing", async () => {
    const before = await count("oauth_states");
    for (const target of [
      "https://evil.example/x",
      "https://shop.example.evil.example/",
      "javascript:alert(1)",
      "/relative",
    ]) {
      const response = await call(
        "GET",
        `/v1/auth/oauth/idp/start?redirect_to=${encodeURIComponent(target)}`,
        { env: providerEnv() },
      );
      await expectProblem(response, 400, "invalid_redirect");
    }
    await expectProblem(
      await call("GET", `/v1/auth/oauth/nope/start?redirect_to=${encodeURIComponent(APP)}`, {
        env: providerEnv(),
      }),
      404,
      "not_found",
    );
    expect(await count("oauth_states")).toBe(before);
  });

  it("a provider that is down at the start: a clear 503, nothing written", async () => {
    const down = new FakeIssuer({ issuer: "https://down.test", clientId: "c", clientSecret: "s" });
    down.down = true;
    vi.restoreAllMocks();
    idp.routeFetch(apple, down);
    const environment = bindings({
      IDENTITY_PROVIDERS: JSON.stringify([
        { id: "down", kind: "oidc", issuer: down.issuer, client_id: "c" },
      ]),
      OAUTH_REDIRECT_ORIGINS: "https://shop.example",
      ...({ IDP_DOWN_CLIENT_SECRET: "s" } as Partial<Env>),
    });
    const before = await count("oauth_states");
    const response = await call(
      "GET",
      `/v1/auth/oauth/down/start?redirect_to=${encodeURIComponent(APP)}`,
      { env: environment },
    );
    await expectProblem(response, 503, "unavailable");
    expect(await count("oauth_states")).toBe(before);
  });
});

describe("the callback and the exchange", () => {
  it("a first sign-in makes a verified account with no password; the next one finds it by subject", async () => {
    const someone = person("new");
    const first = await signInWith(someone);
    expect(first.get("error")).toBeNull();
    const code = first.get("login_code") ?? "";
    expect(code).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const response = await exchange(code);
    expect(response.status).toBe(200);
    const session = await json<Session & { user: { email: string; status: string } }>(response);
    expect(session.user).toMatchObject({ email: someone.email, status: "verified" });
    const me = await call("GET", "/v1/users/me", { token: session.access_token });
    expect(me.status).toBe(200);
    const sessions = await json<{ items: { amr: string[] }[] }>(
      await call("GET", "/v1/users/me/sessions", { token: session.access_token }),
    );
    expect(sessions.items.map((s) => s.amr)).toEqual([["oauth"]]);
    // No password: a password login is refused like a wrong password.
    await expectProblem(
      await call("POST", "/v1/auth/login", { body: { email: someone.email, password: PASSWORD } }),
      401,
      "invalid_credentials",
    );
    // Again, even with another address at the provider: the same account, nothing new.
    const users = await count("users");
    const again = await signInWith({ ...someone, email: uniqueEmail("changed") });
    const next = await json<Session & { user: { id: string } }>(
      await exchange(again.get("login_code") ?? ""),
    );
    expect(next.user.id).toBe(session.user.id);
    expect(await count("users")).toBe(users);
    expect(await count("identities", "user_id = ?", session.user.id)).toBe(1);
  });

  it("a login code is spent once: a second exchange, and one of two at once, are refused", async () => {
    const code = (await signInWith(person("once"))).get("login_code") ?? "";
    expect((await exchange(code)).status).toBe(200);
    await expectProblem(await exchange(code), 400, "invalid_code");
    const raced = (await signInWith(person("raced"))).get("login_code") ?? "";
    const answers = await Promise.all([exchange(raced), exchange(raced), exchange(raced)]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 400, 400]);
    const sessions = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM sessions s JOIN login_codes l ON l.user_id = s.user_id WHERE l.code_digest IS NOT NULL AND l.used_at IS NOT NULL AND s.amr = '[\"oauth\"]' AND l.user_id = (SELECT user_id FROM login_codes ORDER BY created_at DESC LIMIT 1)",
    ).first<{ n: number }>();
    expect(sessions?.n).toBe(1);
  });

  it("refuses a callback without the cookie, with another browser's cookie, or replayed", async () => {
    const someone = person("replay");
    const mine = await start();
    const theirs = await start();
    const back = idp.authorize(mine.location, someone);
    await expectProblem(await callback(back.url, null), 400, "invalid_state");
    await expectProblem(await callback(back.url, theirs.browser), 400, "invalid_state");
    const ok = await callback(back.url, mine.browser);
    expect(ok.status).toBe(302);
    await expectProblem(await callback(back.url, mine.browser), 400, "invalid_state");
    // A forged state the service never issued.
    const forged = back.url.replace(/state=[^&]+/, "state=forged-state-0123456789");
    await expectProblem(await callback(forged, mine.browser), 400, "invalid_state");
  });

  it("the same callback twice at once: one login code, the other refused", async () => {
    const { location, browser } = await start();
    const back = idp.authorize(location, person("twice"));
    const answers = await Promise.all([callback(back.url, browser), callback(back.url, browser)]);
    const codes = answers
      .filter((r) => r.status === 302)
      .map((r) => new URL(r.headers.get("Location") ?? "").searchParams.get("login_code"));
    expect(codes).toHaveLength(1);
    expect(answers.map((r) => r.status).sort()).toEqual([302, 400]);
  });

  it("each ID-token check refuses on its own, and nothing is made", async () => {
    const cases: [string, Tamper][] = [
      ["iss", { iss: "https://other.test" }],
      ["aud", { aud: "someone-else" }],
      ["exp", { expired: true }],
      ["nonce", { nonce: "not-the-nonce" }],
      ["signature", { foreignKey: true }],
      ["RFC 9207 iss", { issParam: "https://other.test" }],
      ["PKCE", { ignorePkce: false, tokenResponse: undefined }],
      ["garbage", { tokenResponse: new Response("<html>oops</html>", { status: 200 }) }],
      ["5xx", { tokenResponse: new Response("down", { status: 502 }) }],
    ];
    const users = await count("users");
    for (const [name, tamper] of cases) {
      const someone = person(`tamper-${name.replaceAll(" ", "")}`);
      const { location, browser } = await start();
      const back = idp.authorize(location, someone, tamper);
      if (name === "PKCE") {
        // The code is replayed with another browser's verifier: the provider refuses it.
        const grant = idp.grants.get(back.get("code") ?? "");
        if (grant) grant.challenge = "another-challenge";
      }
      const response = await callback(back.url, browser);
      expect(response.status, name).toBe(302);
      const to = new URL(response.headers.get("Location") ?? "");
      expect(to.searchParams.get("login_code"), name).toBeNull();
      expect(to.searchParams.get("error"), name).toBe("invalid_response");
      expect(await count("identities", "subject = ?", someone.sub), name).toBe(0);
    }
    expect(await count("users")).toBe(users);
  });

  it("a token endpoint that never answers: back to the app after the 5 s timeout, nothing made", async () => {
    const someone = person("hang");
    const back = await signInWith(someone, { hang: true });
    expect(back.get("error")).toBe("provider_unavailable");
    expect(await count("users", "email = ?", someone.email)).toBe(0);
  }, 20_000);

  it("the person says no at the provider: back to the app with access_denied", async () => {
    const { location, browser } = await start();
    const state = new URL(location).searchParams.get("state") ?? "";
    const response = await callback(
      `https://api.test/v1/auth/oauth/idp/callback?error=access_denied&state=${state}&iss=${encodeURIComponent(idp.issuer)}`,
      browser,
    );
    expect(new URL(response.headers.get("Location") ?? "").searchParams.get("error")).toBe(
      "access_denied",
    );
  });
});

describe("linking rules: by subject, never by email", () => {
  it("a verified account holding the address: account_exists, nothing linked, nobody signed in, the account untouched", async () => {
    const holder = await verifiedUser("holder");
    const before = await env.DB.prepare("SELECT * FROM users WHERE email = ?")
      .bind(holder.email)
      .first();
    const back = await signInWith(person("claims", { email: holder.email }));
    expect(back.get("error")).toBe("account_exists");
    expect(back.get("login_code")).toBeNull();
    expect(
      await env.DB.prepare("SELECT * FROM users WHERE email = ?").bind(holder.email).first(),
    ).toEqual(before);
    expect(await count("identities", "user_id = ?", holder.session.user.id)).toBe(0);
  });

  it("a stranger's pending sign-up with the address is replaced by the provider's verified owner", async () => {
    const email = uniqueEmail("prehijack");
    await signup(email, "the-squatters-password-1");
    const squatter = await env.DB.prepare("SELECT id FROM users WHERE email = ?")
      .bind(email)
      .first<{ id: string }>();
    const back = await signInWith(person("owner", { email }));
    const session = await json<Session & { user: { id: string; status: string } }>(
      await exchange(back.get("login_code") ?? ""),
    );
    expect(session.user.status).toBe("verified");
    expect(session.user.id).not.toBe(squatter?.id);
    expect(await count("users", "id = ?", squatter?.id)).toBe(0);
    // The squatter's password opens nothing.
    await expectProblem(
      await call("POST", "/v1/auth/login", {
        body: { email, password: "the-squatters-password-1" },
      }),
      401,
      "invalid_credentials",
    );
  });

  it("an address the provider does not mark verified makes nothing", async () => {
    for (const unverified of [false, "false", undefined]) {
      const someone = person("unverified", { email_verified: unverified });
      const back = await signInWith(someone);
      expect(back.get("error")).toBe("provider_email_unverified");
      expect(await count("users", "email = ?", someone.email)).toBe(0);
    }
    const noEmail = person("noemail", { email: undefined });
    expect((await signInWith(noEmail)).get("error")).toBe("provider_email_unverified");
  });
});

describe("after the sign-in: MFA, bans, Apple", () => {
  it("an account without a password sets one by the reset flow; with MFA on, the exchange leads to the second step", async () => {
    const someone = person("mfa");
    await exchange((await signInWith(someone)).get("login_code") ?? "");
    const email = someone.email ?? "";
    expect((await call("POST", "/v1/auth/password/forgot", { body: { email } })).status).toBe(202);
    const code = lastMail(email, "password_reset_code").code;
    const reset = await call("POST", "/v1/auth/password/reset", {
      body: { email, code, new_password: "a-new-long-passphrase-42" },
    });
    expect(reset.status).toBe(204);
    const login = await call("POST", "/v1/auth/login", {
      body: { email, password: "a-new-long-passphrase-42" },
    });
    expect(login.status).toBe(200);
    await enableMfa((await json<Session>(login)).access_token, "a-new-long-passphrase-42");
    const second = await exchange((await signInWith(someone)).get("login_code") ?? "");
    expect(await json(second)).toMatchObject({ mfa_required: true, mfa_token: expect.any(String) });
  });

  it("a banned account gets no session", async () => {
    const someone = person("banned");
    const first = await json<Session>(
      await exchange((await signInWith(someone)).get("login_code") ?? ""),
    );
    const admin = await makeAdmin("banner");
    const banned = await call("POST", `/v1/users/${first.user.id}/ban`, {
      token: admin.session.access_token,
      body: { reason: "test" },
    });
    expect(banned.status).toBe(200);
    await expectProblem(
      await exchange((await signInWith(someone)).get("login_code") ?? ""),
      403,
      "account_banned",
    );
  });

  it('Apple: form_post, an ES256 client secret, email_verified "true", the name from the user field', async () => {
    const { location, browser } = await start("apple");
    expect(new URL(location).searchParams.get("response_mode")).toBe("form_post");
    expect(new URL(location).searchParams.get("scope")).toBe("openid name email");
    const email = uniqueEmail("apple");
    const back = apple.authorize(location, { sub: "apple-001", email, email_verified: "true" });
    back.set("user", JSON.stringify({ name: { firstName: "Ada", lastName: "Lovelace" } }));
    const form = new URLSearchParams(back);
    const response = await call("POST", "/v1/auth/oauth/apple/callback", {
      env: providerEnv(),
      rawBody: form.toString(),
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Cookie: `__Host-oauth=${browser}`,
      },
    });
    expect(response.status).toBe(302);
    const landed = new URL(response.headers.get("Location") ?? "").searchParams;
    expect(landed.get("error")).toBeNull();
    const code = landed.get("login_code");
    const session = await json<Session & { user: { email: string; name: string } }>(
      await exchange(code ?? ""),
    );
    expect(session.user).toMatchObject({ email, name: "Ada Lovelace" });
    // The client secret was a JWT signed with the team's key (the fake verified it).
    expect(apple.tokenRequests.at(-1)?.get("client_secret")?.split(".")).toHaveLength(3);
  });
});

describe("identities on the account", () => {
  it("lists them; removing the last way in is refused (409), also when two removals race", async () => {
    const someone = person("identities");
    const session = await json<Session>(
      await exchange((await signInWith(someone)).get("login_code") ?? ""),
    );
    const listed = await json<{ items: { id: string; provider: string; email: string }[] }>(
      await call("GET", "/v1/users/me/identities", { token: session.access_token }),
    );
    expect(listed.items).toEqual([
      {
        id: `idp:${someone.sub}`,
        provider: "idp",
        email: someone.email,
        created_at: expect.any(String),
      },
    ]);
    const id = encodeURIComponent(`idp:${someone.sub}`);
    await expectProblem(
      await call("DELETE", `/v1/users/me/identities/${id}`, { token: session.access_token }),
      409,
      "conflict",
    );
    // A second identity (inserted as a link would): now either may go, but never both at once.
    await env.DB.prepare(
      "INSERT INTO identities (provider, subject, user_id, email, created_at) VALUES ('apple', ?, ?, NULL, ?)",
    )
      .bind(`apple-${someone.sub}`, session.user.id, new Date().toISOString())
      .run();
    const other = encodeURIComponent(`apple:apple-${someone.sub}`);
    const raced = await Promise.all([
      call("DELETE", `/v1/users/me/identities/${id}`, { token: session.access_token }),
      call("DELETE", `/v1/users/me/identities/${other}`, { token: session.access_token }),
    ]);
    expect(raced.map((r) => r.status).sort()).toEqual([204, 409]);
    expect(await count("identities", "user_id = ?", session.user.id)).toBe(1);
    expect(
      await count("audit_events", "type = 'identity.remove' AND target_id = ?", session.user.id),
    ).toBe(1);
    await expectProblem(
      await call("DELETE", "/v1/users/me/identities/idp%3Anobody", { token: session.access_token }),
      404,
      "not_found",
    );
  });
});

describe("an account without a password works everywhere", () => {
  it("adds TOTP and starts a passkey on a recent sign-in, and deletes itself; an old session must sign in again", async () => {
    const someone = person("passwordless");
    const session = await json<Session & { user: { id: string } }>(
      await exchange((await signInWith(someone)).get("login_code") ?? ""),
    );
    const token = session.access_token;
    const totp = await call("POST", "/v1/users/me/mfa/totp", { token, body: {} });
    expect(totp.status).toBe(200);
    const options = await call("POST", "/v1/users/me/passkeys/options", { token, body: {} });
    expect(options.status).toBe(200);
    await env.DB.prepare("UPDATE sessions SET created_at = ? WHERE user_id = ?")
      .bind(new Date(Date.now() - 10 * 60_000).toISOString(), session.user.id)
      .run();
    await expectProblem(
      await call("DELETE", "/v1/users/me", { token, body: {} }),
      401,
      "invalid_credentials",
    );
    const fresh = await json<Session>(
      await exchange((await signInWith(someone)).get("login_code") ?? ""),
    );
    const deleted = await call("DELETE", "/v1/users/me", { token: fresh.access_token, body: {} });
    expect(deleted.status).toBe(204);
    expect(await count("users", "id = ?", session.user.id)).toBe(0);
    expect(await count("identities", "user_id = ?", session.user.id)).toBe(0);
  });
});

describe("linking a provider from a session", () => {
  async function requestLink(token: string, body: Record<string, unknown>) {
    return call("POST", "/v1/users/me/identities/idp/link", {
      env: providerEnv(),
      token,
      body: { redirect_to: APP, ...body },
    });
  }

  /** Opens the link URL in the browser and goes through the provider as `someone`. */
  async function followLink(linkUrl: string, someone: Person) {
    const started = await call("GET", linkUrl.replace("https://api.test", ""), {
      env: providerEnv(),
    });
    if (started.status !== 302) return { started, back: null };
    const back = idp.authorize(started.headers.get("Location") ?? "", someone);
    const response = await callback(back.url, cookieOf(started));
    return { started, back: new URL(response.headers.get("Location") ?? "").searchParams };
  }

  it("after the password: the provider account is linked, then signs in to this account; told by mail, audited; the link works once", async () => {
    const holder = await verifiedUser("linker");
    const theirs = person("linker-at-idp", { email: holder.email });
    // Before: the provider's sign-in with the holder's address is refused.
    expect((await signInWith(theirs)).get("error")).toBe("account_exists");
    await expectProblem(
      await requestLink(holder.session.access_token, { password: "not-the-password" }),
      401,
      "invalid_credentials",
    );
    const linked = await requestLink(holder.session.access_token, { password: PASSWORD });
    expect(linked.status).toBe(200);
    const { link_url } = await json<{ link_url: string }>(linked);
    const { back } = await followLink(link_url, theirs);
    expect(back?.get("linked")).toBe("idp");
    const session = await json<Session & { user: { id: string } }>(
      await exchange((await signInWith(theirs)).get("login_code") ?? ""),
    );
    expect(session.user.id).toBe(holder.session.user.id);
    expect(lastMail(holder.email, "identity_linked")).toMatchObject({ provider: "Idp" });
    expect(
      await count(
        "audit_events",
        "type = 'identity.add' AND target_id = ?",
        holder.session.user.id,
      ),
    ).toBe(1);
    const again = await followLink(link_url, theirs);
    await expectProblem(again.started, 400, "invalid_state");
  });

  it("one link URL opened twice at once starts one flow", async () => {
    const holder = await verifiedUser("link-race");
    const { link_url } = await json<{ link_url: string }>(
      await requestLink(holder.session.access_token, { password: PASSWORD }),
    );
    const path = link_url.replace("https://api.test", "");
    const answers = await Promise.all([
      call("GET", path, { env: providerEnv() }),
      call("GET", path, { env: providerEnv() }),
    ]);
    expect(answers.map((r) => r.status).sort()).toEqual([302, 400]);
    expect(await count("oauth_states", "link_user_id = ?", holder.session.user.id)).toBe(1);
  });

  it("a provider account that already opens another account stays there (identity_in_use)", async () => {
    const other = person("taken");
    await exchange((await signInWith(other)).get("login_code") ?? "");
    const holder = await verifiedUser("wants-it");
    const { link_url } = await json<{ link_url: string }>(
      await requestLink(holder.session.access_token, { password: PASSWORD }),
    );
    const { back } = await followLink(link_url, other);
    expect(back?.get("error")).toBe("identity_in_use");
    expect(await count("identities", "user_id = ?", holder.session.user.id)).toBe(0);
  });

  it("an account without a password: its proof is a sign-in of the last 5 minutes", async () => {
    const someone = person("no-password");
    const session = await json<Session & { user: { id: string } }>(
      await exchange((await signInWith(someone)).get("login_code") ?? ""),
    );
    expect((await requestLink(session.access_token, {})).status).toBe(200);
    await env.DB.prepare("UPDATE sessions SET created_at = ? WHERE user_id = ?")
      .bind(new Date(Date.now() - 10 * 60_000).toISOString(), session.user.id)
      .run();
    await expectProblem(await requestLink(session.access_token, {}), 401, "invalid_credentials");
    // An account with a password must send it.
    const holder = await verifiedUser("has-password");
    await expectProblem(
      await requestLink(holder.session.access_token, {}),
      401,
      "invalid_credentials",
    );
  });
});

describe("native apps: sign in with the platform's ID token", () => {
  const hex = async (text: string) =>
    [...new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)))]
      .map((b) => b.toString(16).padStart(2, "0"))
      .join("");
  const native = async (token: string, nonce: string) =>
    call("POST", "/v1/auth/oauth/idp/id-token", {
      env: providerEnv(),
      body: { id_token: token, nonce },
    });

  it("a native client id's token signs in (a new verified account), once", async () => {
    const someone = person("native");
    const nonce = crypto.randomUUID();
    const token = await idp.nativeIdToken(someone, {
      aud: "com.example.coffee.ios",
      nonce: await hex(nonce),
    });
    const first = await native(token, nonce);
    expect(first.status).toBe(200);
    const session = await json<Session & { user: { email: string } }>(first);
    expect(session.user.email).toBe(someone.email);
    await expectProblem(await native(token, nonce), 401, "invalid_token");
  });

  it("the same ID token twice at once: one session", async () => {
    const nonce = crypto.randomUUID();
    const token = await idp.nativeIdToken(person("native-race"), {
      aud: idp.clientId,
      nonce: await hex(nonce),
    });
    const answers = await Promise.all([native(token, nonce), native(token, nonce)]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 401]);
  });

  it("refuses another audience, a wrong nonce, an expired, foreign-signed or foreign-issued token — and makes nothing", async () => {
    const users = await count("users");
    const nonce = crypto.randomUUID();
    const good = { aud: idp.clientId, nonce: await hex(nonce) };
    const cases: [string, Parameters<typeof idp.nativeIdToken>[1], string][] = [
      ["audience", { ...good, aud: "someone-elses-app" }, nonce],
      ["raw nonce in the token", { ...good, nonce }, nonce],
      ["another nonce", good, "another-raw-nonce-0123"],
      ["expired", { ...good, expired: true }, nonce],
      ["signature", { ...good, foreignKey: true }, nonce],
      ["issuer", { ...good, iss: "https://other.test" }, nonce],
    ];
    for (const [name, options, sent] of cases) {
      const token = await idp.nativeIdToken(person(`native-${name.replaceAll(" ", "")}`), options);
      const response = await native(token, sent);
      expect(response.status, name).toBe(401);
      expect((await json<{ code: string }>(response)).code, name).toBe("invalid_token");
    }
    await expectProblem(await native("not.a.jwt-at-all-really", nonce), 401, "invalid_token");
    expect(await count("users")).toBe(users);
  });

  it("the linking rules hold here too: 409 account_exists, 400 for an unverified address", async () => {
    const holder = await verifiedUser("native-holder");
    const nonce = crypto.randomUUID();
    const claimed = await idp.nativeIdToken(person("x", { email: holder.email }), {
      aud: idp.clientId,
      nonce: await hex(nonce),
    });
    await expectProblem(await native(claimed, nonce), 409, "account_exists");
    const unverified = await idp.nativeIdToken(person("nv", { email_verified: false }), {
      aud: idp.clientId,
      nonce: await hex(nonce),
    });
    await expectProblem(await native(unverified, nonce), 400, "provider_email_unverified");
  });
});

describe("passkeys in native apps: the association files", () => {
  const FINGERPRINT = Array.from({ length: 32 }, (_, i) =>
    i.toString(16).padStart(2, "0").toUpperCase(),
  ).join(":");

  it("serves both files from APPLE_APP_IDS and ANDROID_APP_FINGERPRINTS, and 404 while unset", async () => {
    await expectProblem(
      await call("GET", "/.well-known/apple-app-site-association"),
      404,
      "not_found",
    );
    await expectProblem(await call("GET", "/.well-known/assetlinks.json"), 404, "not_found");
    const environment = bindings({
      APPLE_APP_IDS: "ABCDE12345.com.example.coffee",
      ANDROID_APP_FINGERPRINTS: `com.example.coffee=${FINGERPRINT}`,
    });
    const apple = await call("GET", "/.well-known/apple-app-site-association", {
      env: environment,
    });
    expect(apple.status).toBe(200);
    expect(apple.headers.get("Content-Type")).toMatch(/^application\/json/);
    expect(await apple.json()).toEqual({
      webcredentials: { apps: ["ABCDE12345.com.example.coffee"] },
    });
    const android = await call("GET", "/.well-known/assetlinks.json", { env: environment });
    expect(await android.json()).toEqual([
      {
        relation: [
          "delegate_permission/common.get_login_creds",
          "delegate_permission/common.handle_all_urls",
        ],
        target: {
          namespace: "android_app",
          package_name: "com.example.coffee",
          sha256_cert_fingerprints: [FINGERPRINT],
        },
      },
    ]);
  });

  it("a malformed entry is a configuration problem naming the setting", async () => {
    const bad = await call("GET", "/health/ready", {
      env: bindings({ ANDROID_APP_FINGERPRINTS: "com.example.coffee=not-a-fingerprint" }),
    });
    expect(bad.status).toBe(503);
    expect(await bad.text()).toContain("ANDROID_APP_FINGERPRINTS");
  });
});

describe("what the callback and the exchange cost in D1", () => {
  it("callback: the state spent (1), the account and login code (1); exchange: 1 read, 1 write", async () => {
    const { location, browser } = await start();
    const back = idp.authorize(location, person("trips"));
    const d1 = countingD1(env.DB);
    const environment = { ...providerEnv(), DB: d1.binding };
    const response = await callback(back.url, browser, environment);
    expect(response.status).toBe(302);
    expect(d1.calls).toBe(2);
    const callbackStatements = [...d1.statements];
    d1.reset();
    const code = new URL(response.headers.get("Location") ?? "").searchParams.get("login_code");
    expect((await exchange(code ?? "", environment)).status).toBe(200);
    expect(d1.calls).toBe(2);
    // Every lookup by key or index (the foreign-key checks a users write lists aside).
    const scans = (await fullScans(env.DB, [...callbackStatements, ...d1.statements])).filter(
      (s) => !/^(INSERT INTO|DELETE FROM) "users"/i.test(s.sql),
    );
    expect(scans).toEqual([]);
  });
});
