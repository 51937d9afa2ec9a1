import type { MiddlewareHandler } from "hono";
import { getDb } from "../db/client";
import { ApiError } from "../lib/errors";
import type { AppBindings } from "../lib/types";
import { authenticate } from "../sessions/store";

const MULTI_FACTOR: readonly string[] = ["otp", "recovery", "hwk"];

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/;

function invalidToken(detail: string): ApiError {
  return new ApiError("invalid_token", detail, {
    headers: { "WWW-Authenticate": 'Bearer error="invalid_token"' },
  });
}

/**
 * Bearer access token → the user and their session as stored in D1 now (`authenticate`). A
 * revoked token is 401 `invalid_token` on the very next request, not at the token's expiry.
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

  const result = await authenticate(getDb(c.env.DB), c.get("config"), token);
  if ("refused" in result) {
    throw invalidToken(
      result.refused === "invalid"
        ? "The access token is invalid or expired."
        : "The access token has been revoked.",
    );
  }
  c.set("user", result.caller.user);
  c.set("session", result.caller.session);
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
  // A second factor, or a passkey (multi-factor in itself); a password or a mailed code is one.
  const secondFactor = c.get("session").amr.some((method) => MULTI_FACTOR.includes(method));
  if (c.get("config").adminMfaRequired && !secondFactor) {
    throw new ApiError(
      "mfa_required",
      "Admin routes need a session signed in with a second factor: enrol in MFA and log in again.",
    );
  }
  await next();
};
