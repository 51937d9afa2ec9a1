// The floors of `npm run bench`: each route does only the unavoidable work of one product case.
import { verify } from "hono/jwt";

interface FloorEnv {
  DB: D1Database;
  JWT_SECRET: string;
}

const PBKDF2_ITERATIONS = 100_000;
const SALT = new Uint8Array(16);
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
      const key = await crypto.subtle.importKey(
        "raw",
        new TextEncoder().encode(await request.text()),
        "PBKDF2",
        false,
        ["deriveBits"],
      );
      await crypto.subtle.deriveBits(
        { name: "PBKDF2", hash: "SHA-256", salt: SALT, iterations: PBKDF2_ITERATIONS },
        key,
        256,
      );
      return json({ ok: true });
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
