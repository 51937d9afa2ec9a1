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

describe("the console under the assurance policy (SPEC Part 4)", () => {
  const userRole = async (id: string) =>
    (await env.DB.prepare("SELECT role FROM users WHERE id = ?").bind(id).first<{ role: string }>())
      ?.role;

  it("its sign-in forms carry the API's per-IP limit: 41 wrong passwords for 41 addresses from one client meet a 429", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 41; i += 1) {
      const response = await call("POST", "/console/login", {
        rawBody: new URLSearchParams({
          email: `nobody-${i}@example.com`,
          password: "wrong-password-here",
        }).toString(),
        ip: "203.0.113.77",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: ORIGIN },
      });
      statuses.push(response.status);
      if (response.status === 429) {
        expect(Number(response.headers.get("Retry-After"))).toBeGreaterThan(0);
        expect(response.headers.get("Content-Type")).toContain("text/html");
      }
    }
    // 20 a minute per IP; the limiter's window is a fixed minute, so a run that straddles its
    // edge may see up to two windows' worth — never all 41.
    expect(statuses.filter((s) => s !== 429).length).toBeLessThanOrEqual(40);
    expect(statuses).toContain(429);
  });

  it("and its body cap: a 17 KiB form is a 413 page", async () => {
    const response = await call("POST", "/console/login", {
      rawBody: new URLSearchParams({ email: "a@example.com", password: "x".repeat(17_000) }),
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: ORIGIN },
    });
    expect(response.status).toBe(413);
    expect(await response.text()).toContain("limited");
  });

  it("a password-only sign-in is refused before any session and audited as login.refused, not login.success", async () => {
    const owner = await makeAdmin("console-refused");
    const refused = await form("/console/login", { email: owner.email, password: PASSWORD });
    expect(refused.status).toBe(403);
    const events = await env.DB.prepare("SELECT type FROM audit_events WHERE target_id = ?")
      .bind(owner.session.user.id)
      .all<{ type: string }>();
    const types = events.results.map((e) => e.type);
    expect(types.filter((t) => t === "login.refused")).toHaveLength(1);
    expect(types.filter((t) => t === "login.success")).toHaveLength(1); // makeAdmin's own login
    const sessions = await env.DB.prepare("SELECT COUNT(*) AS n FROM sessions WHERE user_id = ?")
      .bind(owner.session.user.id)
      .first<{ n: number }>();
    expect(sessions?.n).toBe(1);
  });

  it("the role form states its target: 'make an admin' sent twice leaves an admin; no proof, no change", async () => {
    const admin = await consoleAdmin("console-role");
    const target = await verifiedUser("console-role-target");
    const id = target.session.user.id;
    const confirm = await (
      await get(`/console/users/${id}/confirm/role?role=admin`, admin.cookie)
    ).text();
    expect(confirm).toContain('name="role" value="admin"');
    expect(confirm).toContain('name="proof"');
    const unproved = await form(
      `/console/users/${id}/role`,
      { role: "admin", _csrf: admin.csrf },
      admin.cookie,
    );
    expect(unproved.status).toBe(401);
    expect(await userRole(id)).toBe("user");
    for (let i = 0; i < 2; i += 1) {
      const sent = await form(
        `/console/users/${id}/role`,
        { role: "admin", proof: PASSWORD, _csrf: admin.csrf },
        admin.cookie,
      );
      expect(sent.status).toBe(303);
      expect(await userRole(id)).toBe("admin");
    }
  });

  it("a TOTP code is a proof too, and a used step is not accepted twice", async () => {
    const admin = await makeAdmin("console-totp-proof");
    const { secret } = await enableMfa(admin.session.access_token);
    const first = await form("/console/login", { email: admin.email, password: PASSWORD });
    const mfaToken = /name="mfa_token" value="([^"]+)"/.exec(await first.text())?.[1] ?? "";
    const signedIn = await form("/console/login/mfa", {
      mfa_token: mfaToken,
      code: totpCode(secret, Date.now() + 30_000),
    });
    // As if a few minutes had passed since that step was used.
    await env.DB.prepare("UPDATE users SET totp_last_step = totp_last_step - 10 WHERE id = ?")
      .bind(admin.session.user.id)
      .run();
    const cookie = (signedIn.headers.get("Set-Cookie") ?? "").split(";")[0] ?? "";
    const csrf =
      /name="_csrf" value="([^"]+)"/.exec(await (await get("/console", cookie)).text())?.[1] ?? "";
    const target = await verifiedUser("console-totp-target");
    const code = totpCode(secret, Date.now());
    const ended = await form(
      `/console/users/${target.session.user.id}/end-sessions`,
      { proof: code, _csrf: csrf },
      cookie,
    );
    expect(ended.status).toBe(303);
    const replayed = await form(
      `/console/users/${target.session.user.id}/end-sessions`,
      { proof: code, _csrf: csrf },
      cookie,
    );
    expect(replayed.status).toBe(401);
  });

  it("a console session ends when its account is set back to pending by another admin", async () => {
    const admin = await consoleAdmin("console-standing");
    const other = await makeAdmin("console-other");
    expect((await get("/console", admin.cookie)).status).toBe(200);
    const patched = await call("PATCH", `/v1/users/${admin.session.user.id}`, {
      token: other.session.access_token,
      body: { status: "pending" },
    });
    expect(patched.status).toBe(200);
    expect((await get("/console", admin.cookie)).headers.get("Location")).toBe("/console/login");
  });

  it("a console session ends when the account is no longer an admin (and manages no shop)", async () => {
    const admin = await consoleAdmin("console-demoted");
    const other = await makeAdmin("console-demoter");
    await call("PATCH", `/v1/users/${admin.session.user.id}`, {
      token: other.session.access_token,
      body: { role: "user" },
    });
    expect((await get("/console/users", admin.cookie)).headers.get("Location")).toBe(
      "/console/login",
    );
  });

  it("the user page lists a user's passkeys, and an admin can remove one (audited, the user told)", async () => {
    const admin = await consoleAdmin("console-passkeys");
    const user = await verifiedUser("console-passkey-holder");
    const { SoftwareAuthenticator } = await import("../helpers/authenticator");
    const options = await call("POST", "/v1/users/me/passkeys/options", {
      token: user.session.access_token,
      body: { password: PASSWORD },
    });
    const added = await call("POST", "/v1/users/me/passkeys", {
      token: user.session.access_token,
      body: {
        name: "Lost phone",
        response: await new SoftwareAuthenticator().create(await options.json()),
      },
    });
    const { id } = (await added.json()) as { id: string };
    const page = await (await get(`/console/users/${user.session.user.id}`, admin.cookie)).text();
    expect(page).toContain("Lost phone");
    const removed = await form(
      `/console/users/${user.session.user.id}/passkey-remove`,
      { passkey_id: id, proof: PASSWORD, _csrf: admin.csrf },
      admin.cookie,
    );
    expect(removed.status).toBe(303);
    const audit = await env.DB.prepare(
      "SELECT actor_id FROM audit_events WHERE type = 'passkey.remove' AND target_id = ?",
    )
      .bind(user.session.user.id)
      .first<{ actor_id: string }>();
    expect(audit?.actor_id).toBe(admin.session.user.id);
    const left = await env.DB.prepare("SELECT COUNT(*) AS n FROM passkeys WHERE user_id = ?")
      .bind(user.session.user.id)
      .first<{ n: number }>();
    expect(left?.n).toBe(0);
  });
});

describe("a user's sign-in providers in the console", () => {
  it("the user page lists the providers that open the account, never the provider's subject", async () => {
    const admin = await consoleAdmin("console-identities");
    const user = await verifiedUser("console-identity-holder");
    await env.DB.prepare(
      "INSERT INTO identities (provider, subject, user_id, email, created_at) VALUES ('google', 'secret-subject-123', ?, 'holder@gmail.example', ?)",
    )
      .bind(user.session.user.id, new Date().toISOString())
      .run();
    const page = await (await get(`/console/users/${user.session.user.id}`, admin.cookie)).text();
    expect(page).toContain("Sign-in providers");
    expect(page).toContain("holder@gmail.example");
    expect(page).toContain("google");
    expect(page).not.toContain("secret-subject-123");
  });
});

describe("a shop's pages in the console (SPEC Part 4: name the shop, act through the same services)", () => {
  it("an owner sees the shop's name, invites, revokes an invitation, removes a member and revokes a key with a proof", async () => {
    const { createShop, member } = await import("../helpers/shops");
    const shop = await createShop("console-shop", "Rossio Roasters");
    const owner = await member(shop, "owner", "console-owner");
    const barista = await member(shop, "barista", "console-barista");
    const manager = await member(shop, "manager", "console-manager");
    const made = await call("POST", `/v1/shops/${shop.id}/api-keys`, {
      token: manager.session.access_token,
      body: { name: "Front till", scopes: ["till.open"] },
    });
    const key = (await made.json()) as { id: string; key: string };
    const { secret } = await enableMfa(owner.session.access_token);
    const first = await form("/console/login", { email: owner.email, password: PASSWORD });
    const mfaToken = /name="mfa_token" value="([^"]+)"/.exec(await first.text())?.[1] ?? "";
    const second = await form("/console/login/mfa", {
      mfa_token: mfaToken,
      code: totpCode(secret, Date.now() + 30_000),
    });
    const cookie = (second.headers.get("Set-Cookie") ?? "").split(";")[0] ?? "";
    const members = await (await get(`/console/shops/${shop.id}`, cookie)).text();
    expect(members).toContain("Rossio Roasters: members");
    expect(members).toContain(barista.email);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(members)?.[1] ?? "";

    const invited = await form(
      `/console/shops/${shop.id}/invite`,
      { email: "new.barista@example.com", role: "barista", _csrf: csrf },
      cookie,
    );
    expect(invited.status).toBe(303);
    const invitations = await (await get(`/console/shops/${shop.id}/invitations`, cookie)).text();
    expect(invitations).toContain("new.barista@example.com");
    const invitationId = /invitations\/([0-9a-f-]{36})\/revoke/.exec(invitations)?.[1] ?? "";
    const revoked = await form(
      `/console/shops/${shop.id}/invitations/${invitationId}/revoke`,
      { _csrf: csrf },
      cookie,
    );
    expect(revoked.status).toBe(303);

    const unproved = await form(
      `/console/shops/${shop.id}/remove-member`,
      { user_id: barista.id, _csrf: csrf },
      cookie,
    );
    expect(unproved.status).toBe(401);
    const removed = await form(
      `/console/shops/${shop.id}/remove-member`,
      { user_id: barista.id, proof: PASSWORD, _csrf: csrf },
      cookie,
    );
    expect(removed.status).toBe(303);
    const keyRevoked = await form(
      `/console/shops/${shop.id}/revoke-key`,
      { key_id: key.id, proof: PASSWORD, _csrf: csrf },
      cookie,
    );
    expect(keyRevoked.status).toBe(303);
    const state = await env.DB.prepare(
      `SELECT (SELECT COUNT(*) FROM memberships WHERE shop_id = ?1 AND user_id = ?2) AS member,
         (SELECT revoked_at IS NOT NULL FROM api_keys WHERE id = ?3) AS keyRevoked,
         (SELECT COUNT(*) FROM invitations WHERE shop_id = ?1 AND revoked_at IS NULL
           AND email = 'new.barista@example.com') AS pending`,
    )
      .bind(shop.id, barista.id, key.id)
      .first<{ member: number; keyRevoked: number; pending: number }>();
    expect(state).toEqual({ member: 0, keyRevoked: 1, pending: 0 });
    for (const path of [`/console/shops/${shop.id}`, `/console/shops/${shop.id}/keys`]) {
      const d1 = countingD1(env.DB);
      expect((await get(path, cookie, bindings({ DB: d1.binding }))).status).toBe(200);
      expect(d1.calls, path).toBeLessThanOrEqual(3);
    }
  });
});

describe("the console's apps page (the OpenID provider's clients)", () => {
  it("registers an app (its secret shown once), refuses an inexact redirect with a page, revokes", async () => {
    const admin = await consoleAdmin("console-clients");
    const listing = await get("/console/clients", admin.cookie);
    expect(listing.status).toBe(200);
    expect(await listing.text()).toContain('name="redirect_uris"');
    const body = new URLSearchParams([
      ["_csrf", admin.csrf],
      ["name", "Partner <portal>"],
      ["kind", "confidential"],
      ["redirect_uris", "https://partner.example/cb\r\nhttps://partner.example/cb2"],
      ["scopes", "email"],
      ["scopes", "offline_access"],
    ]);
    const made = await call("POST", "/console/clients", {
      rawBody: body.toString(),
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Origin: ORIGIN,
        Cookie: admin.cookie,
      },
    });
    expect(made.status).toBe(200);
    const html = await made.text();
    expect(html).toContain("Partner &lt;portal&gt;");
    const secret = /cs_[\w-]{43}/.exec(html)?.[0];
    expect(secret).toBeTruthy();
    const row = await env.DB.prepare(
      "SELECT id, scopes, redirect_uris FROM oauth_clients WHERE name = 'Partner <portal>'",
    ).first<{ id: string; scopes: string; redirect_uris: string }>();
    expect(JSON.parse(row?.scopes ?? "[]")).toEqual(["openid", "email", "offline_access"]);
    expect(JSON.parse(row?.redirect_uris ?? "[]")).toHaveLength(2);
    // Shown once: the list never has it again.
    expect(await (await get("/console/clients", admin.cookie)).text()).not.toContain(secret);

    const refused = await form(
      "/console/clients",
      {
        _csrf: admin.csrf,
        name: "Bad",
        kind: "confidential",
        redirect_uris: "http://127.0.0.1/cb",
      },
      admin.cookie,
    );
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain("redirect_uris.0");

    const revoked = await form(
      `/console/clients/${row?.id}/revoke`,
      { _csrf: admin.csrf },
      admin.cookie,
    );
    expect(revoked.status).toBe(303);
    const state = await env.DB.prepare("SELECT revoked_at FROM oauth_clients WHERE id = ?")
      .bind(row?.id)
      .first<{ revoked_at: string | null }>();
    expect(state?.revoked_at).not.toBeNull();
  });
});
