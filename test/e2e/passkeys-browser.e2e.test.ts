// Passkeys in a real browser: headless Chromium with a virtual authenticator (the DevTools
// protocol's WebAuthn domain — a platform authenticator with user verification). A signed-in page
// registers a passkey with navigator.credentials.create(), then signs in with
// navigator.credentials.get() and no email at all.
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { apiClient, asSession, mailedCode, PASSWORD, uniqueEmail } from "./helpers";
import { CHROMIUM, CHROMIUM_ARGS } from "./settings";
import { addVirtualAuthenticator, registerPasskey } from "./webauthn";

let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS, "--host-resolver-rules=MAP localhost 127.0.0.1"],
  });
  // The API's own CSP forbids scripts on its JSON pages; this test's page is a stand-in front end.
  context = await browser.newContext({ bypassCSP: true });
  page = await context.newPage();
  await addVirtualAuthenticator(context, page);
  const origin = inject("workerUrl").replace("127.0.0.1", "localhost");
  await page.goto(`${origin}/health`);
});

afterAll(async () => {
  await browser?.close();
});

describe("a passkey through the browser's WebAuthn API", () => {
  it("registers with navigator.credentials.create, then signs in with navigator.credentials.get", async () => {
    const email = uniqueEmail("browser-passkey");
    const api = apiClient();
    await api.POST("/v1/auth/signup", { body: { email, password: PASSWORD } });
    const verified = await api.POST("/v1/auth/verify", {
      body: { email, password: PASSWORD, code: await mailedCode(email) },
    });
    const token = asSession(verified.data).access_token;

    const added = await registerPasskey(page, token, PASSWORD, "Virtual authenticator");
    const result = await page.evaluate(async () => {
      const fromB64 = (s: string) =>
        Uint8Array.from(
          atob(
            s
              .replaceAll("-", "+")
              .replaceAll("_", "/")
              .padEnd(Math.ceil(s.length / 4) * 4, "="),
          ),
          (c) => c.charCodeAt(0),
        );
      const toB64 = (b: ArrayBuffer) =>
        btoa(String.fromCharCode(...new Uint8Array(b)))
          .replaceAll("+", "-")
          .replaceAll("/", "_")
          .replace(/=+$/, "");
      const post = async (path: string, body?: unknown) => {
        const response = await fetch(path, {
          method: "POST",
          headers: body ? { "Content-Type": "application/json" } : {},
          body: body ? JSON.stringify(body) : undefined,
        });
        return { status: response.status, body: await response.json().catch(() => null) };
      };

      const signInOptions = (await post("/v1/auth/passkey/options")).body;
      const asserted = (await navigator.credentials.get({
        publicKey: { ...signInOptions, challenge: fromB64(signInOptions.challenge) },
      })) as PublicKeyCredential;
      const assertion = asserted.response as AuthenticatorAssertionResponse;
      const signedIn = await post("/v1/auth/passkey/verify", {
        response: {
          id: asserted.id,
          rawId: toB64(asserted.rawId),
          type: asserted.type,
          response: {
            clientDataJSON: toB64(assertion.clientDataJSON),
            authenticatorData: toB64(assertion.authenticatorData),
            signature: toB64(assertion.signature),
            userHandle: assertion.userHandle ? toB64(assertion.userHandle) : undefined,
          },
          clientExtensionResults: asserted.getClientExtensionResults(),
        },
      });
      return { signedIn };
    });

    expect(added).toBe(201);
    expect(result.signedIn.status).toBe(200);
    expect(result.signedIn.body.user.email).toBe(email);
    const claims = JSON.parse(
      Buffer.from(result.signedIn.body.access_token.split(".")[1], "base64url").toString(),
    );
    expect(claims.amr).toEqual(["hwk", "user", "mfa"]);
  });
});
