import type { Context, MiddlewareHandler } from "hono";
import { requestId } from "hono/request-id";
import { matchedRoutes } from "hono/route";
import { handOverEvents } from "../events/outbox";
import type { AppBindings } from "../http/types";
import { errorName, log } from "../lib/log";

/** Echoes a sane `X-Request-Id` (≤ 128 word characters, `-` or `=`) or makes one (hono/request-id). */
const withRequestId = requestId({ limitLength: 128 });
const REQUEST_ID = "X-Request-Id";

/**
 * One JSON log line per request, with the request id, the route pattern and the caller; and,
 * when the ANALYTICS binding is configured, one Analytics Engine data point.
 */
export const requestContext: MiddlewareHandler<AppBindings> = async (c, next) => {
  const started = performance.now();
  await withRequestId(c, next);
  // Every batch of the request has run: the events it recorded go to the queue, after it.
  const events = c.get("events");
  if (events && events.length > 0) {
    c.executionCtx.waitUntil(handOverEvents(c.env.EVENTS_QUEUE, events.splice(0)));
  }
  // `onError` and `notFound` build their Response anew: the id must reach those answers too.
  const id = c.get("requestId");
  if (c.res.headers.get(REQUEST_ID) !== id) {
    c.res = new Response(c.res.body, c.res);
    c.res.headers.set(REQUEST_ID, id);
  }
  const user = c.get("user");
  const route = matchedRoute(c);
  const durationMs = Math.round((performance.now() - started) * 100) / 100;
  log(c.res.status >= 500 ? "error" : "info", "request", {
    request_id: c.get("requestId"),
    method: c.req.method,
    route,
    status: c.res.status,
    duration_ms: durationMs,
    ...(user ? { user_id: user.id } : {}),
  });
  recordDataPoint(c, route, durationMs);
};

/**
 * The request as Workers Analytics Engine sees it (docs/operations.md, "Operate"): the route pattern is the
 * index (the sampling key) and blob1, then method, status and colo; double1 is the duration in
 * ms, double2 the status. Nothing that names a caller — no id, email, address or token. Without
 * the binding it does nothing; the write is fire-and-forget and never fails the request.
 */
function recordDataPoint(c: Context<AppBindings>, route: string, durationMs: number): void {
  const analytics = c.env.ANALYTICS as AnalyticsEngineDataset | undefined;
  if (!analytics) return;
  const colo = (c.req.raw.cf as { colo?: unknown } | undefined)?.colo;
  try {
    analytics.writeDataPoint({
      indexes: [route],
      blobs: [route, c.req.method, String(c.res.status), typeof colo === "string" ? colo : ""],
      doubles: [durationMs, c.res.status],
    });
  } catch (error) {
    log("error", "analytics: data point not written", { error: errorName(error) });
  }
}

/**
 * The route pattern (`/v1/users/:id`), never the raw path, so ids and typos stay out of the logs.
 * The first concrete route matched is the one that answered: `/v1/users/me` is registered before
 * `/v1/users/:id` and wins, even when its auth middleware is what answered (401).
 */
function matchedRoute(c: Context<AppBindings>): string {
  const route = matchedRoutes(c).find((r) => r.method !== "ALL" && !r.path.includes("*"));
  return route?.path ?? "(unmatched)";
}
