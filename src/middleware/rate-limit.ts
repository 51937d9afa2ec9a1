import type { Context, MiddlewareHandler } from "hono";
import type { Config } from "../config";
import { ApiError } from "../lib/errors";
import type { AppBindings } from "../lib/types";

export type IpLimiter =
  | "SIGNUP_IP_LIMITER"
  | "LOGIN_IP_LIMITER"
  | "VERIFY_IP_LIMITER"
  | "RESEND_IP_LIMITER"
  | "FORGOT_IP_LIMITER"
  | "RESET_IP_LIMITER";

/** The limiter windows are one minute (wrangler.toml), so that is the honest Retry-After. */
const LIMITER_WINDOW_SECONDS = 60;

/** The client address as Cloudflare saw it. `X-Forwarded-For` is client-controlled and ignored. */
export function clientIp(c: Context): string | null {
  return c.req.header("CF-Connecting-IP") ?? null;
}

/** Throws 429 `rate_limited` when `key` is over `limiter`'s budget. No-op when RATE_LIMITS=off. */
export async function enforceRateLimit(
  limiter: RateLimit,
  config: Config,
  key: string,
): Promise<void> {
  if (!config.rateLimitsEnabled) return;
  const { success } = await limiter.limit({ key });
  if (!success) {
    throw new ApiError("rate_limited", "Too many requests; slow down and retry later.", {
      retryAfter: LIMITER_WINDOW_SECONDS,
    });
  }
}

/** Per-IP limit for one public route. */
export function limitByIp(limiter: IpLimiter): MiddlewareHandler<AppBindings> {
  return async (c, next) => {
    await enforceRateLimit(c.env[limiter], c.get("config"), clientIp(c) ?? "unknown");
    await next();
  };
}

/** Per-email limit (after validation, once the normalized email is known). */
export function limitByEmail(env: Env, config: Config, action: string, email: string) {
  return enforceRateLimit(env.EMAIL_LIMITER, config, `${action}:${email}`);
}
