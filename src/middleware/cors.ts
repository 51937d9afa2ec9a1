import type { MiddlewareHandler } from "hono";
import { cors as honoCors } from "hono/cors";
import { loadConfig } from "../config";
import type { AppBindings } from "../http/types";
import { ApiError } from "../lib/errors";

function allowedOrigin(env: Env, origin: string): boolean {
  const parsed = loadConfig(env);
  return parsed.ok && parsed.config.corsOrigins.includes(origin);
}

/** hono/cors for the origins in `CORS_ORIGINS`, with credentials (the refresh-token cookie). */
const allowListed = honoCors({
  origin: (origin) => origin,
  allowMethods: ["GET", "POST", "PATCH", "DELETE", "OPTIONS"],
  allowHeaders: ["Authorization", "Content-Type", "X-Request-Id", "x-d1-bookmark"],
  exposeHeaders: ["X-Request-Id", "Retry-After", "x-d1-bookmark"],
  maxAge: 600,
  credentials: true,
});

/**
 * CORS from the `CORS_ORIGINS` allowlist (exact origins; empty means no cross-origin access).
 * hono/cors itself answers every preflight 204; this wrapper refuses a foreign origin's
 * preflight with 403 instead, and leaves requests without an `Origin` alone.
 */
export const cors: MiddlewareHandler<AppBindings> = async (c, next) => {
  const origin = c.req.header("Origin");
  if (!origin) return next();
  if (allowedOrigin(c.env, origin)) return allowListed(c, next);
  if (c.req.method === "OPTIONS" && c.req.header("Access-Control-Request-Method")) {
    throw new ApiError("forbidden", "This origin may not call the API.");
  }
  await next();
  c.res.headers.append("Vary", "Origin");
};
