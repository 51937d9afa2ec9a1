import type { Context } from "hono";

/** Who asked, from where: attached to audit events and sessions. */
export interface RequestMeta {
  requestId: string | null;
  ip: string | null;
}

/** The client address as Cloudflare saw it. `X-Forwarded-For` is client-controlled and ignored. */
export function clientIp(c: Context): string | null {
  return c.req.header("CF-Connecting-IP") ?? null;
}
