import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { serialize } from "hono/utils/cookie";
import type { AppBindings } from "../http/types";
import { ApiError } from "../lib/errors";
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
export function clearedRefreshCookie(c: Ctx, path = REFRESH_COOKIE_PATH): string {
  return serialize(REFRESH_COOKIE_NAME, "", {
    ...cookieOptions(c),
    path,
    prefix: undefined,
    maxAge: 0,
  });
}

export interface PresentedToken {
  token: string;
  via: "body" | "cookie";
}

/**
 * The refresh token of the body, else of the cookie (Origin-checked); null when neither. Two
 * cookies of that name mean one was planted (cookie tossing from a sibling subdomain, or a path
 * that shadows ours): neither is used, 401 `invalid_token`, and the browser is told to drop
 * every copy we can name — ours, and the same name at the paths above it.
 */
export function presentedRefreshToken(c: Ctx, fromBody: string | undefined): PresentedToken | null {
  if (fromBody) return { token: fromBody, via: "body" };
  const copies = (c.req.header("Cookie") ?? "")
    .split(";")
    .filter((pair) => pair.split("=")[0]?.trim() === REFRESH_COOKIE_NAME).length;
  if (copies > 1) {
    throw new ApiError("invalid_token", "More than one refresh-token cookie was sent.", {
      headers: { "Set-Cookie": CLEARED_PATHS.map((path) => clearedRefreshCookie(c, path)) },
    });
  }
  const cookie = getCookie(c, REFRESH_COOKIE, "secure");
  if (!cookie) return null;
  assertTrustedOrigin(c);
  return { token: cookie, via: "cookie" };
}

/** The cookie's full name (the `__Secure-` prefix: browsers refuse it unless it is Secure). */
const REFRESH_COOKIE_NAME = `__Secure-${REFRESH_COOKIE}`;
/** Where a copy of the cookie can sit that a request to /v1/auth/* would carry. */
const CLEARED_PATHS = [
  "/",
  "/v1",
  REFRESH_COOKIE_PATH,
  `${REFRESH_COOKIE_PATH}/refresh`,
  `${REFRESH_COOKIE_PATH}/logout`,
];

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
