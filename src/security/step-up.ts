import { eq } from "drizzle-orm";
import { batch, type Database } from "../db/client";
import { users } from "../db/schema";
import { ApiError } from "../lib/errors";
import type { AuthSession } from "../lib/types";
import { recentSignIn } from "./assurance";
import { checkCurrentPassword } from "./passwords";

/**
 * The step-up proof that opens a factor-binding ceremony (a passkey, TOTP, a linked identity, and
 * later an SMS number) and a self-deletion: a bare access token never binds a factor, so a token
 * leaked for fifteen minutes cannot turn itself into a permanent way in. The proof is the
 * account's current password, behind the login backoff (a stolen token is no better a guessing
 * oracle than the login form) — or, for an account without a password (made by a provider
 * sign-in), a sign-in of this session within the last five minutes (`recentSignIn`): the person
 * just proved themselves to the provider. Every binding also sends a notice naming the factor
 * (docs/security.md). Answers the stored hash ("" for none): the write it guards re-checks it.
 */
export async function proveStepUp(
  db: Database,
  config: Parameters<typeof checkCurrentPassword>[1],
  user: { id: string; email: string },
  session: Pick<AuthSession, "authTime">,
  proof: { password?: string },
  now = new Date(),
): Promise<{ passwordHash: string }> {
  if (proof.password !== undefined) {
    return checkCurrentPassword(db, config, user, proof.password, now);
  }
  const [rows] = await batch(db, [
    db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, user.id)),
  ] as const);
  const passwordless = rows[0]?.passwordHash === "";
  if (passwordless && recentSignIn(session, now)) return { passwordHash: "" };
  throw new ApiError(
    "invalid_credentials",
    passwordless
      ? "Sign in again first: without a password, the proof is a sign-in of the last 5 minutes."
      : "Send your current password.",
  );
}
