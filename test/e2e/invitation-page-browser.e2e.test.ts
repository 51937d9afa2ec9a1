// The hosted invitation page in headless Chromium at 360 px: the invitation mail's link (token in
// the fragment) opens the page, the page fills the token and wipes the fragment, the keyboard
// alone signs in with the invited address, and the invitation is accepted. The page and the
// problem pages pass axe-core with no serious or critical violation and do not scroll sideways.
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { checkPage } from "./a11y";
import { apiClient, asSession, createAdmin, mailedLink, PASSWORD, uniqueEmail } from "./helpers";
import { CHROMIUM, CHROMIUM_ARGS } from "./settings";

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
});

afterAll(async () => {
  await browser?.close();
});

const check = (name: string) => checkPage(page, "invitation", name);

describe("an invitation accepted in a browser", () => {
  it("follows the mailed link, signs in with the keyboard, and joins the shop", async () => {
    const email = uniqueEmail("invited-admin");
    createAdmin(email, PASSWORD);
    const login = await apiClient().POST("/v1/auth/login", { body: { email, password: PASSWORD } });
    const { access_token } = asSession(login.data);
    const api = apiClient(access_token);
    const slug = `browser-${crypto.randomUUID().slice(0, 8)}`;
    const shop = await api.POST("/v1/shops", {
      body: { slug, name: "Rossio Beans", timezone: "Europe/Lisbon" },
    });
    expect(shop.response.status).toBe(201);
    const shopId = (shop.data as { id: string }).id;
    const invited = await api.POST("/v1/shops/{id}/invitations", {
      params: { path: { id: shopId } },
      body: { email, role: "manager" },
    });
    expect(invited.response.status).toBe(202);

    await page.goto(await mailedLink(email, "invited", "/invitations"));
    await expect(page.locator("#token").inputValue()).resolves.toMatch(/^[\w-]{43}$/);
    expect(new URL(page.url()).hash).toBe("");
    await check("form");
    // The keyboard alone: the cursor is on the address.
    await page.keyboard.type(email);
    await page.keyboard.press("Tab");
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press("Enter");
    await page.waitForSelector("h1:text('You joined the shop')");
    await expect(page.locator("main").textContent()).resolves.toContain(
      "You are now a manager of Rossio Beans",
    );
    await check("joined");
    expect(consoleErrors).toEqual([]);
  });

  it("a problem's type opens a readable page", async () => {
    const answer = await fetch(`${inject("workerUrl")}/v1/users/me`);
    const { type } = (await answer.json()) as { type: string };
    const url = new URL(type, inject("workerUrl"));
    await page.goto(url.href.replace("127.0.0.1", "localhost"));
    await expect(page.locator("h1").textContent()).resolves.toBe("Unauthorized");
    await check("problem");
  });
});
