// The console in headless Chromium, as an admin uses it: sign in with password + TOTP, find a
// user, end a session, ban them (after the confirmation page), find the audit row. Every page
// passes axe-core with no serious or critical violation and fits 360 px without scrolling
// sideways. Screenshots land in test-results/ (kept as CI artifacts).
import { mkdirSync } from "node:fs";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { totpCode } from "../../src/crypto/totp";
import { checkPage } from "./a11y";
import { apiClient, asSession, createAdmin, mailedCode, PASSWORD, uniqueEmail } from "./helpers";
import { CHROMIUM, CHROMIUM_ARGS } from "./settings";
import { addVirtualAuthenticator, registerPasskey } from "./webauthn";

const SCREENSHOTS = "test-results";
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];
/** The admin of the first test, for the second (a passkey made with their access token). */
let adminToken = "";

beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS, "--host-resolver-rules=MAP localhost 127.0.0.1"],
  });
  // The console's cookie is __Host- (Secure): Chromium keeps Secure cookies of http://localhost.
  const context = await browser.newContext({ viewport: { width: 360, height: 780 } });
  page = await context.newPage();
  // A platform authenticator for the passkey sign-in (the DevTools WebAuthn domain).
  await addVirtualAuthenticator(context, page);
  page.on("console", (m) => {
    if (m.type() === "error") consoleErrors.push(m.text());
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
});

const base = () => inject("workerUrl").replace("127.0.0.1", "localhost");

const check = (name: string) => checkPage(page, "console", name);

describe("the console in a browser", () => {
  it("signs in with password + TOTP, finds a user, ends a session, bans them, finds the audit row", async () => {
    const adminEmail = uniqueEmail("console-e2e-admin");
    createAdmin(adminEmail, PASSWORD);
    const admin = apiClient();
    const login = asSession(
      (await admin.POST("/v1/auth/login", { body: { email: adminEmail, password: PASSWORD } }))
        .data,
    );
    adminToken = login.access_token;
    const authed = apiClient(login.access_token);
    const enrolled = await authed.POST("/v1/users/me/mfa/totp", { body: { password: PASSWORD } });
    const secret = enrolled.data?.secret ?? "";
    await authed.POST("/v1/users/me/mfa/totp/confirm", {
      body: { code: totpCode(secret, Date.now()) },
    });

    const targetEmail = uniqueEmail("console-e2e-customer");
    await admin.POST("/v1/auth/signup", { body: { email: targetEmail, password: PASSWORD } });
    await admin.POST("/v1/auth/verify", {
      body: { email: targetEmail, password: PASSWORD, code: await mailedCode(targetEmail) },
    });

    await page.goto(`${base()}/console`);
    expect(page.url()).toContain("/console/login");
    await check("sign-in");
    await page.getByLabel("Email").fill(adminEmail);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page
      .getByLabel(/Code from your authenticator/)
      .fill(totpCode(secret, Date.now() + 30_000));
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByRole("heading", { name: "Dashboard" }).waitFor();
    await check("dashboard");

    await page.getByRole("link", { name: "Users" }).click();
    await check("users");
    await page.getByLabel("Email starts with").fill(targetEmail);
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByRole("link", { name: targetEmail }).click();
    await page.getByRole("heading", { name: targetEmail }).waitFor();
    await check("user");

    await page.getByRole("link", { name: "End every session" }).click();
    await check("confirm");
    // A destructive act asks for a fresh proof: the password (or a TOTP code).
    await page.getByLabel(/Your password/).fill(PASSWORD);
    await page.getByRole("button", { name: "End them" }).click();
    await page.getByRole("status").waitFor();

    await page.getByRole("link", { name: "Ban", exact: true }).click();
    await page.getByLabel(/Reason/).fill("Abuse at the counter");
    await page.getByLabel(/Your password/).fill(PASSWORD);
    await page.getByRole("button", { name: "Ban" }).click();
    await expect(page.getByRole("status").textContent()).resolves.toContain("Ban");

    await page.getByRole("link", { name: "Audit trail" }).click();
    await page.getByLabel("Event type").fill("admin.ban");
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page.locator("table").textContent()).resolves.toContain("admin.ban");
    await check("audit");

    // Dead-lettered events (none here): the page and its table read at 360 px too.
    await page.getByRole("link", { name: "Events" }).click();
    await page.getByRole("heading", { name: "Failed event deliveries" }).waitFor();
    await check("events");

    // A shop with a key and an invitation, made through the API; then its pages in the console.
    const shopSlug = `console-e2e-${crypto.randomUUID().slice(0, 8)}`;
    const opened = await authed.POST("/v1/shops", {
      body: { slug: shopSlug, name: "Rossio Roasters", timezone: "Europe/Lisbon" },
    });
    const shopId = opened.data?.id ?? "";
    await authed.POST("/v1/shops/{id}/api-keys", {
      params: { path: { id: shopId } },
      body: { name: "Front till", scopes: ["till.open"] },
    });

    await page.getByRole("link", { name: "Shops" }).click();
    await check("shops");
    await page.getByRole("link", { name: "Rossio Roasters" }).first().click();
    await page.getByRole("heading", { name: /Rossio Roasters: members/ }).waitFor();
    await check("shop-members");
    await page.getByRole("link", { name: "Invitations" }).click();
    await page.getByLabel("Email").fill(uniqueEmail("console-e2e-invitee"));
    await page.getByRole("button", { name: "Invite" }).click();
    await page.getByRole("status").waitFor();
    await check("shop-invitations");
    await page.getByRole("link", { name: "Keys" }).click();
    await check("shop-keys");
    await page.getByRole("link", { name: "Revoke Front till" }).click();
    await page.getByLabel(/Your password/).fill(PASSWORD);
    await page.getByRole("button", { name: "Revoke it now" }).click();
    await expect(page.getByRole("status").textContent()).resolves.toContain("revoked");
    expect(consoleErrors).toEqual([]);
  });

  it("signs in with a passkey instead (the console's one script, self-hosted)", async () => {
    expect(adminToken).not.toBe("");
    // Register a passkey for the admin through this browser's authenticator, from the sign-in
    // page (the one whose CSP lets a script of ours call the API).
    await page.goto(`${base()}/console/login`);
    const added = await registerPasskey(page, adminToken, PASSWORD);
    expect(added).toBe(201);

    await page.goto(`${base()}/console`);
    await page.getByRole("button", { name: /Sign out/ }).click();
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await page.getByRole("button", { name: "Sign in with a passkey" }).click();
    await page.getByRole("heading", { name: "Dashboard" }).waitFor();
    expect(consoleErrors).toEqual([]);
  });
});
