import { loadConfig } from "../config";
import { sha256Hex, timingSafeEqual, utf8 } from "../crypto/encoding";
import { replicaReads } from "../db/client";
import type { AppRouteHandler } from "../http/types";
import { ApiError } from "../lib/errors";
import { METRICS_CACHE_SECONDS, type MetricsRoute } from "./metrics.routes";
import { collectMetrics, EXPOSITION_CONTENT_TYPE, renderExposition } from "./service";

/** The scrape's cache (a named cache, so nothing else on the zone can read or fill it). */
const CACHE_NAME = "coffee-shop-accounts-metrics";
const GENERATED_AT = "X-Metrics-Generated-At";

/**
 * GET /metrics: the token first (constant time: both sides are hashed, then compared without an
 * early exit), then the cached body if it is younger than a minute, else one D1 batch. The cache
 * key is the URL without query or token, so one scrape serves every scraper with the token.
 * The Cache API stores nothing on workers.dev; there every scrape reads D1 (still one batch).
 */
export const metrics: AppRouteHandler<MetricsRoute> = async (c) => {
  // The token first, straight from the binding: nothing before this check (not even whether the
  // rest of the configuration is valid) is told to a caller without it. Unset: no endpoint.
  const token = c.env.METRICS_TOKEN;
  if (!token) throw new ApiError("not_found", "No such resource.");
  await authorize(c.req.header("Authorization"), token);
  const parsed = loadConfig(c.env);
  if (!parsed.ok) throw new ApiError("unavailable", "The service is misconfigured.");

  const headers = { "Content-Type": EXPOSITION_CONTENT_TYPE, "Cache-Control": "no-store" };
  const now = new Date();
  const key = new Request(new URL("/metrics", c.req.url));
  const cache = await caches.open(CACHE_NAME);
  const cached = await cache.match(key);
  // Fresh means read in the last minute by this clock (a body from "the future" is not trusted).
  const age = now.getTime() - Number(cached?.headers.get(GENERATED_AT));
  if (cached && age >= 0 && age < METRICS_CACHE_SECONDS * 1000) {
    return c.text(await cached.text(), 200, headers);
  }

  // Gauges may be a moment stale: a replica may answer (db/client.ts, "Reads that may be stale").
  const body = renderExposition(await collectMetrics(replicaReads(c.env.DB).db, now));
  const stored = new Response(body, {
    headers: {
      "Content-Type": EXPOSITION_CONTENT_TYPE,
      "Cache-Control": `max-age=${METRICS_CACHE_SECONDS}`,
      [GENERATED_AT]: String(now.getTime()),
    },
  });
  c.executionCtx.waitUntil(cache.put(key, stored));
  return c.text(body, 200, headers);
};

/** No token: 401 `unauthorized`; a wrong one: 401 `invalid_token` (as everywhere in the API). */
async function authorize(header: string | undefined, token: string): Promise<void> {
  const given = header?.startsWith("Bearer ") ? header.slice("Bearer ".length) : "";
  const [a, b] = await Promise.all([sha256Hex(given), sha256Hex(token)]);
  if (!given) {
    throw new ApiError(
      "unauthorized",
      "Send the metrics token: Authorization: Bearer <METRICS_TOKEN>.",
      {
        headers: { "WWW-Authenticate": 'Bearer realm="metrics"' },
      },
    );
  }
  if (!timingSafeEqual(utf8(a), utf8(b))) {
    throw new ApiError("invalid_token", "The metrics token is wrong.", {
      headers: { "WWW-Authenticate": 'Bearer realm="metrics", error="invalid_token"' },
    });
  }
}
