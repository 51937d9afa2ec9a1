import { createExecutionContext, env, SELF, waitOnExecutionContext } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import worker from "../../src/index";

const BASE = "https://api.test";

interface Operation {
  operationId?: string;
  summary?: string;
  description?: string;
  security?: unknown[];
  responses: Record<string, unknown>;
}

async function problemOf(response: Response) {
  expect(response.headers.get("Content-Type")).toBe("application/problem+json");
  return (await response.json()) as Record<string, unknown>;
}

/** Calls the Worker's real fetch entry point with altered bindings (misconfiguration tests). */
async function fetchWithEnv(path: string, bindings: Env): Promise<Response> {
  const ctx = createExecutionContext();
  const response = await worker.fetch(new Request(`${BASE}${path}`), bindings, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

afterEach(() => vi.restoreAllMocks());

describe("health", () => {
  it("liveness answers 200 ok without touching D1", async () => {
    const response = await SELF.fetch(`${BASE}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("readiness answers 200 when D1 answers a query", async () => {
    const response = await SELF.fetch(`${BASE}/health/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: "ready",
      checks: { config: "ok", database: "ok" },
      // The test bindings have no asymmetric key: the OpenID provider is off, named.
      disabled: [{ feature: "openid_provider", setting: "JWT_SIGNING_KEY" }],
    });
  });

  it("readiness answers 503 unavailable when D1 fails", async () => {
    const brokenDb = {
      prepare: () => {
        throw new Error("D1_ERROR: network connection lost");
      },
    } as unknown as D1Database;
    const response = await fetchWithEnv("/health/ready", { ...env, DB: brokenDb });
    expect(response.status).toBe(503);
    const body = await problemOf(response);
    expect(body.code).toBe("unavailable");
    expect(body.detail).toContain("database");
    expect(JSON.stringify(body)).not.toContain("network connection lost");
  });
});

describe("a missing or weak secret fails loudly", () => {
  it("readiness names the setting, liveness stays up, API routes answer 500 internal", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    // One bindings object, as in production, where env is stable per isolate.
    const weak = { ...env, JWT_SECRET: "weak-sekret-42" };

    const ready = await fetchWithEnv("/health/ready", weak);
    expect(ready.status).toBe(503);
    const readyBody = await problemOf(ready);
    expect(readyBody.code).toBe("unavailable");
    expect(readyBody.detail).toContain("JWT_SECRET");
    expect(JSON.stringify(readyBody)).not.toContain("weak-sekret-42");

    expect((await fetchWithEnv("/health", weak)).status).toBe(200);

    const api = await fetchWithEnv("/v1/users/me", weak);
    expect(api.status).toBe(500);
    const apiBody = await problemOf(api);
    expect(apiBody.code).toBe("internal");
    expect(apiBody.detail).not.toContain("JWT_SECRET");

    const configLines = errors.mock.calls
      .map(([line]) => String(line))
      .filter((line) => line.includes("invalid configuration"));
    expect(configLines).toHaveLength(1);
    expect(configLines[0]).toContain('"setting":"JWT_SECRET"');
  });

  it("a missing CODE_HMAC_SECRET is named", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const response = await fetchWithEnv("/health/ready", { ...env, CODE_HMAC_SECRET: "" });
    expect((await problemOf(response)).detail).toContain("CODE_HMAC_SECRET");
  });

  it("a missing MFA_ENCRYPTION_KEY turns MFA off, named, and leaves the service ready", async () => {
    const response = await fetchWithEnv("/health/ready", { ...env, MFA_ENCRYPTION_KEY: "" });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      disabled: [
        { feature: "mfa", setting: "MFA_ENCRYPTION_KEY" },
        { feature: "openid_provider", setting: "JWT_SIGNING_KEY" },
      ],
    });
  });

  it("a weak MFA_ENCRYPTION_KEY is a configuration error, named", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const response = await fetchWithEnv("/health/ready", { ...env, MFA_ENCRYPTION_KEY: "short" });
    expect((await problemOf(response)).detail).toContain("MFA_ENCRYPTION_KEY");
  });

  it("the resend provider without an API key is named", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const response = await fetchWithEnv("/health/ready", {
      ...env,
      EMAIL_PROVIDER: "resend",
      EMAIL_API_KEY: "",
    });
    expect((await problemOf(response)).detail).toContain("EMAIL_API_KEY");
  });
});

describe("every error is problem+json", () => {
  it("an unknown route is 404 not_found", async () => {
    const response = await SELF.fetch(`${BASE}/v1/nothing-here`);
    expect(response.status).toBe(404);
    const body = await problemOf(response);
    expect(body).toMatchObject({ status: 404, code: "not_found", title: "Not found" });
    expect(typeof body.type).toBe("string");
    expect(typeof body.detail).toBe("string");
  });

  it("a known path with the wrong method is 405 with Allow", async () => {
    const response = await SELF.fetch(`${BASE}/health`, { method: "DELETE" });
    expect(response.status).toBe(405);
    expect(response.headers.get("Allow")).toContain("GET");
    expect((await problemOf(response)).code).toBe("method_not_allowed");
  });
});

describe("cross-cutting headers", () => {
  it("every response carries the security headers", async () => {
    for (const path of ["/health", "/v1/nothing-here", "/openapi.json"]) {
      const response = await SELF.fetch(`${BASE}${path}`);
      expect(response.headers.get("Cache-Control")).toBe("no-store");
      expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
      expect(response.headers.get("Strict-Transport-Security")).toMatch(/max-age=\d+/);
      expect(response.headers.get("Referrer-Policy")).toBe("no-referrer");
      expect(response.headers.get("Content-Security-Policy")).toContain("default-src 'none'");
    }
  });

  it("echoes a sane X-Request-Id and generates one otherwise", async () => {
    const echoed = await SELF.fetch(`${BASE}/health`, { headers: { "X-Request-Id": "abc-123" } });
    expect(echoed.headers.get("X-Request-Id")).toBe("abc-123");
    const generated = await SELF.fetch(`${BASE}/health`, {
      headers: { "X-Request-Id": "<script>" },
    });
    expect(generated.headers.get("X-Request-Id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("writes one JSON log line per request with the route pattern, not the raw path", async () => {
    const lines: string[] = [];
    vi.spyOn(console, "log").mockImplementation((line: unknown) => lines.push(String(line)));
    const ctx = createExecutionContext();
    await worker.fetch(
      new Request(`${BASE}/health`, { headers: { "X-Request-Id": "log-test-1" } }),
      env,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    // Lines of earlier requests may still arrive (they are written just after each response).
    const requestLines = lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((entry) => entry.msg === "request" && entry.request_id === "log-test-1");
    expect(requestLines).toHaveLength(1);
    expect(requestLines[0]).toMatchObject({
      level: "info",
      request_id: "log-test-1",
      method: "GET",
      route: "/health",
      status: 200,
    });
    expect(typeof requestLines[0]?.duration_ms).toBe("number");
    expect(typeof requestLines[0]?.ts).toBe("string");
  });
});

describe("CORS allowlist", () => {
  it("answers a preflight from an allowed origin with 204", async () => {
    const response = await SELF.fetch(`${BASE}/v1/auth/login`, {
      method: "OPTIONS",
      headers: { Origin: "https://shop.example", "Access-Control-Request-Method": "POST" },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe("https://shop.example");
    expect(response.headers.get("Access-Control-Allow-Methods")).toContain("POST");
  });

  it("refuses a preflight from any other origin and grants it nothing", async () => {
    const response = await SELF.fetch(`${BASE}/v1/auth/login`, {
      method: "OPTIONS",
      headers: { Origin: "https://evil.example", "Access-Control-Request-Method": "POST" },
    });
    expect(response.status).toBe(403);
    expect(response.headers.get("Access-Control-Allow-Origin")).toBeNull();
  });

  it("adds Allow-Origin to simple responses for allowed origins only", async () => {
    const allowed = await SELF.fetch(`${BASE}/health`, {
      headers: { Origin: "https://shop.example" },
    });
    expect(allowed.headers.get("Access-Control-Allow-Origin")).toBe("https://shop.example");
    const other = await SELF.fetch(`${BASE}/health`, {
      headers: { Origin: "https://evil.example" },
    });
    expect(other.headers.get("Access-Control-Allow-Origin")).toBeNull();
  });
});

describe("documentation", () => {
  it("serves an OpenAPI 3.1 document with the bearerAuth scheme and every route", async () => {
    const response = await SELF.fetch(`${BASE}/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as {
      openapi: string;
      paths: Record<string, unknown>;
      components: { securitySchemes: Record<string, { type: string; scheme: string }> };
    };
    expect(document.openapi).toBe("3.1.0");
    expect(document.components.securitySchemes.bearerAuth).toMatchObject({
      type: "http",
      scheme: "bearer",
    });
    expect(Object.keys(document.paths).sort()).toEqual(
      [
        "/.well-known/apple-app-site-association",
        "/.well-known/assetlinks.json",
        "/.well-known/jwks.json",
        "/.well-known/openid-configuration",
        "/health",
        "/health/ready",
        "/metrics",
        "/oauth/authorize",
        "/oauth/introspect",
        "/oauth/logout",
        "/oauth/revoke",
        "/oauth/token",
        "/oauth/userinfo",
        "/v1/api-keys/self",
        "/v1/audit",
        "/v1/auth/email-code",
        "/v1/auth/email-code/verify",
        "/v1/auth/login",
        "/v1/auth/logout",
        "/v1/auth/logout-all",
        "/v1/auth/mfa/sms",
        "/v1/auth/mfa/verify",
        "/v1/auth/oauth/exchange",
        "/v1/auth/oauth/{provider}/callback",
        "/v1/auth/oauth/{provider}/id-token",
        "/v1/auth/oauth/{provider}/start",
        "/v1/auth/passkey/options",
        "/v1/auth/passkey/verify",
        "/v1/auth/password/forgot",
        "/v1/auth/password/reset",
        "/v1/auth/providers",
        "/v1/auth/refresh",
        "/v1/auth/resend-code",
        "/v1/auth/signup",
        "/v1/auth/verify",
        "/v1/invitations/accept",
        "/v1/oauth/clients",
        "/v1/oauth/clients/{id}",
        "/v1/permissions",
        "/v1/shops",
        "/v1/shops/{id}",
        "/v1/shops/{id}/api-keys",
        "/v1/shops/{id}/api-keys/{key_id}",
        "/v1/shops/{id}/invitations",
        "/v1/shops/{id}/invitations/{invitation_id}",
        "/v1/shops/{id}/members",
        "/v1/shops/{id}/members/{user_id}",
        "/v1/users",
        "/v1/users/me",
        "/v1/users/me/email",
        "/v1/users/me/email/confirm",
        "/v1/users/me/export",
        "/v1/users/me/identities",
        "/v1/users/me/identities/{id}",
        "/v1/users/me/identities/{provider}/link",
        "/v1/users/me/memberships",
        "/v1/users/me/mfa",
        "/v1/users/me/mfa/recovery-codes",
        "/v1/users/me/mfa/sms",
        "/v1/users/me/mfa/sms/confirm",
        "/v1/users/me/mfa/totp",
        "/v1/users/me/mfa/totp/confirm",
        "/v1/users/me/passkeys",
        "/v1/users/me/passkeys/options",
        "/v1/users/me/passkeys/{id}",
        "/v1/users/me/password",
        "/v1/users/me/sessions",
        "/v1/users/me/sessions/{id}",
        "/v1/users/{id}",
        "/v1/users/{id}/ban",
        "/v1/users/{id}/mfa",
        "/v1/users/{id}/sessions",
      ].sort(),
    );
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const operation of Object.values(operations as Record<string, Operation>)) {
        expect(operation.operationId, path).toEqual(expect.any(String));
        expect(operation.summary, path).toEqual(expect.any(String));
        expect(operation.description, path).toEqual(expect.any(String));
        if (path.startsWith("/v1/"))
          expect(Object.keys(operation.responses), path).toContain("500");
        expect(operation.security, path).toBeDefined();
        if (operation.security?.length)
          expect(Object.keys(operation.responses), path).toContain("401");
      }
    }
  });

  it("serves Swagger UI at /docs from its own assets under a 'self'-only policy", async () => {
    const response = await SELF.fetch(`${BASE}/docs`);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toContain("text/html");
    const html = await response.text();
    const scripts = [...html.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]);
    expect(scripts).toEqual([
      "/docs/swagger-ui-dist/swagger-ui-bundle.js",
      "/docs/swagger-init.js",
    ]);
    expect(html).not.toMatch(/<script>|https?:\/\//);
    const csp = response.headers.get("Content-Security-Policy") ?? "";
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https:/);

    // The assets themselves are served by Workers static assets: test/e2e loads them in a browser.
  });
});
