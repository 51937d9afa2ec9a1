// /docs and /redoc in a real headless Chromium: the self-hosted Swagger UI renders every
// operation under the page's 'self'-only Content-Security-Policy, "Try it out" works, and so does
// "Authorize"; ReDoc renders every operation under its own policy, searches, and links back.
import { mkdirSync, readFileSync } from "node:fs";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { OPENAPI_JSON } from "../../scripts/openapi-files";
import { apiClient, asSession, mailedCode, PASSWORD, uniqueEmail } from "./helpers";
import { CHROMIUM, CHROMIUM_ARGS } from "./settings";

const SCREENSHOTS = "test-results";

const spec = JSON.parse(readFileSync(OPENAPI_JSON, "utf8")) as {
  paths: Record<string, Record<string, { operationId: string; tags: string[] }>>;
};
const operations = Object.values(spec.paths).flatMap((ops) => Object.values(ops));

function operationById(operationId: string) {
  const operation = operations.find((op) => op.operationId === operationId);
  if (!operation) throw new Error(`${operationId} is not in the contract`);
  return operation;
}

let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  page = await browser.newPage();
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => consoleErrors.push(error.message));
  page.on("response", (response) => {
    if (response.status() >= 400) consoleErrors.push(`${response.status()} ${response.url()}`);
  });
  await page.goto(`${inject("workerUrl")}/docs`);
  await page.locator(".opblock").first().waitFor();
});

afterAll(async () => {
  await browser?.close();
});

function operationBlock(operation: { operationId: string; tags: string[] }) {
  return page.locator(`#operations-${operation.tags[0]}-${operation.operationId}`);
}

async function tryItOut(operation: { operationId: string; tags: string[] }) {
  const block = operationBlock(operation);
  await block.locator(".opblock-summary").click();
  await block.locator("button.try-out__btn").click();
  await block.locator("button.execute").click();
  const response = block.locator(".live-responses-table tbody tr.response").first();
  await response.waitFor();
  return {
    status: await response.locator(".response-col_status").textContent(),
    body: await response.locator(".response-col_description pre").first().textContent(),
  };
}

describe("Swagger UI at /docs in headless Chromium", () => {
  it("renders every operation of the contract, loading nothing the policy blocks", async () => {
    expect(operations.length).toBeGreaterThan(20);
    for (const operation of operations) {
      await expect(operationBlock(operation).count(), operation.operationId).resolves.toBe(1);
    }
    await expect(page.locator(".opblock").count()).resolves.toBe(operations.length);
    expect(consoleErrors).toEqual([]);
  });

  it('executes "Try it out" on GET /health and shows the 200', async () => {
    const health = operationById("health");
    const { status, body } = await tryItOut(health);
    expect(status).toBe("200");
    expect(body).toContain('"status": "ok"');
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: `${SCREENSHOTS}/docs-try-it-out-health.png`, fullPage: true });
  });

  it('sends the bearer token given to "Authorize" with GET /v1/users/me', async () => {
    const email = uniqueEmail("docs");
    const api = apiClient();
    await api.POST("/v1/auth/signup", { body: { email, password: PASSWORD } });
    const verified = await api.POST("/v1/auth/verify", {
      body: { email, password: PASSWORD, code: await mailedCode(email) },
    });
    const token = asSession(verified.data).access_token;
    if (!token) throw new Error("verify returned no access token");

    await page.locator("button.authorize").first().click();
    // One form per security scheme: the access token goes into bearerAuth's (not metricsToken's).
    const dialog = page.locator(".modal-ux");
    const bearer = dialog.locator(".auth-container").filter({ hasText: "bearerAuth" });
    await bearer.locator("input").fill(token);
    await bearer.locator("button.authorize").click();
    await bearer.locator("button.btn-done").click();

    const getMe = operationById("getMe");
    const { status, body } = await tryItOut(getMe);
    expect(status).toBe("200");
    expect(body).toContain(email);
    await page.screenshot({ path: `${SCREENSHOTS}/docs-authorized-me.png`, fullPage: true });
    expect(consoleErrors).toEqual([]);
  });
});

describe("ReDoc at /redoc in headless Chromium", () => {
  let redoc: Page;
  const redocErrors: string[] = [];
  const requested: string[] = [];

  beforeAll(async () => {
    redoc = await browser.newPage();
    redoc.on("console", (message) => {
      if (message.type() === "error") redocErrors.push(message.text());
    });
    redoc.on("pageerror", (error) => redocErrors.push(error.message));
    redoc.on("request", (request) => requested.push(request.url()));
    redoc.on("response", (response) => {
      if (response.status() >= 400) redocErrors.push(`${response.status()} ${response.url()}`);
    });
  });

  it("is self-hosted: no CDN in the page or its policy, scripts only from the service", async () => {
    const response = await fetch(`${inject("workerUrl")}/redoc`);
    expect(response.status).toBe(200);
    const csp = response.headers.get("Content-Security-Policy") ?? "";
    const html = await response.text();
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/https?:|unsafe-eval|script-src[^;]*unsafe-inline/);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).toContain('href="/docs"');
    const bundle = await fetch(`${inject("workerUrl")}/redoc/redoc.standalone.js`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get("Cache-Control")).toBe("public, max-age=86400");
    expect(bundle.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(await bundle.text()).not.toContain("cdn.redoc.ly");
  });

  it("static assets serve the docs' files only: the rest of assets/ is the Worker's alone", async () => {
    // The common-password list is an asset the Worker reads through its binding; the Worker runs
    // first on its path and answers 404, as for any unknown path.
    for (const path of ["/internal/common-passwords.txt", "/_headers"]) {
      const response = await fetch(`${inject("workerUrl")}${path}`);
      expect(response.status, path).toBe(404);
      expect(response.headers.get("Content-Type"), path).toBe("application/problem+json");
    }
    // Under the docs' paths the asset router answers alone: a missing file is its bare 404.
    expect((await fetch(`${inject("workerUrl")}/redoc/nope.js`)).status).toBe(404);
  });

  it("renders every operation of the contract, with no console or CSP error", async () => {
    await redoc.goto(`${inject("workerUrl")}/redoc`);
    await redoc.locator('[data-section-id^="operation/"]').first().waitFor();
    for (const operation of operations) {
      const section = redoc.locator(`[data-section-id="operation/${operation.operationId}"]`);
      await expect(section.count(), operation.operationId).resolves.toBe(1);
    }
    await expect(redoc.locator('[data-section-id^="operation/"]').count()).resolves.toBe(
      operations.length,
    );
    const origin = new URL(inject("workerUrl")).origin;
    // blob: URLs of this origin are ReDoc's own search worker, made from its bundle.
    const offOrigin = requested.filter(
      (url) =>
        !url.startsWith(`${origin}/`) &&
        !url.startsWith(`blob:${origin}/`) &&
        !url.startsWith("data:"),
    );
    expect(offOrigin).toEqual([]);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await redoc.screenshot({ path: `${SCREENSHOTS}/redoc.png` });
    expect(redocErrors).toEqual([]);
  });

  it("searches the reference, and links to Swagger UI and back", async () => {
    await redoc.locator('input[placeholder="Search..."]').fill("jwks");
    await redoc.locator('[data-role="search:results"] li').first().waitFor();
    await redoc.locator('a[href="/docs"]').click();
    await redoc.waitForURL(/\/docs$/);
    await redoc.locator('a[href="/redoc"]').first().waitFor();
    expect(redocErrors).toEqual([]);
  });
});
