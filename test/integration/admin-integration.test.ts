import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import {
  call,
  expectProblem,
  json,
  makeAdmin,
  PASSWORD,
  runCreateAdmin,
  type Session,
  uniqueEmail,
  verifiedUser,
} from "../helpers/api";

const claims = (token: string) =>
  JSON.parse(atob((token.split(".")[1] ?? "").replaceAll("-", "+").replaceAll("_", "/")));

/** Leaves `keep` as the only active admins of this file's database. */
async function onlyAdmins(...keep: string[]) {
  await env.DB.prepare(
    `UPDATE users SET role = 'user' WHERE role = 'admin' AND id NOT IN (${keep.map(() => "?").join(",")})`,
  )
    .bind(...keep)
    .run();
}

describe("every admin route requires an admin, as stored in D1", () => {
  const routes: [string, (id: string) => string, unknown?][] = [
    ["GET", () => "/v1/users"],
    ["POST", () => "/v1/users", { email: "x@example.com", password: "a-long-password-1" }],
    ["GET", (id) => `/v1/users/${id}`],
    ["PATCH", (id) => `/v1/users/${id}`, { name: "X" }],
    ["DELETE", (id) => `/v1/users/${id}`],
    ["GET", () => "/v1/audit"],
  ];
  for (const [method, path, body] of routes) {
    it(`${method} ${path(":id")}: 401 without a token, 403 for a user`, async () => {
      const { session } = await verifiedUser("plain");
      const target = session.user.id;
      await expectProblem(await call(method, path(target), { body }), 401, "unauthorized");
      await expectProblem(
        await call(method, path(target), { body, token: session.access_token }),
        403,
        "forbidden",
      );
    });
  }
});

describe("admin user management", () => {
  it("creates a verified user by default (201), with verified_at, who can log in", async () => {
    const { session } = await makeAdmin();
    const email = uniqueEmail("created");
    const response = await call("POST", "/v1/users", {
      token: session.access_token,
      body: { email: `  ${email.toUpperCase()}`, password: PASSWORD, name: "Created" },
    });
    expect(response.status).toBe(201);
    const user = await json(response);
    expect(user).toMatchObject({ email, role: "user", status: "verified", name: "Created" });
    expect(user.verified_at).toBe(user.created_at);
    expect(
      (await call("POST", "/v1/auth/login", { body: { email, password: PASSWORD } })).status,
    ).toBe(200);
  });

  it("creates a pending admin when asked, without verified_at", async () => {
    const { session } = await makeAdmin();
    const response = await call("POST", "/v1/users", {
      token: session.access_token,
      body: {
        email: uniqueEmail("pending-admin"),
        password: PASSWORD,
        role: "admin",
        status: "pending",
      },
    });
    expect(response.status).toBe(201);
    expect(await json(response)).toMatchObject({
      role: "admin",
      status: "pending",
      verified_at: null,
    });
  });

  it("409 on a taken email, 422 on unknown fields or a weak password", async () => {
    const { session } = await makeAdmin();
    const { email } = await verifiedUser("taken");
    const token = session.access_token;
    await expectProblem(
      await call("POST", "/v1/users", { token, body: { email, password: PASSWORD } }),
      409,
      "conflict",
    );
    const unknown = await call("POST", "/v1/users", {
      token,
      body: { email: uniqueEmail("u"), password: PASSWORD, verified_at: "2020-01-01T00:00:00Z" },
    });
    expect((await expectProblem(unknown, 422, "validation_failed")).errors).toContainEqual({
      path: "verified_at",
      message: "Unknown field",
    });
    const weak = await call("POST", "/v1/users", {
      token,
      body: { email: uniqueEmail("w"), password: "letmein1" },
    });
    expect((await expectProblem(weak, 422, "validation_failed")).errors?.[0]?.path).toBe(
      "password",
    );
  });

  it("gets, patches and deletes a user; 404 for an unknown id", async () => {
    const { session } = await makeAdmin();
    const token = session.access_token;
    const { session: userSession } = await verifiedUser("target");
    const id = userSession.user.id;

    const got = await call("GET", `/v1/users/${id}`, { token });
    expect(got.status).toBe(200);
    expect((await json(got)).id).toBe(id);

    const patched = await call("PATCH", `/v1/users/${id}`, { token, body: { name: "Renamed" } });
    expect(await json(patched)).toMatchObject({ id, name: "Renamed", role: "user" });
    // A profile-only change does not end the user's sessions.
    expect((await call("GET", "/v1/users/me", { token: userSession.access_token })).status).toBe(
      200,
    );

    expect((await call("DELETE", `/v1/users/${id}`, { token })).status).toBe(204);
    for (const method of ["GET", "PATCH", "DELETE"]) {
      await expectProblem(
        await call(method, `/v1/users/${id}`, {
          token,
          body: method === "PATCH" ? { name: "x" } : undefined,
        }),
        404,
        "not_found",
      );
    }
    await expectProblem(await call("GET", "/v1/users/not-a-uuid", { token }), 404, "not_found");
    const leftovers = await env.DB.prepare(
      "SELECT (SELECT COUNT(*) FROM refresh_tokens WHERE user_id = ?1) + (SELECT COUNT(*) FROM one_time_codes WHERE user_id = ?1) AS n",
    )
      .bind(id)
      .first<{ n: number }>();
    expect(leftovers?.n).toBe(0);
  });

  it("patch rejects email, id and unknown fields (mass assignment)", async () => {
    const { session } = await makeAdmin();
    const { session: target } = await verifiedUser("mass-admin");
    for (const field of ["email", "id", "verified_at", "password_hash"]) {
      const response = await call("PATCH", `/v1/users/${target.user.id}`, {
        token: session.access_token,
        body: { [field]: "x" },
      });
      await expectProblem(response, 422, "validation_failed");
    }
  });
});

describe("a role or status change takes effect on the user's very next request", () => {
  it("promotion: the old access token is 401, a refresh yields an admin token", async () => {
    const { session: admin } = await makeAdmin();
    const { session: user } = await verifiedUser("promoted");
    const response = await call("PATCH", `/v1/users/${user.user.id}`, {
      token: admin.access_token,
      body: { role: "admin" },
    });
    expect(await json(response)).toMatchObject({ role: "admin" });
    await expectProblem(
      await call("GET", "/v1/users/me", { token: user.access_token }),
      401,
      "invalid_token",
    );
    const refreshed = await json<Session>(
      await call("POST", "/v1/auth/refresh", { body: { refresh_token: user.refresh_token } }),
    );
    expect(claims(refreshed.access_token).role).toBe("admin");
    expect((await call("GET", "/v1/users", { token: refreshed.access_token })).status).toBe(200);
  });

  it("demotion: the admin's old token is refused at once, and the new one is a user's", async () => {
    const { session: admin } = await makeAdmin();
    const { session: other } = await makeAdmin("other-admin");
    await call("PATCH", `/v1/users/${other.user.id}`, {
      token: admin.access_token,
      body: { role: "user" },
    });
    await expectProblem(
      await call("GET", "/v1/users", { token: other.access_token }),
      401,
      "invalid_token",
    );
    const refreshed = await json<Session>(
      await call("POST", "/v1/auth/refresh", { body: { refresh_token: other.refresh_token } }),
    );
    await expectProblem(
      await call("GET", "/v1/users", { token: refreshed.access_token }),
      403,
      "forbidden",
    );
  });

  it("setting pending keeps verified_at and ends access; the purge key stays set", async () => {
    const { session: admin } = await makeAdmin();
    const { session: user } = await verifiedUser("suspended");
    const response = await call("PATCH", `/v1/users/${user.user.id}`, {
      token: admin.access_token,
      body: { status: "pending" },
    });
    const body = await json(response);
    expect(body).toMatchObject({ status: "pending", verified_at: user.user.verified_at });
    await expectProblem(
      await call("GET", "/v1/users/me", { token: user.access_token }),
      401,
      "invalid_token",
    );
    await expectProblem(
      await call("POST", "/v1/auth/refresh", { body: { refresh_token: user.refresh_token } }),
      403,
      "email_not_verified",
    );
  });
});

describe("the last admin cannot be removed or demoted", () => {
  it("refuses demoting, suspending or deleting the only active admin (409 last_admin)", async () => {
    const { session } = await makeAdmin("solo");
    await onlyAdmins(session.user.id);
    const token = session.access_token;
    const self = `/v1/users/${session.user.id}`;
    await expectProblem(
      await call("PATCH", self, { token, body: { role: "user" } }),
      409,
      "last_admin",
    );
    await expectProblem(
      await call("PATCH", self, { token, body: { status: "pending" } }),
      409,
      "last_admin",
    );
    await expectProblem(await call("DELETE", self, { token }), 409, "last_admin");
    expect((await call("GET", "/v1/users", { token })).status).toBe(200);
  });

  it("two admins demoting each other at the same moment leave one admin", async () => {
    const a = await makeAdmin("duel-a");
    const b = await makeAdmin("duel-b");
    await onlyAdmins(a.session.user.id, b.session.user.id);
    const [ab, ba] = await Promise.all([
      call("PATCH", `/v1/users/${b.session.user.id}`, {
        token: a.session.access_token,
        body: { role: "user" },
      }),
      call("PATCH", `/v1/users/${a.session.user.id}`, {
        token: b.session.access_token,
        body: { role: "user" },
      }),
    ]);
    const statuses = [ab.status, ba.status];
    const admins = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM users WHERE role = 'admin' AND status = 'verified'",
    ).first<{ n: number }>();
    expect(admins?.n).toBe(1);
    expect(statuses).toContain(200);
    expect(statuses.filter((s) => s !== 200).every((s) => s === 409 || s === 401)).toBe(true);
  });

  it("two admins deleting each other at the same moment leave one admin", async () => {
    const a = await makeAdmin("del-a");
    const b = await makeAdmin("del-b");
    await onlyAdmins(a.session.user.id, b.session.user.id);
    await Promise.all([
      call("DELETE", `/v1/users/${b.session.user.id}`, { token: a.session.access_token }),
      call("DELETE", `/v1/users/${a.session.user.id}`, { token: b.session.access_token }),
    ]);
    const admins = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM users WHERE role = 'admin' AND status = 'verified'",
    ).first<{ n: number }>();
    expect(admins?.n).toBe(1);
  });

  it("create-admin promotes an existing account and is idempotent", async () => {
    const { email } = await verifiedUser("promote-me");
    for (let run = 0; run < 2; run++) await runCreateAdmin(email, "new-admin-password-1");
    const rows = await env.DB.prepare("SELECT role, status FROM users WHERE email = ?")
      .bind(email)
      .all();
    expect(rows.results).toEqual([{ role: "admin", status: "verified" }]);
    const login = await call("POST", "/v1/auth/login", {
      body: { email, password: "new-admin-password-1" },
    });
    expect((await json<Session>(login)).user.role).toBe("admin");
  });
});
