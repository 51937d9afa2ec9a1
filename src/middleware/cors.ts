import type { MiddlewareHandler } from "hono";
import { loadConfig } from "../config";
import { ApiError } from "../lib/errors";
import type { AppBindings } from "../lib/types";

const ALLOW_METHODS = "GET, POST, PATCH, DELETE, OPTIONS";
const ALLOW_HEADERS = "Authorization, Content-Type, X-Request-Id";
const EXPOSE_HEADERS = "X-Request-Id, Retry-After";
const MAX_AGE_SECONDS = "600";

/**
 * CORS from the `CORS_ORIGINS` allowlist (exact origins). An empty list means no
 * cross-origin access; a preflight from an origin not on the list gets 403.
 */
export const cors: MiddlewareHandler<AppBindings> = async (c, next) => {
  const origin = c.req.header("Origin");
  if (!origin) return next();
  const parsed = loadConfig(c.env);
  const allowed = parsed.ok && parsed.config.corsOrigins.includes(origin);
  const isPreflight = c.req.method === "OPTIONS" && c.req.header("Access-Control-Request-Method");

  if (isPreflight) {
    if (!allowed) throw new ApiError("forbidden", "This origin may not call the API.");
    return c.body(null, 204, {
      "Access-Control-Allow-Origin": origin,
      "Access-Control-Allow-Methods": ALLOW_METHODS,
      "Access-Control-Allow-Headers": ALLOW_HEADERS,
      "Access-Control-Max-Age": MAX_AGE_SECONDS,
      Vary: "Origin",
    });
  }
  await next();
  c.res.headers.append("Vary", "Origin");
  if (allowed) {
    c.res.headers.set("Access-Control-Allow-Origin", origin);
    c.res.headers.set("Access-Control-Expose-Headers", EXPOSE_HEADERS);
  }
};
