import type { Context, MiddlewareHandler } from "hono";
import { getDb } from "../db/client";
import type { AppBindings } from "../http/types";
import { ApiError } from "../lib/errors";
import { assertAdminPower } from "../security/assurance";
import { type Actor, actorOf } from "../security/shop-access";
import { authenticate } from "../sessions/store";

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/;
const API_KEY = /^Bearer csk_/;

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
  if (!token) {
    throw invalidToken(
      API_KEY.test(header)
        ? "This is a shop's API key (a till's or kiosk's): it opens /v1/api-keys/self, not a person's routes. Send a person's access token."
        : "The Authorization header is not a bearer token.",
    );
  }

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
 * Admin routes authorize on the role stored in D1 (loaded by `requireUser`), never the claim, and
 * on the session's proof: the assurance policy decides (security/assurance.ts) — with
 * ADMIN_MFA_REQUIRED=on a one-factor session gets 403 `mfa_required`.
 */
export const requireAdmin: MiddlewareHandler<AppBindings> = async (c, next) => {
  assertAdminPower(c.get("user"), c.get("session"), c.get("config"));
  await next();
};

/** The signed-in caller as a shop actor: their id and whether they hold admin power now. */
export function callerActor(c: Context<AppBindings>): Actor {
  return actorOf(c.get("user"), c.get("session"), c.get("config"));
}
