import { env } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  bindings,
  call,
  expectProblem,
  json,
  makeAdmin,
  PASSWORD,
  runScheduled,
  type Session,
  signup,
  uniqueEmail,
  verifiedUser,
} from "../helpers/api";
import { countingD1 } from "../helpers/d1";

afterEach(() => vi.restoreAllMocks());

const API = "https://api.test";
const FRONT_END = "https://shop.example"; // in CORS_ORIGINS of the test configuration
const COOKIE = "__Secure-refresh_token";

interface SessionInfo {
  id: string;
  created_at: string;
  last_used_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
  country: string | null;
  amr: string[];
  current: boolean;
}

const me = (token: string) => call("GET", "/v1/users/me", { token });
const refresh = (token: string) =>
  call("POST", "/v1/auth/refresh", { body: { refresh_token: token } });
const list = async (token: string) =>
  (await json<{ items: SessionInfo[] }>(await call("GET", "/v1/users/me/sessions", { token })))
    .items;
const login = (email: string, options: { ip?: string; ua?: string; country?: string } = {}) =>
  call("POST", "/v1/auth/login", {
    body: { email, password: PASSWORD },
    ip: options.ip,
    headers: options.ua ? { "User-Agent": options.ua } : {},
    cf: options.country ? { country: options.country } : undefined,
  });

function sessionIdOf(accessToken: string): string {
  const [, payload] = accessToken.split(".");
  return JSON.parse(atob((payload ?? "").replaceAll("-", "+").replaceAll("_", "/"))).sid;
}

/** The refresh-token cookie a response sets: its value and attributes. */
function refreshCookie(response: Response) {
  const header = response.headers.getSetCookie().find((c) => c.startsWith(`${COOKIE}=`));
  if (!header) return null;
  const [pair, ...attributes] = header.split(";").map((part) => part.trim());
  return {
    value: pair?.slice(COOKIE.length + 1) ?? "",
    attributes: new Map(
      attributes.map((a) => {
        const [k, v] = a.split("=");
        return [k?.toLowerCase() ?? "", v ?? ""];
      }),
    ),
  };
}

const cookieRequest = (
  path: "/v1/auth/refresh" | "/v1/auth/logout",
  cookie: string,
  origin: string | null = FRONT_END,
) =>
  call("POST", path, {
    headers: { Cookie: `${COOKIE}=${cookie}`, ...(origin ? { Origin: origin } : {}) },
  });

describe("users see where they are signed in", () => {
  it("lists each sign-in with its ip, user agent, country and amr, newest first, one current", async () => {
    const { email, session: first } = await verifiedUser("list");
    const second = await json<Session>(
      await login(email, { ip: "203.0.113.9", ua: "Coffee/1.0 (iPhone)", country: "PT" }),
    );
    const items = await list(second.access_token);
    expect(items).toHaveLength(2);
    const [newest, oldest] = items;
    expect(newest).toMatchObject({
      id: sessionIdOf(second.access_token),
      ip: "203.0.113.9",
      user_agent: "Coffee/1.0 (iPhone)",
      country: "PT",
      amr: ["pwd"],
      current: true,
    });
    expect(oldest).toMatchObject({ id: sessionIdOf(first.access_token), current: false });
    expect(items.filter((s) => s.current)).toHaveLength(1);
    for (const item of items) {
      expect(Object.keys(item).sort()).toEqual(
        [
          "amr",
          "client",
          "country",
          "created_at",
          "current",
          "expires_at",
          "id",
          "ip",
          "last_used_at",
          "user_agent",
        ].sort(),
      );
      const days = (Date.parse(item.expires_at) - Date.parse(item.created_at)) / 86_400_000;
      expect(Math.round(days)).toBe(90);
      expect(JSON.stringify(item)).not.toMatch(/token/);
    }
  });

  it("a refresh moves last_used_at; the user agent is cut to 256 characters", async () => {
    const { email } = await verifiedUser("last-used");
    const session = await json<Session>(await login(email, { ua: "x".repeat(400) }));
    const [before] = await list(session.access_token);
    expect(before?.user_agent).toHaveLength(256);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const rotated = await json<Session>(await refresh(session.refresh_token));
    const after = (await list(rotated.access_token)).find((s) => s.id === before?.id);
    expect(after?.created_at).toBe(before?.created_at);
    expect(Date.parse(after?.last_used_at ?? "")).toBeGreaterThan(
      Date.parse(before?.last_used_at ?? ""),
    );
  });
});

describe("ending a session takes effect on the very next request", () => {
  it("ends one session: its access token is 401 at once and its refresh token dead; the others live", async () => {
    const { email, session: phone } = await verifiedUser("end-one");
    const laptop = await json<Session>(await login(email));
    const response = await call(
      "DELETE",
      `/v1/users/me/sessions/${sessionIdOf(phone.access_token)}`,
      {
        token: laptop.access_token,
      },
    );
    expect(response.status).toBe(204);
    await expectProblem(await me(phone.access_token), 401, "invalid_token");
    await expectProblem(await refresh(phone.refresh_token), 401, "invalid_token");
    expect((await me(laptop.access_token)).status).toBe(200);
    expect((await refresh(laptop.refresh_token)).status).toBe(200);
  });

  it("another user's session, or an unknown id, is 404 and stays alive", async () => {
    const { session: mine } = await verifiedUser("end-mine");
    const { session: theirs } = await verifiedUser("end-theirs");
    for (const id of [sessionIdOf(theirs.access_token), crypto.randomUUID()]) {
      const response = await call("DELETE", `/v1/users/me/sessions/${id}`, {
        token: mine.access_token,
      });
      await expectProblem(response, 404, "not_found");
    }
    expect((await me(theirs.access_token)).status).toBe(200);
  });

  it("'sign out everywhere else' keeps the caller's session and ends the rest", async () => {
    const { email, session: first } = await verifiedUser("others");
    const second = await json<Session>(await login(email));
    const third = await json<Session>(await login(email));
    const response = await call("DELETE", "/v1/users/me/sessions", { token: second.access_token });
    expect(response.status).toBe(204);
    for (const ended of [first, third]) {
      await expectProblem(await me(ended.access_token), 401, "invalid_token");
      await expectProblem(await refresh(ended.refresh_token), 401, "invalid_token");
    }
    expect((await me(second.access_token)).status).toBe(200);
    const items = await list(second.access_token);
    expect(items.map((s) => s.current)).toEqual([true]);
  });

  it("logout ends the session's access tokens too, not only its refresh token", async () => {
    const { session } = await verifiedUser("logout-access");
    const response = await call("POST", "/v1/auth/logout", {
      body: { refresh_token: session.refresh_token },
    });
    expect(response.status).toBe(204);
    await expectProblem(await me(session.access_token), 401, "invalid_token");
  });

  it("a session past its absolute end can be neither used nor refreshed", async () => {
    const { session } = await verifiedUser("absolute-end");
    await env.DB.prepare("UPDATE sessions SET expires_at = ? WHERE id = ?")
      .bind(new Date(Date.now() - 1000).toISOString(), sessionIdOf(session.access_token))
      .run();
    await expectProblem(await me(session.access_token), 401, "invalid_token");
    await expectProblem(await refresh(session.refresh_token), 401, "invalid_token");
  });

  it("refreshing never extends a session beyond its absolute end", async () => {
    const { session } = await verifiedUser("capped");
    const end = new Date(Date.now() + 3600_000).toISOString();
    await env.DB.prepare("UPDATE sessions SET expires_at = ? WHERE id = ?")
      .bind(end, sessionIdOf(session.access_token))
      .run();
    const rotated = await json<Session>(await refresh(session.refresh_token));
    const row = await env.DB.prepare(
      "SELECT expires_at FROM refresh_tokens WHERE family_id = ? ORDER BY created_at DESC LIMIT 1",
    )
      .bind(sessionIdOf(rotated.access_token))
      .first<{ expires_at: string }>();
    expect(row?.expires_at).toBe(end);
  });
});

describe("admins can see and end anyone's sessions", () => {
  it("lists a user's sessions and forces a log-out that kills every token at once", async () => {
    const admin = await makeAdmin("sessions-admin");
    const { email, session: one } = await verifiedUser("forced");
    const two = await json<Session>(await login(email));
    const listed = await json<{ items: SessionInfo[] }>(
      await call("GET", `/v1/users/${one.user.id}/sessions`, { token: admin.session.access_token }),
    );
    expect(listed.items).toHaveLength(2);
    expect(listed.items.every((s) => !s.current)).toBe(true);
    const response = await call("DELETE", `/v1/users/${one.user.id}/sessions`, {
      token: admin.session.access_token,
    });
    expect(response.status).toBe(204);
    for (const session of [one, two]) {
      await expectProblem(await me(session.access_token), 401, "invalid_token");
      await expectProblem(await refresh(session.refresh_token), 401, "invalid_token");
    }
    expect((await me(admin.session.access_token)).status).toBe(200);
    const audit = await json<{ items: { type: string; data: { count: number } }[] }>(
      await call("GET", `/v1/audit?target=${one.user.id}&type=admin.sessions_revoke`, {
        token: admin.session.access_token,
      }),
    );
    expect(audit.items[0]?.data.count).toBe(2);
  });

  it("a non-admin gets 403, and an unknown user 404", async () => {
    const admin = await makeAdmin("sessions-admin-2");
    const { session: user } = await verifiedUser("not-admin");
    for (const method of ["GET", "DELETE"]) {
      await expectProblem(
        await call(method, `/v1/users/${admin.session.user.id}/sessions`, {
          token: user.access_token,
        }),
        403,
        "forbidden",
      );
      await expectProblem(
        await call(method, `/v1/users/${crypto.randomUUID()}/sessions`, {
          token: admin.session.access_token,
        }),
        404,
        "not_found",
      );
    }
    expect((await me(admin.session.access_token)).status).toBe(200);
  });

  it("a role change keeps the session: the old access token goes stale, a refresh carries the new role", async () => {
    const admin = await makeAdmin("sessions-admin-3");
    const { session } = await verifiedUser("promoted");
    await call("PATCH", `/v1/users/${session.user.id}`, {
      token: admin.session.access_token,
      body: { role: "admin" },
    });
    await expectProblem(await me(session.access_token), 401, "invalid_token");
    const rotated = await json<Session>(await refresh(session.refresh_token));
    expect(sessionIdOf(rotated.access_token)).toBe(sessionIdOf(session.access_token));
    expect(rotated.user.role).toBe("admin");
  });
});

describe("the browser mode keeps the refresh token in an HttpOnly cookie", () => {
  async function cookieSession(label: string) {
    const email = uniqueEmail(label);
    const code = await signup(email);
    const response = await call("POST", "/v1/auth/verify", {
      body: { email, password: PASSWORD, code, refresh_token_transport: "cookie" },
    });
    expect(response.status).toBe(200);
    const cookie = refreshCookie(response);
    if (!cookie) throw new Error("no refresh-token cookie");
    return { email, response, cookie, body: await json<Omit<Session, "refresh_token">>(response) };
  }

  it("sets the cookie HttpOnly, Secure, SameSite=Strict, Path=/v1/auth, Max-Age = the token's life", async () => {
    const { cookie, body } = await cookieSession("cookie-attributes");
    expect(body).not.toHaveProperty("refresh_token");
    expect(body.access_token).toEqual(expect.any(String));
    expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(cookie.attributes.has("httponly")).toBe(true);
    expect(cookie.attributes.has("secure")).toBe(true);
    expect(cookie.attributes.get("samesite")).toBe("Strict");
    expect(cookie.attributes.get("path")).toBe("/v1/auth");
    expect(Number(cookie.attributes.get("max-age"))).toBe(Number(env.REFRESH_TOKEN_TTL_SECONDS));
  });

  it("COOKIE_SAMESITE=None is honoured for a front end on another site", async () => {
    const { email } = await verifiedUser("samesite-none");
    const response = await call("POST", "/v1/auth/login", {
      env: bindings({ COOKIE_SAMESITE: "None" }),
      body: { email, password: PASSWORD, refresh_token_transport: "cookie" },
    });
    expect(refreshCookie(response)?.attributes.get("samesite")).toBe("None");
  });

  it("a refresh from the cookie rotates it like the body flow, and reuse ends the session", async () => {
    const { cookie, body } = await cookieSession("cookie-rotate");
    const rotated = await cookieRequest("/v1/auth/refresh", cookie.value);
    expect(rotated.status).toBe(200);
    const next = refreshCookie(rotated);
    expect(next?.value).toBeTruthy();
    expect(next?.value).not.toBe(cookie.value);
    const rotatedBody = await json(rotated);
    expect(rotatedBody).not.toHaveProperty("refresh_token");
    expect((await me(String(rotatedBody.access_token))).status).toBe(200);

    // A stolen copy of the first cookie replayed: reuse, the whole session ends.
    const replay = await cookieRequest("/v1/auth/refresh", cookie.value);
    await expectProblem(replay, 401, "token_reused");
    expect(refreshCookie(replay)?.attributes.get("max-age")).toBe("0");
    await expectProblem(
      await cookieRequest("/v1/auth/refresh", next?.value ?? ""),
      401,
      "invalid_token",
    );
    await expectProblem(await me(String(rotatedBody.access_token)), 401, "invalid_token");
    await expectProblem(await me(body.access_token), 401, "invalid_token");
  });

  it("a foreign or missing Origin on a cookie request is 403 and rotates nothing", async () => {
    const { cookie } = await cookieSession("cookie-csrf");
    for (const origin of ["https://evil.example", null]) {
      for (const path of ["/v1/auth/refresh", "/v1/auth/logout"] as const) {
        const response = await cookieRequest(path, cookie.value, origin);
        await expectProblem(response, 403, "forbidden");
      }
    }
    // The API's own origin is trusted as well as the listed front ends: the token still works.
    const own = await cookieRequest("/v1/auth/refresh", cookie.value, API);
    expect(own.status).toBe(200);
  });

  it("logout from the cookie ends the session and clears the cookie", async () => {
    const { cookie, body } = await cookieSession("cookie-logout");
    const response = await cookieRequest("/v1/auth/logout", cookie.value);
    expect(response.status).toBe(204);
    expect(refreshCookie(response)?.attributes.get("max-age")).toBe("0");
    await expectProblem(await me(body.access_token), 401, "invalid_token");
    await expectProblem(
      await cookieRequest("/v1/auth/refresh", cookie.value),
      401,
      "invalid_token",
    );
  });

  it("refresh with neither a body token nor a cookie is 401 unauthorized", async () => {
    await expectProblem(await call("POST", "/v1/auth/refresh"), 401, "unauthorized");
    await expectProblem(await call("POST", "/v1/auth/refresh", { body: {} }), 401, "unauthorized");
  });

  it("a password change in a cookie session answers with a new cookie, not a body token", async () => {
    const { body } = await cookieSession("cookie-password");
    const response = await call("POST", "/v1/users/me/password", {
      token: body.access_token,
      body: { current_password: PASSWORD, new_password: "a-new-espresso-pass-9" },
    });
    expect(response.status).toBe(200);
    expect(await json(response)).not.toHaveProperty("refresh_token");
    const cookie = refreshCookie(response);
    expect(cookie?.value).toBeTruthy();
    expect((await cookieRequest("/v1/auth/refresh", cookie?.value ?? "")).status).toBe(200);
  });

  it("CORS answers for a listed origin allow credentials", async () => {
    const response = await call("OPTIONS", "/v1/auth/refresh", {
      headers: { Origin: FRONT_END, "Access-Control-Request-Method": "POST" },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe(FRONT_END);
    expect(response.headers.get("Access-Control-Allow-Credentials")).toBe("true");
  });
});

describe("the bearer check stays one round trip", () => {
  it("GET /v1/users/me reads the user and the session in exactly one D1 call", async () => {
    const { session } = await verifiedUser("one-read");
    const d1 = countingD1(env.DB);
    const response = await call("GET", "/v1/users/me", {
      env: bindings({ DB: d1.binding }),
      token: session.access_token,
    });
    expect(response.status).toBe(200);
    expect(d1.calls).toBe(1);
    expect(d1.log[0]).toMatch(/left join "sessions"/i);
  });
});

describe("the nightly purge removes ended sessions with their tokens", () => {
  it("deletes ended, expired and idle sessions and their refresh tokens, keeps live ones", async () => {
    const { email, session: live } = await verifiedUser("purge-live");
    const ended = await json<Session>(await login(email));
    const expired = await json<Session>(await login(email));
    const idle = await json<Session>(await login(email));
    await call("POST", "/v1/auth/logout", { body: { refresh_token: ended.refresh_token } });
    await env.DB.prepare("UPDATE sessions SET expires_at = ? WHERE id = ?")
      .bind(new Date(Date.now() - 1000).toISOString(), sessionIdOf(expired.access_token))
      .run();
    await env.DB.prepare("UPDATE sessions SET last_used_at = ? WHERE id = ?")
      .bind(new Date(Date.now() - 31 * 86_400_000).toISOString(), sessionIdOf(idle.access_token))
      .run();
    await runScheduled("0 3 * * *", new Date(), env);
    const { results } = await env.DB.prepare(
      "SELECT s.id, (SELECT COUNT(*) FROM refresh_tokens t WHERE t.family_id = s.id) AS tokens FROM sessions s WHERE s.user_id = ?",
    )
      .bind(live.user.id)
      .all<{ id: string; tokens: number }>();
    expect(results).toEqual([{ id: sessionIdOf(live.access_token), tokens: 1 }]);
    const orphans = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM refresh_tokens WHERE user_id = ? AND family_id NOT IN (SELECT id FROM sessions)",
    )
      .bind(live.user.id)
      .first<{ n: number }>();
    expect(orphans?.n).toBe(0);
  });
});
