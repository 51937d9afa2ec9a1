import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { serialize } from "hono/utils/cookie";
import { ApiError } from "../lib/errors";
import type { AppBindings } from "../lib/types";
import type { FirstFactor } from "./challenge";
import type { SignedIn } from "./store";

/**
 * The browser mode: a session started with `refresh_token_transport: "cookie"` keeps its refresh
 * token in an HttpOnly cookie that scripts (and XSS) cannot read, scoped to `/v1/auth`, never in
 * a response body. Refresh and logout read it when the body has no token; because the browser
 * attaches it on its own, such requests must come from the API's own origin or one listed in
 * CORS_ORIGINS (a CSRF defence on top of SameSite and the JSON-only bodies).
 */
export const REFRESH_COOKIE = "refresh_token";
export const REFRESH_COOKIE_PATH = "/v1/auth";

type Ctx = Context<AppBindings>;

function cookieOptions(c: Ctx) {
  return {
    path: REFRESH_COOKIE_PATH,
    httpOnly: true,
    secure: true,
    sameSite: c.get("config").cookieSameSite,
    // The `__Secure-` prefix: browsers refuse the cookie unless it is Secure.
    prefix: "secure",
  } as const;
}

/** The session response: for a cookie session, the token goes in the cookie, not the body. */
export function sessionBody(c: Ctx, result: SignedIn) {
  if (result.transport !== "cookie") return result.body;
  setCookie(c, REFRESH_COOKIE, result.body.refresh_token, {
    ...cookieOptions(c),
    maxAge: result.refreshMaxAge,
  });
  const { refresh_token: _inCookie, ...body } = result.body;
  return body;
}

/** The answer to a passed first factor: a session (see `sessionBody`), or an MFA challenge. */
export function firstFactorBody(c: Ctx, result: FirstFactor) {
  return result.kind === "mfa" ? result.challenge : sessionBody(c, result.signedIn);
}

export function clearRefreshCookie(c: Ctx): void {
  deleteCookie(c, REFRESH_COOKIE, cookieOptions(c));
}

/** The same, as a `Set-Cookie` value for an error response (which `onError` builds anew). */
export function clearedRefreshCookie(c: Ctx): string {
  return serialize(`__Secure-${REFRESH_COOKIE}`, "", {
    ...cookieOptions(c),
    prefix: undefined,
    maxAge: 0,
  });
}

export interface PresentedToken {
  token: string;
  via: "body" | "cookie";
}

/** The refresh token of the body, else of the cookie (Origin-checked); null when neither. */
export function presentedRefreshToken(c: Ctx, fromBody: string | undefined): PresentedToken | null {
  if (fromBody) return { token: fromBody, via: "body" };
  const cookie = getCookie(c, REFRESH_COOKIE, "secure");
  if (!cookie) return null;
  assertTrustedOrigin(c);
  return { token: cookie, via: "cookie" };
}

/** A cookie-authenticated request must name the API's own origin or one of CORS_ORIGINS. */
function assertTrustedOrigin(c: Ctx): void {
  const origin = c.req.header("Origin");
  const own = new URL(c.req.url).origin;
  if (origin && (origin === own || c.get("config").corsOrigins.includes(origin))) return;
  throw new ApiError(
    "forbidden",
    "A request authenticated by the refresh-token cookie must come from this API's origin or one in CORS_ORIGINS.",
  );
}
