import type { MiddlewareHandler } from "hono";
import { getDb } from "../db/client";
import type { AppBindings } from "../http/types";
import { ApiError } from "../lib/errors";
import { enforceRateLimit } from "../security/rate-limits";
import { findKey, touchLater } from "./verify";

/**
 * Routes a till calls with its key (`Authorization: Bearer csk_…`). Read from D1 on every request,
 * so a revoked key is refused at once here. A missing key is 401 `unauthorized`; anything else
 * that is not a live key — malformed, wrong prefix, truncated, expired, revoked, of a closed shop,
 * or a person's access token — is the same 401 `invalid_token` after the same work (one digest,
 * one read). A live key over its own rate limit is 429 with Retry-After, never a 401.
 */
export const requireApiKey: MiddlewareHandler<AppBindings> = async (c, next) => {
  const header = c.req.header("Authorization");
  if (!header) {
    throw new ApiError("unauthorized", "Send the key: Authorization: Bearer csk_….", {
      headers: { "WWW-Authenticate": "Bearer" },
    });
  }
  const presented = header.startsWith("Bearer ") ? header.slice("Bearer ".length) : header;
  const db = getDb(c.env.DB);
  const key = await findKey(db, presented);
  if (!key) {
    throw new ApiError("invalid_token", "The key is invalid, expired or revoked.", {
      headers: { "WWW-Authenticate": 'Bearer error="invalid_token"' },
    });
  }
  await enforceRateLimit(c.env.API_KEY_LIMITER, c.get("config"), key.id);
  c.set("apiKey", key);
  touchLater(db, key.id, (work) => c.executionCtx.waitUntil(work));
  await next();
};
