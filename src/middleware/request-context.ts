import type { MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import { log } from "../lib/log";
import type { AppBindings } from "../lib/types";

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Echoes a sane `X-Request-Id` (or makes one) and writes one JSON log line per request. */
export const requestContext: MiddlewareHandler<AppBindings> = async (c, next) => {
  const started = performance.now();
  const incoming = c.req.header("X-Request-Id");
  const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
  c.set("requestId", requestId);
  await next();
  c.res.headers.set("X-Request-Id", requestId);
  const user = c.get("user");
  log(c.res.status >= 500 ? "error" : "info", "request", {
    request_id: requestId,
    method: c.req.method,
    route: matchedRoute(c),
    status: c.res.status,
    duration_ms: Math.round((performance.now() - started) * 100) / 100,
    ...(user ? { user_id: user.id } : {}),
  });
};

/**
 * The route pattern (`/v1/users/:id`), never the raw path, so ids and typos stay out of the logs.
 * The first concrete route matched is the one that answered: `/v1/users/me` is registered before
 * `/v1/users/:id` and wins, even when its auth middleware is what answered (401).
 */
function matchedRoute(c: Parameters<MiddlewareHandler<AppBindings>>[0]): string {
  const route = matchedRoutes(c).find((r) => r.method !== "ALL" && !r.path.includes("*"));
  return route?.path ?? "(unmatched)";
}
