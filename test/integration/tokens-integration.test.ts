import { env } from "cloudflare:test";
import { sign } from "hono/jwt";
import { describe, expect, it } from "vitest";
import { call, expectProblem, json, PASSWORD, type Session, verifiedUser } from "../helpers/api";

const b64url = (value: object) =>
  btoa(JSON.stringify(value)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");

function me(token: string) {
  return call("GET", "/v1/users/me", { token });
}

function refresh(token: string) {
  return call("POST", "/v1/auth/refresh", { body: { refresh_token: token } });
}

function payloadOf(token: string): Record<string, unknown> {
  const [, payload] = token.split(".");
  return JSON.parse(atob((payload ?? "").replaceAll("-", "+").replaceAll("_", "/")));
}

async function claimsFor(session: Session) {
  const now = Math.floor(Date.now() / 1000);
  const row = await env.DB.prepare("SELECT token_version FROM users WHERE id = ?")
    .bind(session.user.id)
    .first<{ token_version: number }>();
  const { sid, amr } = payloadOf(session.access_token);
  return {
    sub: session.user.id,
    role: "user",
    ver: row?.token_version ?? 0,
    sid,
    amr,
    typ: "access",
    iat: now,
    exp: now + 600,
    iss: env.JWT_ISSUER,
    aud: env.JWT_AUDIENCE,
  };
}

describe("access tokens", () => {
  it("carry sub, role, ver, sid, amr, shops, typ, iat, exp, iss and aud, signed HS256", async () => {
    const { session } = await verifiedUser("claims");
    const [header, payload] = session.access_token.split(".");
    expect(JSON.parse(atob(header ?? ""))).toMatchObject({ alg: "HS256" });
    const claims = JSON.parse(atob((payload ?? "").replaceAll("-", "+").replaceAll("_", "/")));
    expect(Object.keys(claims).sort()).toEqual([
      "amr",
      "aud",
      "exp",
      "iat",
      "iss",
      "role",
      "shops",
      "sid",
      "sub",
      "typ",
      "ver",
    ]);
    expect(claims.amr).toEqual(["pwd"]);
    expect(claims.shops).toEqual({});
    expect(claims.sid).toMatch(/^[0-9a-f-]{36}$/);
    expect(claims).toMatchObject({ sub: session.user.id, role: "user", typ: "access" });
    expect(claims.exp - claims.iat).toBe(900);
  });

  it("no token is 401 unauthorized; a garbled one is 401 invalid_token", async () => {
    await expectProblem(await call("GET", "/v1/users/me"), 401, "unauthorized");
    await expectProblem(await me("not.a.jwt"), 401, "invalid_token");
    const basic = await call("GET", "/v1/users/me", { headers: { Authorization: "Basic YTpi" } });
    await expectProblem(basic, 401, "invalid_token");
  });

  const forgeries: [string, (claims: Record<string, unknown>) => Promise<string>][] = [
    ["alg none", async (claims) => `${b64url({ alg: "none", typ: "JWT" })}.${b64url(claims)}.`],
    [
      "a wrong signature",
      async (claims) => sign(claims, "another-secret-another-secret-xx", "HS256"),
    ],
    ["HS512 instead of HS256", async (claims) => sign(claims, env.JWT_SECRET, "HS512")],
    ["no exp", async ({ exp: _exp, ...claims }) => sign(claims, env.JWT_SECRET, "HS256")],
    [
      "an expired exp",
      async (claims) =>
        sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 60 }, env.JWT_SECRET, "HS256"),
    ],
    ["typ refresh", async (claims) => sign({ ...claims, typ: "refresh" }, env.JWT_SECRET, "HS256")],
    ["no typ", async ({ typ: _typ, ...claims }) => sign(claims, env.JWT_SECRET, "HS256")],
    [
      "a foreign issuer",
      async (claims) => sign({ ...claims, iss: "someone-else" }, env.JWT_SECRET, "HS256"),
    ],
    [
      "a foreign audience",
      async (claims) => sign({ ...claims, aud: "another-app" }, env.JWT_SECRET, "HS256"),
    ],
    [
      "a stale ver",
      async (claims) => sign({ ...claims, ver: Number(claims.ver) + 1 }, env.JWT_SECRET, "HS256"),
    ],
  ];
  for (const [label, forge] of forgeries) {
    it(`rejects a token with ${label}`, async () => {
      const { session } = await verifiedUser("forge");
      const claims = await claimsFor(session);
      // The same claims, honestly signed, are accepted: the forgery alone makes the difference.
      expect((await me(await sign(claims, env.JWT_SECRET, "HS256"))).status).toBe(200);
      await expectProblem(await me(await forge(claims)), 401, "invalid_token");
    });
  }

  it("rejects the token of a deleted user", async () => {
    const { session } = await verifiedUser("deleted");
    await env.DB.prepare("DELETE FROM users WHERE id = ?").bind(session.user.id).run();
    await expectProblem(await me(session.access_token), 401, "invalid_token");
  });

  it("authorizes on the role in D1, not on the claim", async () => {
    const { session } = await verifiedUser("role-claim");
    const claims = await claimsFor(session);
    const forgedAdmin = await sign({ ...claims, role: "admin" }, env.JWT_SECRET, "HS256");
    const response = await me(forgedAdmin);
    expect(response.status).toBe(200);
    expect((await json(response)).role).toBe("user");
  });
});

describe("refresh tokens rotate", () => {
  it("are opaque 256-bit strings stored only as SHA-256 digests", async () => {
    const { session } = await verifiedUser("opaque");
    expect(session.refresh_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const { results } = await env.DB.prepare(
      "SELECT token_digest FROM refresh_tokens WHERE user_id = ?",
    )
      .bind(session.user.id)
      .all<{ token_digest: string }>();
    expect(results).toHaveLength(1);
    expect(results[0]?.token_digest).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(results)).not.toContain(session.refresh_token);
  });

  it("a refresh returns a new pair and spends the presented token", async () => {
    const { session } = await verifiedUser("rotate");
    const response = await refresh(session.refresh_token);
    expect(response.status).toBe(200);
    const next = await json<Session>(response);
    expect(next.refresh_token).not.toBe(session.refresh_token);
    expect((await me(next.access_token)).status).toBe(200);
    expect((await refresh(next.refresh_token)).status).toBe(200);
  });

  it("presenting a spent token is 401 token_reused and revokes the whole family", async () => {
    const { session } = await verifiedUser("reuse");
    const next = await json<Session>(await refresh(session.refresh_token));
    await expectProblem(await refresh(session.refresh_token), 401, "token_reused");
    // The thief's replay also killed the legitimate successor.
    await expectProblem(await refresh(next.refresh_token), 401, "invalid_token");
  });

  it("does not touch other families of the same user", async () => {
    const { email, session } = await verifiedUser("families");
    const other = await json<Session>(
      await call("POST", "/v1/auth/login", { body: { email, password: PASSWORD } }),
    );
    await refresh(session.refresh_token);
    await refresh(session.refresh_token);
    expect((await refresh(other.refresh_token)).status).toBe(200);
  });

  it("exactly one of two concurrent refreshes of one token wins", async () => {
    const { session } = await verifiedUser("concurrent");
    const responses = await Promise.all([
      refresh(session.refresh_token),
      refresh(session.refresh_token),
    ]);
    expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
    expect(responses.filter((r) => r.status === 401)).toHaveLength(1);
  });

  it("an unknown or expired token is 401 invalid_token", async () => {
    await expectProblem(await refresh("x".repeat(43)), 401, "invalid_token");
    const { session } = await verifiedUser("expired-refresh");
    await env.DB.prepare("UPDATE refresh_tokens SET expires_at = ? WHERE user_id = ?")
      .bind(new Date(Date.now() - 1000).toISOString(), session.user.id)
      .run();
    await expectProblem(await refresh(session.refresh_token), 401, "invalid_token");
  });
});

describe("logout", () => {
  it("revokes the token's family and is idempotent", async () => {
    const { session } = await verifiedUser("logout");
    const next = await json<Session>(await refresh(session.refresh_token));
    for (let i = 0; i < 2; i++) {
      const response = await call("POST", "/v1/auth/logout", {
        body: { refresh_token: session.refresh_token },
      });
      expect(response.status).toBe(204);
    }
    await expectProblem(await refresh(next.refresh_token), 401, "invalid_token");
    expect(
      (await call("POST", "/v1/auth/logout", { body: { refresh_token: "unknown" } })).status,
    ).toBe(204);
  });

  it("logout-all revokes every refresh token and every access token already issued", async () => {
    const { email, session } = await verifiedUser("logout-all");
    const second = await json<Session>(
      await call("POST", "/v1/auth/login", { body: { email, password: PASSWORD } }),
    );
    const response = await call("POST", "/v1/auth/logout-all", { token: session.access_token });
    expect(response.status).toBe(204);
    for (const s of [session, second]) {
      await expectProblem(await me(s.access_token), 401, "invalid_token");
      await expectProblem(await refresh(s.refresh_token), 401, "invalid_token");
    }
    const fresh = await json<Session>(
      await call("POST", "/v1/auth/login", { body: { email, password: PASSWORD } }),
    );
    expect((await me(fresh.access_token)).status).toBe(200);
  });

  it("logout-all without a token is 401 unauthorized", async () => {
    await expectProblem(await call("POST", "/v1/auth/logout-all"), 401, "unauthorized");
  });
});
