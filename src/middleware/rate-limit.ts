import type { MiddlewareHandler } from "hono";
import type { AppBindings } from "../http/types";
import { clientIp } from "../lib/request";
import { enforceRateLimit, type IpLimiter } from "../security/rate-limits";

/** Per-IP limit for one public route (`CF-Connecting-IP`). */
export function limitByIp(limiter: IpLimiter): MiddlewareHandler<AppBindings> {
  return async (c, next) => {
    await enforceRateLimit(c.env[limiter], c.get("config"), clientIp(c) ?? "unknown");
    await next();
  };
}
