import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { AuditEventDto as AuditEvent } from "../../src/audit/service";
import {
  call,
  expectProblem,
  expireMailCooldown,
  json,
  lastMail,
  makeAdmin,
  PASSWORD,
  type Session,
  signup,
  uniqueEmail,
} from "../helpers/api";

async function events(token: string, filter: Record<string, string>) {
  const all: AuditEvent[] = [];
  let cursor: string | null = null;
  do {
    const params = new URLSearchParams({ ...filter, limit: "100" });
    if (cursor) params.set("cursor", cursor);
    const response = await call("GET", `/v1/audit?${params}`, { token });
    expect(response.status).toBe(200);
    const page = await json<{ items: AuditEvent[]; next_cursor: string | null }>(response);
    all.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  return all;
}

describe("the audit trail records every security-relevant flow", () => {
  it("signup, verify, login success/failure, refresh reuse, logout(-all), password change/reset, admin actions", async () => {
    const admin = await makeAdmin("auditor");
    const token = admin.session.access_token;
    const email = uniqueEmail("audited");
    const ip = "192.0.2.44";

    const code = await signup(email);
    const verified = await json<Session>(
      await call("POST", "/v1/auth/verify", {
        ip,
        headers: { "X-Request-Id": "req-verify-1" },
        body: { email, password: PASSWORD, code },
      }),
    );
    const userId = verified.user.id;
    await call("POST", "/v1/auth/login", { body: { email, password: "wrong-password-1" } });
    const session = await json<Session>(
      await call("POST", "/v1/auth/login", { body: { email, password: PASSWORD } }),
    );
    await call("POST", "/v1/auth/refresh", { body: { refresh_token: session.refresh_token } });
    await call("POST", "/v1/auth/refresh", { body: { refresh_token: session.refresh_token } });
    await call("POST", "/v1/auth/logout", { body: { refresh_token: verified.refresh_token } });
    // Logout ended that session, its access token included: change the password from another.
    const another = await json<Session>(
      await call("POST", "/v1/auth/login", { body: { email, password: PASSWORD } }),
    );
    const changed = await json<Session>(
      await call("POST", "/v1/users/me/password", {
        token: another.access_token,
        body: { current_password: PASSWORD, new_password: "changed-password-77" },
      }),
    );
    await call("POST", "/v1/auth/logout-all", { token: changed.access_token });
    await expireMailCooldown(email);
    await call("POST", "/v1/auth/password/forgot", { body: { email } });
    await call("POST", "/v1/auth/password/reset", {
      body: {
        email,
        code: lastMail(email, "password_reset_code").code,
        new_password: "reset-password-88",
      },
    });
    await call("PATCH", `/v1/users/${userId}`, {
      token,
      body: { role: "admin", name: "Promoted" },
    });
    const created = await json<{ id: string }>(
      await call("POST", "/v1/users", {
        token,
        body: { email: uniqueEmail("made"), password: PASSWORD },
      }),
    );
    await call("DELETE", `/v1/users/${created.id}`, { token });

    const about = await events(token, { target: userId });
    const types = about.map((e) => e.type).reverse();
    expect(types).toEqual([
      "signup",
      "verify",
      "login.failure",
      "login.success",
      "refresh.reuse",
      "logout",
      "login.success",
      "password.change",
      "logout_all",
      "password.reset",
      "admin.user_update",
      "admin.role_change",
    ]);
    const verifyEvent = about.find((e) => e.type === "verify");
    expect(verifyEvent).toMatchObject({ actor_id: userId, request_id: "req-verify-1", ip });
    expect(about.find((e) => e.type === "admin.role_change")).toMatchObject({
      actor_id: admin.session.user.id,
      data: { from: "user", to: "admin" },
    });

    const byAdmin = (await events(token, { actor: admin.session.user.id })).map((e) => e.type);
    expect(byAdmin).toEqual(
      expect.arrayContaining([
        "admin.user_create",
        "admin.user_delete",
        "admin.role_change",
        "admin.user_update",
      ]),
    );
    const deletes = await events(token, { type: "admin.user_delete" });
    expect(deletes.map((e) => e.target_id)).toContain(created.id);

    const everything = JSON.stringify(await events(token, {}));
    for (const secret of [
      PASSWORD,
      "changed-password-77",
      "reset-password-88",
      code,
      session.refresh_token,
    ]) {
      expect(everything).not.toContain(secret);
    }
  });

  it("pages with the same cursor rules as the user list", async () => {
    const { session } = await makeAdmin("pager");
    for (let i = 0; i < 5; i++) {
      await call("POST", "/v1/auth/login", {
        body: { email: uniqueEmail("ghost"), password: "wrong-password-1" },
      });
    }
    const first = await json<{ items: AuditEvent[]; next_cursor: string }>(
      await call("GET", "/v1/audit?limit=2&type=login.failure", { token: session.access_token }),
    );
    expect(first.items).toHaveLength(2);
    const second = await json<{ items: AuditEvent[] }>(
      await call("GET", `/v1/audit?limit=2&type=login.failure&cursor=${first.next_cursor}`, {
        token: session.access_token,
      }),
    );
    expect(second.items.map((e) => e.id)).not.toContain(first.items[0]?.id);
    await expectProblem(
      await call("GET", `/v1/audit?limit=2&cursor=${first.next_cursor}`, {
        token: session.access_token,
      }),
      422,
      "validation_failed",
    );
    await expectProblem(
      await call("GET", "/v1/audit?type=not.a.type", { token: session.access_token }),
      422,
      "validation_failed",
    );
  });
});

describe("the audit trail reads index ranges (ids are time-ordered)", () => {
  const plan = async (query: string, ...params: unknown[]) =>
    (
      await env.DB.prepare(`EXPLAIN QUERY PLAN ${query}`)
        .bind(...params)
        .all<{ detail: string }>()
    ).results
      .map((r) => r.detail)
      .join(" | ");

  it("newest first, by type, by target, and both halves of an actor's events", async () => {
    const all = await plan(
      "SELECT * FROM audit_events WHERE id < ? ORDER BY id DESC LIMIT 51",
      "z",
    );
    expect(all).not.toMatch(/TEMP B-TREE/);
    // A rare type: its range of the (partial) type index, the index's condition repeated.
    const byType = await plan(
      "SELECT * FROM audit_events WHERE type = ? AND type NOT IN ('signup', 'verify', 'login.success', 'logout') AND id < ? ORDER BY id DESC LIMIT 51",
      "admin.ban",
      "z",
    );
    expect(byType).toMatch(/audit_events_type_idx/);
    expect(byType).not.toMatch(/TEMP B-TREE/);
    // A sign-in's own type: left out of the index, found walking the trail newest first.
    const byFrequentType = await plan(
      "SELECT * FROM audit_events WHERE type = ? AND id < ? ORDER BY id DESC LIMIT 51",
      "login.success",
      "z",
    );
    expect(byFrequentType).toMatch(/USING PRIMARY KEY/);
    expect(byFrequentType).not.toMatch(/TEMP B-TREE/);
    const byTarget = await plan(
      "SELECT * FROM audit_events WHERE target_id = ? ORDER BY id DESC LIMIT 51",
      "u",
    );
    expect(byTarget).toMatch(/audit_events_target_idx/);
    // The actor's events about others: only they are in the actor index (self-events are not).
    const byActor = await plan(
      "SELECT * FROM audit_events WHERE actor_id = ? AND actor_id IS NOT NULL AND actor_id IS NOT target_id ORDER BY id DESC LIMIT 51",
      "u",
    );
    expect(byActor).toMatch(/audit_events_actor_idx/);
    expect(byActor).not.toMatch(/TEMP B-TREE/);
  });
});
