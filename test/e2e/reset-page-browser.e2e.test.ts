// Reset by a link, in headless Chromium at 360 px: the reset mail's link (address and code in the
// fragment) opens the hosted page, the page fills the form and wipes the fragment, the keyboard
// alone sets the new password, and the new password signs in. Both pages pass axe-core with no
// serious or critical violation and do not scroll sideways.
import { mkdirSync } from "node:fs";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { checkPage } from "./a11y";
import { apiClient, createAdmin, mailedLink, PASSWORD, uniqueEmail } from "./helpers";
import { CHROMIUM, CHROMIUM_ARGS } from "./settings";

const SCREENSHOTS = "test-results";
const NEW_PASSWORD = "a-brand-new-passphrase-77";
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

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
  mkdirSync(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
});

const check = (name: string) => checkPage(page, "reset", name);

describe("reset by a link, in a browser", () => {
  it("follows the mailed link, sets a new password with the keyboard, and signs in with it", async () => {
    // An account made without a mail (create-admin), so no mail cooldown stands in the way.
    const email = uniqueEmail("reset-link");
    createAdmin(email, PASSWORD);
    const api = apiClient();
    expect((await api.POST("/v1/auth/password/forgot", { body: { email } })).response.status).toBe(
      202,
    );
    const link = await mailedLink(email, "Reset", "/reset");
    expect(link.startsWith("http://localhost:")).toBe(true);

    await page.goto(link);
    await expect(page.locator("#email").inputValue()).resolves.toBe(email);
    await expect(page.locator("#code").inputValue()).resolves.toMatch(/^\d{6}$/);
    // The fragment is gone from the address bar (and history) once the form has it.
    expect(new URL(page.url()).hash).toBe("");
    await check("form");
    // The keyboard alone: the cursor is on the new password; Enter submits.
    await page.keyboard.type(NEW_PASSWORD);
    await page.keyboard.press("Enter");
    await page.waitForSelector("main.done");
    await expect(page.locator("h1").textContent()).resolves.toBe("Your password is changed");
    await check("done");
    expect(consoleErrors).toEqual([]);

    const login = await api.POST("/v1/auth/login", { body: { email, password: NEW_PASSWORD } });
    expect(login.response.status).toBe(200);
  });

  it("without the fragment, a person types the code; a wrong one gets a readable message", async () => {
    await page.goto(`${inject("workerUrl").replace("127.0.0.1", "localhost")}/reset`);
    await page.fill("#email", uniqueEmail("typed"));
    await page.fill("#code", "000000");
    await page.fill("#new_password", NEW_PASSWORD);
    await page.click("button[type=submit]");
    await page.waitForSelector("#problem");
    await expect(page.locator("#problem").textContent()).resolves.toMatch(/code/i);
    await check("wrong-code");
  });
});
