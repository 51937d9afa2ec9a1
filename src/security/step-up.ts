import type { Database } from "../db/client";
import { type CheckedPassword, checkCurrentPassword } from "./passwords";

/**
 * The step-up proof that opens a factor-binding ceremony (a passkey, TOTP, and later a linked
 * identity or an SMS number): a bare access token never binds a factor, so a token leaked for
 * fifteen minutes cannot turn itself into a permanent way in. The proof is the account's current
 * password, behind the login backoff (a stolen token is no better a guessing oracle than the
 * login form). Every binding also sends a notice naming the factor (docs/security.md).
 */
export function proveStepUp(
  db: Database,
  config: Parameters<typeof checkCurrentPassword>[1],
  user: { id: string; email: string },
  proof: { password: string },
  now = new Date(),
): Promise<CheckedPassword> {
  return checkCurrentPassword(db, config, user, proof.password, now);
}
