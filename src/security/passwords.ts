import { eq } from "drizzle-orm";
import type { Config } from "../config";
import { checkPassword, type PasswordCheck } from "../crypto/password";
import { parsePasswordList, passwordProblem } from "../crypto/password-policy";
import { batch, type Database } from "../db/client";
import { users } from "../db/schema";
import type { Deps } from "../deps";
import { ApiError } from "../lib/errors";
import { assertReserved, reserveAttempt } from "./backoff";

/** Where the list lives among the static assets (the Worker runs first there: never served). */
export const COMMON_PASSWORDS_ASSET = "https://assets.invalid/internal/common-passwords.txt";

let commonPasswords: ReadonlySet<string> | undefined;

/**
 * The common-password list (docs/security.md, "Password policy"): a static asset, read through
 * the ASSETS binding by the first password check of an isolate and kept for the isolate's life.
 * Not in the Worker's bundle: 120 KB that every isolate would load and only these four routes
 * read. Only the parsed set is shared between requests, never a pending read.
 */
async function loadCommonPasswords(assets: Fetcher): Promise<ReadonlySet<string>> {
  if (commonPasswords) return commonPasswords;
  const response = await assets.fetch(COMMON_PASSWORDS_ASSET);
  if (!response.ok) throw new Error(`the common-password list answered ${response.status}`);
  commonPasswords = parsePasswordList(await response.text());
  return commonPasswords;
}

/** Same checks on sign-up, change, reset and admin create; the reason goes back in `errors`. */
export async function assertPasswordAllowed(
  deps: Pick<Deps, "config" | "env">,
  password: string,
  email: string,
  field = "password",
): Promise<void> {
  const { config, env } = deps;
  const list = await loadCommonPasswords(env.ASSETS);
  const problem = passwordProblem(password, email, config.passwordMinLength, list);
  if (problem) {
    throw new ApiError("validation_failed", problem, {
      errors: [{ path: field, message: problem }],
    });
  }
}

export function invalidCredentials(): ApiError {
  return new ApiError("invalid_credentials", "Email or password is wrong.");
}

export interface CheckedPassword extends PasswordCheck {
  /** The hash the password was checked against: a write acting on the check re-checks it. */
  passwordHash: string;
}

/**
 * A signed-in user proves their current password (password change, self-delete, email change,
 * MFA changes): one round trip reserves a backoff attempt for their address and reads the hash,
 * then the hash is checked. So a stolen access token is no better a guessing oracle than the
 * login form: 10 tries, then the doubling delay. Throws 401 `invalid_credentials` or 429.
 */
export async function checkCurrentPassword(
  db: Database,
  config: Config,
  user: { id: string; email: string },
  password: string,
  now = new Date(),
): Promise<CheckedPassword> {
  const claim = crypto.randomUUID();
  const [reserved, rows] = await batch(db, [
    reserveAttempt(user.email, claim, now),
    db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, user.id)),
  ] as const);
  assertReserved(reserved, claim, now);
  const stored = rows[0]?.passwordHash;
  const check = await checkPassword(password, stored, config.passwordPepper);
  if (!stored || !check.ok) throw new ApiError("invalid_credentials", "The password is wrong.");
  return { ...check, passwordHash: stored };
}
