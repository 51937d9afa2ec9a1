import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { totpCode } from "../../src/crypto/totp";
import { bindings, call, enableMfa, makeAdmin, PASSWORD, verifiedUser } from "../helpers/api";
import { countingD1 } from "../helpers/d1";

const ORIGIN = "https://api.test";

/** A browser-like form post to the console (same origin, form-encoded), cookies by hand. */
function form(path: string, fields: Record<string, string>, cookie?: string, envFor?: Env) {
  return call("POST", path, {
    rawBody: new URLSearchParams(fields).toString(),
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Origin: ORIGIN,
      ...(cookie ? { Cookie: cookie } : {}),
    },
    env: envFor,
  });
}

const get = (path: string, cookie?: string, envFor?: Env) =>
  call("GET", path, { headers: cookie ? { Cookie: cookie } : {}, env: envFor });

/** An admin with MFA, signed in to the console: the cookie and the page's CSRF token. */
async function consoleAdmin(label = "console-admin") {
  const admin = await makeAdmin(label);
  const { secret } = await enableMfa(admin.session.access_token);
  const first = await form("/console/login", { email: admin.email, password: PASSWORD });
  const html = await first.text();
  const mfaToken = /name="mfa_token" value="([^"]+)"/.exec(html)?.[1] ?? "";
  const second = await form("/console/login/mfa", {
    mfa_token: mfaToken,
    code: totpCode(secret, Date.now() + 30_000),
  });
  expect(second.status).toBe(303);
  const setCookie = second.headers.get("Set-Cookie") ?? "";
  expect(setCookie).toMatch(/^__Host-console=[^;]+; Path=\/; HttpOnly; Secure; SameSite=Strict/);
  const cookie = setCookie.split(";")[0] ?? "";
  const page = await (await get("/console", cookie)).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? "";
  return { ...admin, cookie, csrf };
}

describe("the console: its own session, two-step sign-in, CSRF, no scripts", () => {
  it("signs an admin in with password + TOTP, under a CSP that allows no script", async () => {
    const admin = await consoleAdmin();
    const dashboard = await get("/console", admin.cookie);
    expect(dashboard.status).toBe(200);
    const csp = dashboard.headers.get("Content-Security-Policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/script-src|unsafe/);
    const html = await dashboard.text();
    expect(html).toContain("<svg");
    expect(html).not.toContain("<script");
    expect(admin.csrf.length).toBeGreaterThan(20);
  });

  it("refuses a password-only sign-in and a user who runs nothing", async () => {
    const plainAdmin = await makeAdmin("console-no-mfa");
    const refused = await form("/console/login", { email: plainAdmin.email, password: PASSWORD });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain("two-step");
    const user = await verifiedUser("console-customer");
    const { secret } = await enableMfa(user.session.access_token);
    const first = await form("/console/login", { email: user.email, password: PASSWORD });
    const mfaToken = /name="mfa_token" value="([^"]+)"/.exec(await first.text())?.[1] ?? "";
    const second = await form("/console/login/mfa", {
      mfa_token: mfaToken,
      code: totpCode(secret, Date.now() + 30_000),
    });
    expect(second.status).toBe(403);
    expect(second.headers.get("Set-Cookie")).toBeNull();
  });

  it("without a session every page sends to the sign-in; a form without its CSRF token is refused", async () => {
    expect((await get("/console/users")).headers.get("Location")).toBe("/console/login");
    const admin = await consoleAdmin("console-csrf");
    const target = await verifiedUser("console-target");
    const forged = await form(
      `/console/users/${target.session.user.id}/ban`,
      { reason: "csrf" },
      admin.cookie,
    );
    expect(forged.status).toBe(403);
    const crossSite = await call("POST", `/console/users/${target.session.user.id}/ban`, {
      rawBody: new URLSearchParams({ reason: "x", _csrf: admin.csrf }).toString(),
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Origin: "https://evil.example",
        Cookie: admin.cookie,
      },
    });
    expect(crossSite.status).toBe(403);
    const row = await env.DB.prepare("SELECT banned_at FROM users WHERE id = ?")
      .bind(target.session.user.id)
      .first<{ banned_at: string | null }>();
    expect(row?.banned_at).toBeNull();
  });

  it("finds a user, bans them after a confirmation page, and the audit row names the admin", async () => {
    const admin = await consoleAdmin("console-ban");
    const target = await verifiedUser("console-banned");
    const list = await (
      await get(`/console/users?q=${encodeURIComponent(target.email)}`, admin.cookie)
    ).text();
    expect(list).toContain(target.email);
    const confirm = await get(`/console/users/${target.session.user.id}/confirm/ban`, admin.cookie);
    expect(await confirm.text()).toContain('name="reason"');
    const banned = await form(
      `/console/users/${target.session.user.id}/ban`,
      { reason: "Abuse at the till", until: "", proof: PASSWORD, _csrf: admin.csrf },
      admin.cookie,
    );
    expect(banned.status).toBe(303);
    const audit = await env.DB.prepare(
      "SELECT actor_id FROM audit_events WHERE type = 'admin.ban' AND target_id = ?",
    )
      .bind(target.session.user.id)
      .first<{ actor_id: string }>();
    expect(audit?.actor_id).toBe(admin.session.user.id);
    const auditPage = await (await get("/console/audit?type=admin.ban", admin.cookie)).text();
    expect(auditPage).toContain(target.session.user.id);
  });

  it("every page costs at most 3 D1 calls", async () => {
    const admin = await consoleAdmin("console-budget");
    const target = await verifiedUser("console-budget-target");
    for (const path of [
      "/console",
      "/console/users",
      `/console/users/${target.session.user.id}`,
      "/console/shops",
      "/console/audit",
    ]) {
      const d1 = countingD1(env.DB);
      const response = await get(path, admin.cookie, bindings({ DB: d1.binding }));
      expect(response.status, path).toBe(200);
      expect(d1.calls, path).toBeLessThanOrEqual(3);
    }
  });

  it("the CSV export streams the current filter, with no formula a spreadsheet would run", async () => {
    const admin = await consoleAdmin("console-csv");
    const email = `csv.${crypto.randomUUID().slice(0, 6)}@example.com`;
    await call("POST", "/v1/users", {
      token: admin.session.access_token,
      body: { email, password: "a-long-unique-passphrase", name: "=HYPERLINK(1)" },
    });
    const csv = await get(`/console/users.csv?q=${encodeURIComponent(email)}`, admin.cookie);
    expect(csv.headers.get("Content-Type")).toContain("text/csv");
    const text = await csv.text();
    expect(text.split("\r\n")[0]).toContain("email");
    expect(text).toContain(`"'=HYPERLINK(1)"`);
  });

  it("ends with its API session: a log-out everywhere ends the console too; idle 30 minutes ends it", async () => {
    const admin = await consoleAdmin("console-end");
    await call("POST", "/v1/auth/logout-all", { token: admin.session.access_token });
    // logout-all ended every session of the admin, the console's among them.
    expect((await get("/console", admin.cookie)).headers.get("Location")).toBe("/console/login");
    const idle = await consoleAdmin("console-idle");
    await env.DB.prepare("UPDATE console_sessions SET last_used_at = ?")
      .bind(new Date(Date.now() - 31 * 60_000).toISOString())
      .run();
    expect((await get("/console", idle.cookie)).headers.get("Location")).toBe("/console/login");
  });
});
