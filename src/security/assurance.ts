import type { AuthMethod, Role, Status } from "../lib/domain";
import { ApiError } from "../lib/errors";

/**
 * What a proof permits: the one place that turns how a session was signed in (its `amr`, its
 * `auth_time`) and the account's standing into what a request may do. Routes, the console, the
 * shop services and the Service Binding ask these functions; none of them re-derives the answer
 * from `amr` or `role` (docs/security.md, "What a proof permits", has the table).
 *
 * - **aal1**: one factor — a password, a mailed code, a passkey from before user verification
 *   was required (`["hwk","user"]` without `mfa`), and later a social sign-in.
 * - **aal2**: two factors — a first factor (password or mailed code) with TOTP or a recovery
 *   code — or a passkey assertion *with* user verification (`["hwk","user","mfa"]`: something
 *   you have, unlocked by something you are or know). A code texted to an enrolled number
 *   (`sms`) completes the second step too, but it is a *restricted* authenticator (NIST SP
 *   800-63B-4 §3.1.3.3: a SIM swap takes it): such a session is aal2 for the account's own use
 *   and `restricted` for everything that acts on others.
 * - **Admin power**: role `admin` and, with ADMIN_MFA_REQUIRED=on, an aal2 session whose second
 *   factor is not restricted. The console asks the same of everyone.
 * - **Step-up**: binding a new sign-in factor needs a fresh proof at the start of its ceremony
 *   (the password); a bare access token never binds one.
 */

export type AssuranceLevel = "aal1" | "aal2";

/** What a session carries into a decision (the bearer check loads it with the user). */
export interface Proof {
  amr: readonly AuthMethod[];
  /** When the session was signed in (RFC 9068/OIDC `auth_time`). */
  authTime: string;
}

/** What an account carries into a decision, as stored in D1 now. */
export interface Standing {
  role: Role;
  status: Status;
  bannedAt: string | null;
  bannedUntil: string | null;
}

const FIRST_FACTORS: readonly AuthMethod[] = ["pwd", "email", "oauth"];
const SECOND_FACTORS: readonly AuthMethod[] = ["otp", "recovery"];
/** Second factors that complete a sign-in but never give power over others (NIST "restricted"). */
const RESTRICTED_SECOND_FACTORS: readonly AuthMethod[] = ["sms"];

/** The passkey sign-in's `amr`: possession of the key, user presence, user verification (mfa). */
export const PASSKEY_AMR: AuthMethod[] = ["hwk", "user", "mfa"];

/** A sign-in no older than this counts as a recent proof (an account without a password). */
export const RECENT_SIGN_IN_SECONDS = 300;

export function assuranceLevel(amr: readonly AuthMethod[]): AssuranceLevel {
  if (amr.includes("hwk") && amr.includes("mfa")) return "aal2";
  const first = amr.some((method) => FIRST_FACTORS.includes(method));
  const second = amr.some(
    (method) => SECOND_FACTORS.includes(method) || RESTRICTED_SECOND_FACTORS.includes(method),
  );
  return first && second ? "aal2" : "aal1";
}

/**
 * aal2 with an unrestricted second factor (TOTP, a recovery code, a passkey with user
 * verification): what admin power under ADMIN_MFA_REQUIRED and the console ask for.
 */
export function unrestrictedAal2(amr: readonly AuthMethod[]): boolean {
  if (amr.includes("hwk") && amr.includes("mfa")) return true;
  const first = amr.some((method) => FIRST_FACTORS.includes(method));
  return first && amr.some((method) => SECOND_FACTORS.includes(method));
}

/** An account in good standing: verified and not banned at `now`. */
export function inGoodStanding(account: Standing, now = new Date()): boolean {
  if (account.status !== "verified") return false;
  if (account.bannedAt === null) return true;
  return account.bannedUntil !== null && account.bannedUntil <= now.toISOString();
}

/**
 * Admin power: `granted`, `mfa_required` (the role, but not the proof ADMIN_MFA_REQUIRED asks),
 * or `none` (not an admin).
 */
export type AdminPower = "granted" | "mfa_required" | "none";

export function adminPower(
  account: Pick<Standing, "role">,
  proof: Pick<Proof, "amr">,
  settings: { adminMfaRequired: boolean },
): AdminPower {
  if (account.role !== "admin") return "none";
  if (settings.adminMfaRequired && !unrestrictedAal2(proof.amr)) return "mfa_required";
  return "granted";
}

export function adminMfaRequiredError(): ApiError {
  return new ApiError(
    "mfa_required",
    "Admin power needs a two-factor session (ADMIN_MFA_REQUIRED): sign in with TOTP, a recovery code or a passkey (a texted code does not count).",
  );
}

/** Throws unless the caller holds admin power: 403 `forbidden`, or 403 `mfa_required`. */
export function assertAdminPower(
  account: Pick<Standing, "role">,
  proof: Pick<Proof, "amr">,
  settings: { adminMfaRequired: boolean },
): void {
  const power = adminPower(account, proof, settings);
  if (power === "none") throw new ApiError("forbidden", "This action requires the admin role.");
  if (power === "mfa_required") throw adminMfaRequiredError();
}

/** The session was signed in within RECENT_SIGN_IN_SECONDS of `now`. */
export function recentSignIn(proof: Pick<Proof, "authTime">, now = new Date()): boolean {
  const age = now.getTime() - Date.parse(proof.authTime);
  return age >= -5_000 && age <= RECENT_SIGN_IN_SECONDS * 1000;
}

/**
 * Who may open the console: a two-factor session (whatever the role) of an account in good
 * standing that is an admin (with admin power) or manages a shop (owner or manager).
 */
export type ConsoleAccess = "open" | "needs_second_factor" | "not_staff" | "not_in_good_standing";

export function consoleAccess(
  account: Standing,
  proof: Pick<Proof, "amr">,
  managesShops: boolean,
  now = new Date(),
): ConsoleAccess {
  if (!inGoodStanding(account, now)) return "not_in_good_standing";
  if (!unrestrictedAal2(proof.amr)) return "needs_second_factor";
  if (account.role !== "admin" && !managesShops) return "not_staff";
  return "open";
}

/**
 * The OpenID provider (issue 37): may a browser's session at the provider answer an
 * authorization request without a new sign-in? Not when the account is out of good standing,
 * when the app asked for a fresh sign-in (`prompt=login`), when the sign-in is older than the
 * app's `max_age` (OpenID Connect Core §3.1.2.1), or when the account has MFA on and the session
 * was signed in with one factor.
 */
export function providerSessionAnswers(
  account: Standing & { mfaEnabledAt: string | null },
  proof: Proof,
  request: { prompt: "none" | "login" | "consent" | null; maxAge: number | null },
  now = new Date(),
): boolean {
  if (!inGoodStanding(account, now)) return false;
  if (request.prompt === "login") return false;
  if (account.mfaEnabledAt !== null && assuranceLevel(proof.amr) !== "aal2") return false;
  if (request.maxAge !== null) {
    const age = (now.getTime() - Date.parse(proof.authTime)) / 1000;
    if (age > request.maxAge) return false;
  }
  return true;
}
