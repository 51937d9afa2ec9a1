import type { Config } from "../config";
import { ApiError } from "../lib/errors";

/**
 * The Workers Rate Limiting bindings: cheap first lines per IP and per email. Their counters are
 * per Cloudflare location, so the exact per-email rules (backoff, code attempts, mail cooldown)
 * live in D1; these only stop floods early.
 */
export type IpLimiter =
  | "SIGNUP_IP_LIMITER"
  | "SMS_IP_LIMITER"
  | "LOGIN_IP_LIMITER"
  | "VERIFY_IP_LIMITER"
  | "RESEND_IP_LIMITER"
  | "FORGOT_IP_LIMITER"
  | "RESET_IP_LIMITER";

/** The limiter windows are one minute (wrangler.toml), so that is the honest Retry-After. */
const LIMITER_WINDOW_SECONDS = 60;

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

/** Per-email limit (once the normalized email is known): login, verify, reset. */
export function limitByEmail(env: Env, config: Config, action: string, email: string) {
  return enforceRateLimit(env.EMAIL_LIMITER, config, `${action}:${email}`);
}
