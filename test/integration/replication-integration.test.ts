import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { bindings, call, expectProblem, json, makeAdmin, verifiedUser } from "../helpers/api";

/**
 * D1 read replication: the stale-tolerant reads (admin lists, search, the audit trail, /metrics)
 * go through a D1 session; everything that authenticates or authorises stays on the primary.
 * Locally Miniflare has no replicas but real sessions and bookmarks: these tests record which
 * statements ran in a session and which on the binding itself.
 */
function recordingD1() {
  const primary: string[] = [];
  const replica: string[] = [];
  const constraints: string[] = [];
  const wrap = (target: D1Database | D1DatabaseSession, log: string[]) =>
    new Proxy(target, {
      get(object, property) {
        if (property === "prepare") {
          return (sql: string) => {
            log.push(sql);
            return object.prepare(sql);
          };
        }
        if (property === "batch") {
          return (statements: D1PreparedStatement[]) => {
            log.push(`batch of ${statements.length}`);
            return object.batch(statements);
          };
        }
        if (property === "withSession") {
          return (constraint?: string) => {
            constraints.push(constraint ?? "(none)");
            return wrap((object as D1Database).withSession(constraint), replica);
          };
        }
        const value = Reflect.get(object, property, object);
        return typeof value === "function" ? value.bind(object) : value;
      },
    });
  return { binding: wrap(env.DB, primary) as D1Database, primary, replica, constraints };
}

describe("stale-tolerant reads go to a replica session, everything else to the primary", () => {
  it("the admin list runs in a first-unconstrained session; the bearer check on the primary", async () => {
    const admin = await makeAdmin("replica-admin");
    const d1 = recordingD1();
    const response = await call("GET", "/v1/users?limit=5", {
      token: admin.session.access_token,
      env: bindings({ DB: d1.binding }),
    });
    expect(response.status).toBe(200);
    expect(d1.constraints).toEqual(["first-unconstrained"]);
    expect(d1.replica.join(" ")).toContain('from "users"');
    // The bearer check (the caller's user and session) never runs in the session.
    expect(d1.primary.join(" ")).toContain('"sessions"');
    expect(d1.replica.join(" ")).not.toContain('"sessions"');
    expect(response.headers.get("x-d1-bookmark")).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{32}$/,
    );
  });

  it("a sign-in, a refresh and /me never open a session", async () => {
    const user = await verifiedUser("replica-user");
    const d1 = recordingD1();
    const envWith = bindings({ DB: d1.binding });
    await call("GET", "/v1/users/me", { token: user.session.access_token, env: envWith });
    await call("POST", "/v1/auth/refresh", {
      body: { refresh_token: user.session.refresh_token },
      env: envWith,
    });
    await call("POST", "/v1/auth/login", {
      body: { email: user.email, password: user.password },
      env: envWith,
    });
    expect(d1.constraints).toEqual([]);
  });

  it("a member's shop list is a membership read: the primary; an admin's: a replica", async () => {
    const admin = await makeAdmin("replica-shops");
    const user = await verifiedUser("replica-member");
    const d1 = recordingD1();
    const envWith = bindings({ DB: d1.binding });
    expect(
      (await call("GET", "/v1/shops", { token: user.session.access_token, env: envWith })).status,
    ).toBe(200);
    expect(d1.replica).toEqual([]);
    expect(
      (await call("GET", "/v1/shops", { token: admin.session.access_token, env: envWith })).status,
    ).toBe(200);
    expect(d1.replica.length).toBeGreaterThan(0);
  });

  it("the client's bookmark is honoured and a new one comes back; garbage is 400, never 500", async () => {
    const admin = await makeAdmin("replica-bookmark");
    const first = await call("GET", "/v1/audit?limit=1", { token: admin.session.access_token });
    const bookmark = first.headers.get("x-d1-bookmark") ?? "";
    const d1 = recordingD1();
    const again = await call("GET", "/v1/audit?limit=1", {
      token: admin.session.access_token,
      headers: { "x-d1-bookmark": bookmark },
      env: bindings({ DB: d1.binding }),
    });
    expect(again.status).toBe(200);
    expect(d1.constraints).toEqual([bookmark]);
    expect((again.headers.get("x-d1-bookmark") ?? "") >= bookmark).toBe(true);
    for (const garbage of [
      "garbage",
      "'; DROP TABLE users; --",
      "0".repeat(300),
      // Upper case is not a bookmark — when the bookmark has a letter to raise (a local one may
      // be all digits); a non-hex last digit never is.
      ...(bookmark.toUpperCase() === bookmark ? [] : [bookmark.toUpperCase()]),
      `${bookmark.slice(0, -1)}g`,
    ]) {
      await expectProblem(
        await call("GET", "/v1/users", {
          token: admin.session.access_token,
          headers: { "x-d1-bookmark": garbage },
        }),
        400,
        "invalid_bookmark",
      );
    }
    const body = await json<{ items: unknown[] }>(again);
    expect(Array.isArray(body.items)).toBe(true);
  });
});
