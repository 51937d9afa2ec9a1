import type { Context } from "hono";

/** Who asked, from where: attached to audit events and to the sessions a request starts. */
export interface RequestMeta {
  requestId: string | null;
  ip: string | null;
  /** `User-Agent`, at most 256 characters. */
  userAgent: string | null;
  /** `request.cf.country` (ISO 3166 alpha-2), when Cloudflare knows it. */
  country: string | null;
}

export const USER_AGENT_MAX = 256;

/** The client address as Cloudflare saw it. `X-Forwarded-For` is client-controlled and ignored. */
export function clientIp(c: Context): string | null {
  return c.req.header("CF-Connecting-IP") ?? null;
}

export function requestMeta(c: Context, requestId: string | null): RequestMeta {
  const country = (c.req.raw.cf as { country?: unknown } | undefined)?.country;
  return {
    requestId,
    ip: clientIp(c),
    userAgent: c.req.header("User-Agent")?.slice(0, USER_AGENT_MAX) ?? null,
    country: typeof country === "string" ? country : null,
  };
}

/** For work that no request started (cron, queue). */
export const NO_REQUEST: RequestMeta = {
  requestId: null,
  ip: null,
  userAgent: null,
  country: null,
};
