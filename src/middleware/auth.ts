import type { MiddlewareHandler } from "hono";
import { verifyAccessToken } from "../crypto/tokens";
import { getDb } from "../db/client";
import type { AuthMethod } from "../lib/domain";
import { ApiError } from "../lib/errors";
import type { AppBindings } from "../lib/types";
import { accessTokenSettings, findCaller } from "../sessions/store";

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/;

function invalidToken(detail: string): ApiError {
  return new ApiError("invalid_token", detail, {
    headers: { "WWW-Authenticate": 'Bearer error="invalid_token"' },
  });
}

/**
 * Bearer access token → the user and their session as stored in D1 now, in one read (a join on
 * primary keys). A deleted user, a `ver` that no longer matches (logout-all, password
 * change/reset, role/status change), or a session that was ended or reached its absolute end is
 * 401 `invalid_token` — on the very next request, not at the token's expiry.
 */
export const requireUser: MiddlewareHandler<AppBindings> = async (c, next) => {
  const header = c.req.header("Authorization");
  if (!header) {
    throw new ApiError("unauthorized", "Send an access token: Authorization: Bearer <token>.", {
      headers: { "WWW-Authenticate": "Bearer" },
    });
  }
  const token = BEARER.exec(header)?.[1];
  if (!token) throw invalidToken("The Authorization header is not a bearer token.");

  const claims = await verifyAccessToken(accessTokenSettings(c.get("config")), token);
  if (!claims) throw invalidToken("The access token is invalid or expired.");

  const row = await findCaller(getDb(c.env.DB), claims.sub, claims.sid);
  const session = row?.session;
  if (
    !row ||
    row.user.tokenVersion !== claims.ver ||
    !session ||
    session.revokedAt !== null ||
    session.expiresAt <= new Date().toISOString()
  ) {
    throw invalidToken("The access token has been revoked.");
  }
  c.set("user", row.user);
  c.set("session", {
    id: session.id,
    amr: session.amr as AuthMethod[],
    transport: session.transport,
  });
  await next();
};

/**
 * Admin routes authorize on the role stored in D1 (loaded by `requireUser`), never the claim.
 * With ADMIN_MFA_REQUIRED=on they also need a session signed in with a second factor (its
 * `amr` as stored, not as claimed): 403 `mfa_required` otherwise.
 */
export const requireAdmin: MiddlewareHandler<AppBindings> = async (c, next) => {
  if (c.get("user").role !== "admin") {
    throw new ApiError("forbidden", "This action requires the admin role.");
  }
  const secondFactor = c.get("session").amr.some((method) => method !== "pwd");
  if (c.get("config").adminMfaRequired && !secondFactor) {
    throw new ApiError(
      "mfa_required",
      "Admin routes need a session signed in with a second factor: enrol in MFA and log in again.",
    );
  }
  await next();
};
