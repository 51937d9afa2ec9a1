import { loadConfig } from "../config";
import { getDb } from "../db/client";
import type { AuthMethod, Role } from "../lib/domain";
import { authenticate } from "../sessions/store";

/** What a sibling Worker learns about the caller behind a live access token. */
export interface VerifiedCaller {
  user_id: string;
  role: Role;
  session_id: string;
  /** How the session was signed in (RFC 8176): ["pwd"], ["pwd","otp"] or ["pwd","recovery"]. */
  amr: AuthMethod[];
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
  return { user_id: user.id, role: user.role, session_id: session.id, amr: session.amr };
}
