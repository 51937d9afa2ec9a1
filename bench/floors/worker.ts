// The floors of `npm run bench`: each route does only the unavoidable work of one product case.
import { sign, verify } from "hono/jwt";

interface FloorEnv {
  DB: D1Database;
  JWT_SECRET: string;
  /** The product's RPC entrypoint (over the local dev registry): the key-verification cases. */
  ACCOUNTS?: Service & { verifyApiKey(key: string): Promise<unknown> };
}

const PBKDF2_ITERATIONS = 100_000;
const SALT = new Uint8Array(16);
const hex = (bytes: ArrayBuffer) =>
  [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");

async function pbkdf2(password: string): Promise<void> {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(password),
    "PBKDF2",
    false,
    ["deriveBits"],
  );
  await crypto.subtle.deriveBits(
    { name: "PBKDF2", hash: "SHA-256", salt: SALT, iterations: PBKDF2_ITERATIONS },
    key,
    256,
  );
}

const json = (body: unknown) =>
  new Response(JSON.stringify(body), { headers: { "Content-Type": "application/json" } });

/** What the spec makes every product response carry (not a floor of the issue; for the notes). */
const SPEC_HEADERS = {
  "Content-Type": "application/json",
  "Cache-Control": "no-store",
  "X-Content-Type-Options": "nosniff",
  "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
  "Referrer-Policy": "no-referrer",
  "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
};

export default {
  async fetch(request, env) {
    const { pathname } = new URL(request.url);
    // What GET /health cannot go below: route, answer JSON, no I/O.
    if (pathname === "/health") return json({ status: "ok" });
    // The same plus what the spec requires of every response: one JSON log line, the headers.
    if (pathname === "/health-logged") {
      const requestId = crypto.randomUUID();
      console.log(
        JSON.stringify({
          ts: new Date().toISOString(),
          level: "info",
          msg: "request",
          request_id: requestId,
          method: "GET",
          route: "/health",
          status: 200,
          duration_ms: 0,
        }),
      );
      return new Response(JSON.stringify({ status: "ok" }), {
        headers: { ...SPEC_HEADERS, "X-Request-Id": requestId },
      });
    }
    // What a login cannot go below: one PBKDF2-SHA256 derivation at the product's parameters.
    if (pathname === "/pbkdf2") {
      await pbkdf2(await request.text());
      return json({ ok: true });
    }
    // What the spec's login cannot go below: its two D1 calls (read the account by email; one
    // batch writing a session and a refresh token's digest), one PBKDF2, one HS256 signature.
    if (pathname === "/login") {
      const body = (await request.json()) as { email: string; password: string };
      const user = await env.DB.prepare("SELECT id, password_hash FROM users WHERE email = ?")
        .bind(body.email)
        .first<{ id: string; password_hash: string }>();
      if (!user) return new Response("no such user", { status: 401 });
      await pbkdf2(body.password);
      const now = new Date();
      const at = now.toISOString();
      const expires = new Date(now.getTime() + 30 * 86_400_000).toISOString();
      const sessionId = crypto.randomUUID();
      const refresh = hex(crypto.getRandomValues(new Uint8Array(32)).buffer as ArrayBuffer);
      const digest = hex(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(refresh)));
      await env.DB.batch([
        env.DB.prepare(
          "INSERT INTO sessions (id, user_id, created_at, last_used_at, expires_at, amr) VALUES (?, ?, ?, ?, ?, 'pwd')",
        ).bind(sessionId, user.id, at, at, expires),
        env.DB.prepare(
          "INSERT INTO refresh_tokens (id, user_id, family_id, token_digest, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?)",
        ).bind(crypto.randomUUID(), user.id, sessionId, digest, expires, at),
      ]);
      const exp = Math.floor(now.getTime() / 1000) + 900;
      const access = await sign({ sub: user.id, sid: sessionId, exp }, env.JWT_SECRET, "HS256");
      return json({ access_token: access, refresh_token: refresh });
    }
    // A sibling Worker verifying a till's key over the Service Binding (the product's RPC).
    if (pathname === "/verify-key" && env.ACCOUNTS) {
      const key = request.headers.get("Authorization")?.slice("Bearer ".length) ?? "";
      return json(await env.ACCOUNTS.verifyApiKey(key));
    }
    // What an authenticated read cannot go below: verify an HS256 JWT, read the user by id.
    if (pathname === "/jwt-d1") {
      const token = request.headers.get("Authorization")?.slice("Bearer ".length) ?? "";
      const claims = await verify(token, env.JWT_SECRET, "HS256");
      const user = await env.DB.prepare("SELECT * FROM users WHERE id = ?")
        .bind(claims.sub)
        .first();
      return json(user);
    }
    return new Response("not found", { status: 404 });
  },
} satisfies ExportedHandler<FloorEnv>;
