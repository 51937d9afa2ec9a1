import { can, PERMISSIONS, type Permission } from "../accounts/permissions";
import { touchLater, type VerifiedKey, verifyCached } from "../api-keys/verify";
import { loadConfig } from "../config";
import { getDb } from "../db/client";
import type { AuthMethod, Role, ShopRole } from "../lib/domain";
import { type AssuranceLevel, adminPower, assuranceLevel } from "../security/assurance";
import { memberRole } from "../security/shop-access";
import { authenticate } from "../sessions/store";

/** What a sibling Worker learns about the caller behind a live access token. */
export interface VerifiedCaller {
  user_id: string;
  role: Role;
  session_id: string;
  /** How the session was signed in (RFC 8176): ["pwd"], ["pwd","otp"], ["hwk","user","mfa"] … */
  amr: AuthMethod[];
  /** What the proof is worth (security/assurance.ts): "aal1" or "aal2". */
  aal: AssuranceLevel;
}

/** Longer than any token this service signs; anything longer is not one of ours. */
const MAX_TOKEN_LENGTH = 4096;

/**
 * The Service Binding's answer: the caller as stored now, with exactly the API's checks
 * (signature, expiry, issuer, audience, then deleted user, token version, ended session), or
 * null. Whatever is not a string of a plausible size is null too — RPC arguments are untyped
 * on the wire. A misconfigured service throws rather than answer null: "nobody" would be a lie.
 */
export async function verifyForService(env: Env, token: unknown): Promise<VerifiedCaller | null> {
  const parsed = loadConfig(env);
  if (!parsed.ok) throw new Error("The accounts service is misconfigured (see its readiness).");
  if (typeof token !== "string" || token.length === 0 || token.length > MAX_TOKEN_LENGTH) {
    return null;
  }
  const result = await authenticate(getDb(env.DB), parsed.config, token);
  if ("refused" in result) return null;
  const { user, session } = result.caller;
  return {
    user_id: user.id,
    role: user.role,
    session_id: session.id,
    amr: session.amr,
    aal: assuranceLevel(session.amr),
  };
}

/** What `authorize` answers: may the caller do `permission` in the shop, and as what. */
export interface Authorization {
  allowed: boolean;
  /** The caller's role in the shop now (null: not a member). */
  role: ShopRole | null;
}

const DENIED: Authorization = { allowed: false, role: null };

/**
 * For a sibling service that must not wait for a token's `shops` claim to catch up (a refund, a
 * till opening after a demotion): the caller as the API checks them, and their membership as D1
 * has it *now* — one read for the token, one for the membership. A caller with admin power (the
 * assurance policy: the admin role and, with ADMIN_MFA_REQUIRED=on, a two-factor session) may do
 * anything in any shop (`role` still says whether they are a member); an admin without that
 * proof is judged as the member they are. Anything malformed is simply denied.
 */
export async function authorizeForService(
  env: Env,
  token: unknown,
  shopId: unknown,
  permission: unknown,
): Promise<Authorization> {
  const caller = await verifyForService(env, token);
  const parsed = loadConfig(env);
  if (!parsed.ok) return DENIED; // verifyForService has thrown already
  const { config } = parsed;
  if (!caller || typeof shopId !== "string" || shopId.length > 64) return DENIED;
  if (!(PERMISSIONS as readonly unknown[]).includes(permission)) return DENIED;
  const role = await memberRole(getDb(env.DB), shopId, caller.user_id);
  const admin = adminPower({ role: caller.role }, { amr: caller.amr }, config) === "granted";
  return { allowed: admin || can(role, permission as Permission), role };
}

/** What `verifyApiKey` answers for a live key. */
export interface VerifiedApiKey extends VerifiedKey {
  /**
   * The key is over its own rate limit: answer 429 with `retry_after` seconds — not 401, the key
   * is good. Always false with RATE_LIMITS=off.
   */
  rate_limited: boolean;
  retry_after?: number;
}

/**
 * A till's key, for a sibling Worker: `{id, shop_id, scopes, expires_at, rate_limited}` or null —
 * at most one D1 read, none when this isolate saw the key in the last 30 s (a revoked key stops
 * working within 30 s). The use is recorded after the call, at most once a minute.
 */
export async function verifyApiKeyForService(
  env: Env,
  key: unknown,
  waitUntil: (work: Promise<unknown>) => void,
): Promise<VerifiedApiKey | null> {
  const parsed = loadConfig(env);
  if (!parsed.ok) throw new Error("The accounts service is misconfigured (see its readiness).");
  if (typeof key !== "string" || key.length === 0 || key.length > 256) return null;
  const db = getDb(env.DB);
  const found = await verifyCached(db, key);
  if (!found) return null;
  touchLater(db, found.id, waitUntil);
  if (parsed.config.rateLimitsEnabled) {
    const { success } = await env.API_KEY_LIMITER.limit({ key: found.id });
    if (!success) return { ...found, rate_limited: true, retry_after: 60 };
  }
  return { ...found, rate_limited: false };
}
