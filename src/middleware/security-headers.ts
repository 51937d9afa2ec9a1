import type { MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";
import type { AppBindings } from "../http/types";

/**
 * Security headers on every response (hono/secure-headers). `overwrite: false` keeps a
 * route's own Content-Security-Policy (/docs, /redoc).
 */
const headers = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'none'"],
    frameAncestors: ["'none'"],
    baseUri: ["'none'"],
    formAction: ["'none'"],
  },
  strictTransportSecurity: "max-age=63072000; includeSubDomains",
  xFrameOptions: "DENY",
  overwrite: false,
});

/** …plus `Cache-Control: no-store`, which secure-headers does not set, unless a route chose one. */
export const securityHeaders: MiddlewareHandler<AppBindings> = async (c, next) => {
  await headers(c, next);
  if (!c.res.headers.has("Cache-Control")) c.res.headers.set("Cache-Control", "no-store");
};
