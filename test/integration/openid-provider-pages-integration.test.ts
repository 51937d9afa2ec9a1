import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import {
  call,
  expireMailCooldown,
  json,
  lastMail,
  makeAdmin,
  PASSWORD,
  uniqueEmail,
  verifiedUser,
} from "../helpers/api";
import { SoftwareAuthenticator } from "../helpers/authenticator";
import { FakeIssuer } from "../helpers/fake-issuer";
import { FakeVerify } from "../helpers/fake-verify";
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
} from "../helpers/oidc";

/**
 * The provider's hosted sign-in page offers every way the API signs people in (SPEC Part 4): the
 * password (tested with the flow), a mailed code, a passkey, a provider (Apple, Google, any
 * OpenID provider), and the second step by app, recovery code or text. Each path ends in a code
 * for the app and an ID token whose `amr` says how.
 */

const idp = new FakeIssuer({
  issuer: "https://idp.test",
  clientId: "coffee-web",
  clientSecret: "idp-client-secret-0123456789",
});
const verify = new FakeVerify();
const environment = await providerBindings({
  ...verify.settings,
  IDENTITY_PROVIDERS: JSON.stringify([
    { id: "idp", kind: "oidc", name: "Idp", issuer: idp.issuer, client_id: idp.clientId },
  ]),
  OAUTH_REDIRECT_ORIGINS: "https://shop.example",
  ...({ IDP_IDP_CLIENT_SECRET: idp.clientSecret } as Partial<Env>),
});
const CALLBACK = "https://app.example/cb";
let app: RegisteredClient;

beforeAll(async () => {
  const admin = await makeAdmin("oidc-pages-admin");
  app = await registerClient(admin.session.access_token, {
    name: "Loyalty app",
    kind: "public",
    redirect_uris: [CALLBACK],
    scopes: ["openid", "profile", "email", "offline_access"],
    first_party: true,
  });
});
beforeEach(() => {
  verify.mode = "ok";
  idp.routeFetch(verify as unknown as FakeIssuer);
});
afterEach(() => {
  vi.restoreAllMocks();
});

async function finish(started: Awaited<ReturnType<typeof startAuthorization>>, back: URL | null) {
  expect(back, "sent back to the app").not.toBeNull();
  const rp = await relyingParty(environment, app);
  return client.authorizationCodeGrant(rp, back as URL, {
    pkceCodeVerifier: started.verifier,
    expectedState: started.state,
    expectedNonce: started.nonce,
  });
}

describe("the hosted sign-in page's other ways in", () => {
  it("a mailed code", async () => {
    const person = await verifiedUser("oidc-email-code");
    await expireMailCooldown(person.email);
    const rp = await relyingParty(environment, app);
    const started = await startAuthorization(rp, CALLBACK, { scope: "openid email" });
    const browser = new Browser();
    const page = await (await browser.get(started.url.href)).text();
    const asked = await browser.submit(
      page,
      { email: person.email },
      undefined,
      "/oauth/authorize/email-code",
    );
    expect(asked.status).toBe(200);
    const codePage = await asked.text();
    const wrong = await browser.submit(codePage, { code: "000000" });
    expect(wrong.status).toBe(400);
    const code = lastMail(person.email, "login_code").code as string;
    const back = callbackOf(await browser.submit(await wrong.text(), { code }), CALLBACK);
    const tokens = await finish(started, back);
    expect(tokens.claims()).toMatchObject({
      sub: person.session.user.id,
      amr: ["email"],
      acr: "aal1",
    });
  });

  it("a passkey", async () => {
    const person = await verifiedUser("oidc-passkey");
    const authenticator = new SoftwareAuthenticator();
    const registration = await call("POST", "/v1/users/me/passkeys/options", {
      token: person.session.access_token,
      body: { password: PASSWORD },
    });
    expect(registration.status).toBe(200);
    const created = await authenticator.create(await json(registration), "ES256");
    expect(
      (
        await call("POST", "/v1/users/me/passkeys", {
          token: person.session.access_token,
          body: { name: "Key", response: created },
        })
      ).status,
    ).toBe(201);

    const rp = await relyingParty(environment, app);
    const started = await startAuthorization(rp, CALLBACK);
    const browser = new Browser();
    const first = await browser.get(started.url.href);
    const page = await first.text();
    expect(page, `${first.status} ${first.headers.get("Location")}`).toContain(
      'src="/oauth/passkey.js"',
    );
    const options = await json<{ challenge: string }>(
      await call("POST", "/v1/auth/passkey/options", { env: environment }),
    );
    const assertion = await authenticator.get(options);
    const back = callbackOf(
      await browser.submit(
        page,
        { response: JSON.stringify(assertion) },
        undefined,
        "/oauth/authorize/passkey",
      ),
      CALLBACK,
    );
    const tokens = await finish(started, back);
    expect(tokens.claims()).toMatchObject({ amr: ["hwk", "user", "mfa"], acr: "aal2" });
    // A garbage answer is a page, not a crash.
    const again = await startAuthorization(rp, CALLBACK, { prompt: "login" });
    const page2 = await (await browser.get(again.url.href)).text();
    const garbage = await browser.submit(
      page2,
      { response: "{not json" },
      undefined,
      "/oauth/authorize/passkey",
    );
    expect(garbage.status).toBe(400);
    expect(await garbage.text()).toContain('role="alert"');
  });

  it("a texted code as the second step: amr sms (aal2, restricted)", async () => {
    const person = await verifiedUser("oidc-sms");
    const phone = `+1415555${String(Math.floor(1000 + Math.random() * 8999))}`;
    expect(
      (
        await call("POST", "/v1/users/me/mfa/sms", {
          token: person.session.access_token,
          body: { password: PASSWORD, phone },
          env: environment,
        })
      ).status,
    ).toBe(202);
    expect(
      (
        await call("POST", "/v1/users/me/mfa/sms/confirm", {
          token: person.session.access_token,
          body: { code: verify.codeFor(phone) },
          env: environment,
        })
      ).status,
    ).toBe(200);

    const rp = await relyingParty(environment, app);
    const started = await startAuthorization(rp, CALLBACK);
    const browser = new Browser();
    const page = await (await browser.get(started.url.href)).text();
    const second = await (
      await browser.submit(page, { email: person.email, password: PASSWORD })
    ).text();
    expect(second).toContain("Text me a code instead");
    const texted = await browser.submit(second, {}, undefined, "/oauth/authorize/mfa/sms");
    const textedPage = await texted.text();
    expect(textedPage).toContain("ending in");
    expect(textedPage).not.toContain(phone);
    const back = callbackOf(
      await browser.submit(textedPage, { code: verify.codeFor(phone) }),
      CALLBACK,
    );
    const tokens = await finish(started, back);
    expect(tokens.claims()).toMatchObject({ amr: ["pwd", "sms"], acr: "aal2" });
  });

  it("a provider (any OpenID provider, as Apple or Google): the login code is spent only in the browser that went there", async () => {
    const someone = {
      sub: `sub-${crypto.randomUUID()}`,
      email: uniqueEmail("oidc-social"),
      email_verified: true,
      name: "Ada",
    };
    const rp = await relyingParty(environment, app);
    const started = await startAuthorization(rp, CALLBACK);
    const browser = new Browser();
    const page = await (await browser.get(started.url.href)).text();
    const link = /href="(\/oauth\/authorize\/social\/idp\/start[^"]*)"/.exec(page)?.[1];
    expect(link).toBeTruthy();
    const toIdp = await browser.get((link as string).replaceAll("&amp;", "&"));
    expect(toIdp.status).toBe(302);
    expect([...browser.cookies.keys()].sort()).toEqual(["__Host-oauth", "__Host-op_social"]);
    const answered = idp.authorize(toIdp.headers.get("Location") as string, someone);
    const toPage = await browser.get(answered.url);
    expect(toPage.status).toBe(302);
    const pageUrl = toPage.headers.get("Location") as string;
    expect(pageUrl.startsWith(`${ISSUER}/oauth/authorize/social?`)).toBe(true);

    // The same link in another browser (no binding cookie): refused, and the code is not spent.
    const stranger = await new Browser().get(pageUrl);
    expect(stranger.status).toBe(400);
    const back = callbackOf(await browser.get(pageUrl), CALLBACK);
    const tokens = await finish(started, back);
    expect(tokens.claims()).toMatchObject({ amr: ["oauth"], acr: "aal1" });
  });

  it("an unknown provider, or one that refuses: a page that says so, nobody signed in", async () => {
    const rp = await relyingParty(environment, app);
    const started = await startAuthorization(rp, CALLBACK);
    const browser = new Browser();
    const query = started.url.search;
    const unknown = await browser.get(`/oauth/authorize/social/nobody/start${query}`);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('role="alert"');
    const refused = await browser.get(`/oauth/authorize/social${query}&error=access_denied`);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("did not finish (access_denied)");
  });
});
