import { eq } from "drizzle-orm";
import { batch, type Database } from "../db/client";
import { users } from "../db/schema";
import { ApiError } from "../lib/errors";
import type { AuthSession } from "../lib/types";
import { recentSignIn } from "./assurance";
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

/**
 * The same proof for an account that may have no password (made by a provider sign-in): its
 * password when it has one; otherwise a sign-in of this session within the last five minutes
 * (`recentSignIn`, security/assurance.ts) — the person just proved themselves to the provider.
 */
export async function proveStepUpAnyAccount(
  db: Database,
  config: Parameters<typeof checkCurrentPassword>[1],
  user: { id: string; email: string },
  session: Pick<AuthSession, "authTime">,
  proof: { password?: string },
  now = new Date(),
): Promise<void> {
  if (proof.password !== undefined) {
    await checkCurrentPassword(db, config, user, proof.password, now);
    return;
  }
  const [rows] = await batch(db, [
    db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, user.id)),
  ] as const);
  if (rows[0]?.passwordHash === "" && recentSignIn(session, now)) return;
  throw new ApiError(
    "invalid_credentials",
    rows[0]?.passwordHash === ""
      ? "Sign in again first: without a password, the proof is a sign-in of the last 5 minutes."
      : "Send your current password.",
  );
}
