// The OpenID provider as an app meets it: `openid-client` (an OpenID-certified relying party no
// one here wrote) discovers the Worker under `wrangler dev`, sends headless Chromium to the hosted
// sign-in page (360 px, keyboard only, axe-clean), the person allows the app on the consent page,
// and the app redeems the code, validates the ID token against the JWKS, reads userinfo,
// refreshes and revokes. A second authorization in the same browser asks nothing.
import { createServer, type Server } from "node:http";
import * as client from "openid-client";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkPage } from "./a11y";
import { apiClient, asSession, createAdmin, mailedCode, PASSWORD, uniqueEmail } from "./helpers";
import { CHROMIUM, CHROMIUM_ARGS, E2E_SETTINGS } from "./settings";

const ISSUER = E2E_SETTINGS.PUBLIC_URL;
/** A native app's loopback redirect (RFC 8252): registered without a port, used with one. */
const REGISTERED = "http://127.0.0.1/callback";
const CALLBACK = "http://127.0.0.1:8099/callback";

let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];
/** Where the browser was sent back to the app (the app's own server is not needed). */
let lastCallback = "";
let app: Server;

beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS, "--host-resolver-rules=MAP localhost 127.0.0.1"],
  });
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  page = await context.newPage();
  page.on("console", (m) => {
    if (m.type() === "error") consoleErrors.push(m.text());
  });
  // The app's redirect URI: a small local server that keeps where the browser was sent.
  app = createServer((request, response) => {
    lastCallback = `http://127.0.0.1:8099${request.url}`;
    response.writeHead(200, { "Content-Type": "text/html" });
    response.end('<!doctype html><html lang="en"><title>App</title><p>Signed in</p></html>');
  });
  await new Promise<void>((resolve) => app.listen(8099, "127.0.0.1", resolve));
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => app?.close(resolve));
});

const check = (name: string) => checkPage(page, "openid-provider", name);

async function registerApp(): Promise<string> {
  const email = uniqueEmail("oidc-e2e-admin");
  createAdmin(email, PASSWORD);
  const login = await apiClient().POST("/v1/auth/login", { body: { email, password: PASSWORD } });
  const api = apiClient(asSession(login.data).access_token);
  const made = await api.POST("/v1/oauth/clients", {
    body: {
      name: "Rossio loyalty",
      kind: "public",
      redirect_uris: [REGISTERED],
      scopes: ["openid", "email", "profile", "offline_access"],
      first_party: false,
    },
  });
  expect(made.response.status).toBe(201);
  return (made.data as { client_id: string }).client_id;
}

async function authorize(config: client.Configuration) {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: CALLBACK,
    scope: "openid email offline_access",
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    nonce,
  });
  return {
    url,
    checks: { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce },
  };
}

describe("an app signs a person in through the provider, in a browser", () => {
  it("discovery → sign-in and consent pages → code → tokens → userinfo → refresh → revoke", async () => {
    const clientId = await registerApp();
    const email = uniqueEmail("oidc-e2e-person");
    const signup = await apiClient().POST("/v1/auth/signup", {
      body: { email, password: PASSWORD, name: "Inês" },
    });
    expect(signup.response.status).toBe(202);
    const verified = await apiClient().POST("/v1/auth/verify", {
      body: { email, password: PASSWORD, code: await mailedCode(email) },
    });
    expect(verified.response.status).toBe(200);

    const config = await client.discovery(new URL(ISSUER), clientId, undefined, client.None(), {
      execute: [client.allowInsecureRequests],
    });
    expect(config.serverMetadata().issuer).toBe(ISSUER);
    const first = await authorize(config);
    await page.goto(first.url.href);
    await page.waitForSelector("h1:text('Sign in')");
    await check("sign-in");
    // The keyboard alone: to the address, then the password, then Enter.
    await page.locator("#email").focus();
    await page.keyboard.type(email);
    await page.keyboard.press("Tab");
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press("Enter");
    await page.waitForSelector("h1:text('Allow Rossio loyalty?')");
    await check("consent");
    lastCallback = "";
    await page.getByRole("button", { name: "Allow" }).click();
    await expect.poll(() => lastCallback, { timeout: 15_000 }).toContain("code=");
    const back = new URL(lastCallback);
    expect(back.searchParams.get("iss")).toBe(ISSUER);

    const tokens = await client.authorizationCodeGrant(config, back, first.checks);
    const claims = tokens.claims();
    expect(claims).toMatchObject({ iss: ISSUER, aud: clientId, email, amr: ["pwd"] });
    const info = await client.fetchUserInfo(config, tokens.access_token, claims?.sub as string);
    expect(info.email).toBe(email);
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token as string);
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);

    // The same browser again: no sign-in, no consent (remembered).
    const second = await authorize(config);
    lastCallback = "";
    await page.goto(second.url.href);
    await expect.poll(() => lastCallback, { timeout: 15_000 }).toContain("code=");
    expect(new URL(lastCallback).searchParams.get("state")).toBe(second.checks.expectedState);

    await client.tokenRevocation(config, refreshed.refresh_token as string);
    await expect(
      client.refreshTokenGrant(config, refreshed.refresh_token as string),
    ).rejects.toThrow();
    expect(consoleErrors).toEqual([]);
  });
});
