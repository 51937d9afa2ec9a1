import type { Context, MiddlewareHandler } from "hono";
import { requestId } from "hono/request-id";
import { matchedRoutes } from "hono/route";
import { log } from "../lib/log";
import type { AppBindings } from "../lib/types";

/** Echoes a sane `X-Request-Id` (≤ 128 word characters, `-` or `=`) or makes one (hono/request-id). */
const withRequestId = requestId({ limitLength: 128 });

/** One JSON log line per request, with the request id, the route pattern and the caller. */
export const requestContext: MiddlewareHandler<AppBindings> = async (c, next) => {
  const started = performance.now();
  await withRequestId(c, next);
  const user = c.get("user");
  log(c.res.status >= 500 ? "error" : "info", "request", {
    request_id: c.get("requestId"),
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
function matchedRoute(c: Context<AppBindings>): string {
  const route = matchedRoutes(c).find((r) => r.method !== "ALL" && !r.path.includes("*"));
  return route?.path ?? "(unmatched)";
}
