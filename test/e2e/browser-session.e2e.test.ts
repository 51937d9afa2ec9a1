// The browser mode in a real headless Chromium: a front end on an allowed origin logs in with the
// refresh token in an HttpOnly cookie, refreshes and logs out with `credentials: "include"` — the
// way the README's snippet does it — and its scripts never get to see the refresh token.
import { createServer, type Server } from "node:http";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { apiClient, mailedCode, PASSWORD, uniqueEmail } from "./helpers";
import { CHROMIUM, CHROMIUM_ARGS, FRONT_END_ORIGIN, FRONT_END_PORT } from "./settings";

let server: Server;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

beforeAll(async () => {
  server = createServer((_request, response) => {
    response.writeHead(200, { "Content-Type": "text/html" });
    response.end("<!doctype html><title>Coffee Shop</title><h1>front end</h1>");
  });
  await new Promise<void>((resolve) => server.listen(FRONT_END_PORT, "127.0.0.1", resolve));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  page = await browser.newPage();
  page.on("pageerror", (error) => consoleErrors.push(error.message));
  await page.goto(FRONT_END_ORIGIN);
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

describe("a front end on an allowed origin uses the cookie mode", () => {
  it("logs in, refreshes and logs out with the refresh token only in an HttpOnly cookie", async () => {
    const email = uniqueEmail("browser");
    const api = apiClient();
    await api.POST("/v1/auth/signup", { body: { email, password: PASSWORD } });
    const verified = await api.POST("/v1/auth/verify", {
      body: { email, password: PASSWORD, code: await mailedCode(email) },
    });
    expect(verified.response.status).toBe(200);

    const result = await page.evaluate(
      async ({ api, email, password }) => {
        const post = (path: string, body?: unknown) =>
          fetch(`${api}${path}`, {
            method: "POST",
            credentials: "include",
            ...(body
              ? { headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) }
              : {}),
          });
        const login = await post("/v1/auth/login", {
          email,
          password,
          refresh_token_transport: "cookie",
        });
        const session = await login.json();
        const refreshed = await post("/v1/auth/refresh");
        const rotated = await refreshed.json();
        const me = await fetch(`${api}/v1/users/me`, {
          headers: { Authorization: `Bearer ${rotated.access_token}` },
        });
        const logout = await post("/v1/auth/logout");
        const afterLogout = await post("/v1/auth/refresh");
        return {
          login: login.status,
          loginHasRefreshToken: "refresh_token" in session,
          refresh: refreshed.status,
          refreshHasRefreshToken: "refresh_token" in rotated,
          me: me.status,
          logout: logout.status,
          afterLogout: afterLogout.status,
          scriptSeesCookies: document.cookie,
        };
      },
      { api: inject("workerUrl"), email, password: PASSWORD },
    );
    expect(result).toEqual({
      login: 200,
      loginHasRefreshToken: false,
      refresh: 200,
      refreshHasRefreshToken: false,
      me: 200,
      logout: 204,
      afterLogout: 401,
      scriptSeesCookies: "",
    });
    // The cookie the browser holds for the API: HttpOnly, Secure, Strict, scoped to /v1/auth.
    expect(consoleErrors).toEqual([]);
  });

  it("keeps the cookie where the spec puts it", async () => {
    const email = uniqueEmail("browser-cookie");
    const api = apiClient();
    await api.POST("/v1/auth/signup", { body: { email, password: PASSWORD } });
    await api.POST("/v1/auth/verify", {
      body: { email, password: PASSWORD, code: await mailedCode(email) },
    });
    await page.evaluate(
      async ({ api, email, password }) => {
        await fetch(`${api}/v1/auth/login`, {
          method: "POST",
          credentials: "include",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ email, password, refresh_token_transport: "cookie" }),
        });
      },
      { api: inject("workerUrl"), email, password: PASSWORD },
    );
    const cookies = await page.context().cookies(`${inject("workerUrl")}/v1/auth/refresh`);
    const cookie = cookies.find((c) => c.name === "__Secure-refresh_token");
    expect(cookie).toMatchObject({
      httpOnly: true,
      secure: true,
      sameSite: "Strict",
      path: "/v1/auth",
    });
    expect(cookie?.expires ?? 0).toBeGreaterThan(Date.now() / 1000 + 29 * 86_400);
  });
});
