import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import {
  call,
  expectProblem,
  expireMailCooldown,
  json,
  lastMail,
  makeAdmin,
  PASSWORD,
  type Session,
  verifiedUser,
} from "../helpers/api";

const login = (email: string, password = PASSWORD) =>
  call("POST", "/v1/auth/login", { body: { email, password } });
const banUser = (token: string, id: string, body: object = { reason: "Abuse at the counter" }) =>
  call("POST", `/v1/users/${id}/ban`, { token, body });

describe("bans: every session ends, and only a correct credential learns of the ban", () => {
  it("ends every session at once; a correct password gets 403 account_banned with the end, a wrong one 401", async () => {
    const admin = await makeAdmin("ban-admin");
    const user = await verifiedUser("banned");
    const until = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const banned = await banUser(admin.session.access_token, user.session.user.id, {
      reason: "Chargeback fraud",
      until,
    });
    expect(await json(banned)).toMatchObject({
      id: user.session.user.id,
      banned: true,
      banned_until: until,
      ban_reason: "Chargeback fraud",
    });
    await expectProblem(
      await call("GET", "/v1/users/me", { token: user.session.access_token }),
      401,
      "invalid_token",
    );
    await expectProblem(
      await call("POST", "/v1/auth/refresh", {
        body: { refresh_token: user.session.refresh_token },
      }),
      401,
      "invalid_token",
    );
    const right = await expectProblem(await login(user.email), 403, "account_banned");
    expect(right.detail).toContain(until);
    await expectProblem(await login(user.email, "not-the-password"), 401, "invalid_credentials");
    const notice = lastMail(user.email, "account_banned");
    expect(JSON.stringify(notice)).not.toContain("Chargeback");

    // A mailed code is a correct credential too.
    await expireMailCooldown(user.email);
    await call("POST", "/v1/auth/email-code", { body: { email: user.email } });
    await expectProblem(
      await call("POST", "/v1/auth/email-code/verify", {
        body: { email: user.email, code: lastMail(user.email, "login_code").code },
      }),
      403,
      "account_banned",
    );

    const lifted = await call("DELETE", `/v1/users/${user.session.user.id}/ban`, {
      token: admin.session.access_token,
    });
    expect(lifted.status).toBe(204);
    expect((await login(user.email)).status).toBe(200);
    expect(lastMail(user.email, "account_unbanned").kind).toBe("account_unbanned");
    const audit = await env.DB.prepare(
      "SELECT type FROM audit_events WHERE target_id = ? AND type LIKE 'admin.%ban' ORDER BY created_at",
    )
      .bind(user.session.user.id)
      .all<{ type: string }>();
    expect(audit.results.map((r) => r.type)).toEqual(["admin.ban", "admin.unban"]);
  });

  it("a ban that has ended no longer counts", async () => {
    const admin = await makeAdmin("ban-expiry");
    const user = await verifiedUser("ban-ends");
    await banUser(admin.session.access_token, user.session.user.id, {
      reason: "Cooling off",
      until: new Date(Date.now() + 60_000).toISOString(),
    });
    await env.DB.prepare("UPDATE users SET banned_until = ? WHERE id = ?")
      .bind(new Date(Date.now() - 1000).toISOString(), user.session.user.id)
      .run();
    const back = await login(user.email);
    expect(back.status).toBe(200);
    expect((await json<Session>(back)).user).toMatchObject({ banned: false, ban_reason: null });
  });

  it("admins cannot ban themselves or the last active admin; bad input is 422", async () => {
    const admin = await makeAdmin("ban-self");
    await expectProblem(
      await banUser(admin.session.access_token, admin.session.user.id),
      403,
      "forbidden",
    );
    const user = await verifiedUser("ban-input");
    for (const body of [
      {},
      { reason: "" },
      { reason: "x", until: "tomorrow" },
      { reason: "x", until: new Date(Date.now() - 1000).toISOString() },
      { reason: "x", extra: true },
    ]) {
      await expectProblem(
        await banUser(admin.session.access_token, user.session.user.id, body),
        422,
        "validation_failed",
      );
    }
    await expectProblem(
      await banUser(admin.session.access_token, crypto.randomUUID()),
      404,
      "not_found",
    );
    await expectProblem(
      await banUser(user.session.access_token, admin.session.user.id),
      403,
      "forbidden",
    );
  });

  it("the last two active admins banning each other at once: one stays active", async () => {
    // Storage is per file: every admin of this file counts. Ban all but two, then race those two.
    const [a, b] = await Promise.all([makeAdmin("last-a"), makeAdmin("last-b")]);
    if (!a || !b) throw new Error("admins");
    const others = await env.DB.prepare(
      "SELECT id FROM users WHERE role = 'admin' AND id NOT IN (?, ?) AND banned_at IS NULL",
    )
      .bind(a.session.user.id, b.session.user.id)
      .all<{ id: string }>();
    for (const other of others.results) {
      expect((await banUser(a.session.access_token, other.id)).status).toBe(200);
    }
    const answers = await Promise.all([
      banUser(a.session.access_token, b.session.user.id),
      banUser(b.session.access_token, a.session.user.id),
    ]);
    expect(answers.map((r) => r.status).filter((s) => ![200, 401, 409].includes(s))).toEqual([]);
    expect(answers.filter((r) => r.status === 200)).toHaveLength(1);
    const active = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM users WHERE role = 'admin' AND status = 'verified' AND banned_at IS NULL",
    ).first<{ n: number }>();
    expect(active?.n).toBe(1);
  });

  it("a login in flight when the ban lands starts no session", async () => {
    const admin = await makeAdmin("ban-race");
    const user = await verifiedUser("ban-racer");
    const [banned, ...logins] = await Promise.all([
      banUser(admin.session.access_token, user.session.user.id),
      ...Array.from({ length: 6 }, () => login(user.email)),
    ]);
    expect(banned.status).toBe(200);
    expect(logins.map((l) => l.status).filter((s) => ![200, 401, 403].includes(s))).toEqual([]);
    // Whatever won, no session of the banned account is alive now.
    const live = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM sessions WHERE user_id = ? AND revoked_at IS NULL",
    )
      .bind(user.session.user.id)
      .first<{ n: number }>();
    expect(live?.n).toBe(0);
    for (const answer of logins.filter((l) => l.status === 200)) {
      const session = await json<Session>(answer);
      await expectProblem(
        await call("GET", "/v1/users/me", { token: session.access_token }),
        401,
        "invalid_token",
      );
    }
  });
});
