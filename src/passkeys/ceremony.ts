import { decodeAttestationObject, parseAuthenticatorData } from "@simplewebauthn/server/helpers";
import { sql } from "drizzle-orm";
import { fromBase64Url } from "../crypto/encoding";
import { raw } from "../db/client";
import { type passkeys, webauthnChallenges } from "../db/schema";
import { ApiError } from "../lib/errors";
import { isoIn } from "../lib/time";

/**
 * Passkeys (WebAuthn, with @simplewebauthn/server). A passkey sign-in is phishing-resistant and
 * multi-factor (something you have, unlocked by something you are or know): user verification
 * is required in both ceremonies, its session's `amr` is `["hwk", "user", "mfa"]` (aal2 for the
 * assurance policy), it needs no TOTP afterwards and satisfies ADMIN_MFA_REQUIRED.
 *
 * - Adding one is a factor binding: its ceremony starts with a step-up proof (the password), so a
 *   bare access token never adds a passkey.
 * - Challenges live in D1, 5 minutes, single use (consumed by one conditional UPDATE before the
 *   response is verified), bound to their ceremony and — for a registration — to the user.
 * - Algorithms: EdDSA, ES256, RS256 (Workers' Web Crypto has no ML-DSA).
 * - Signature counters: a sign-in whose counter does not grow is refused, unless both are 0
 *   (SimpleWebAuthn's rule); the stored counter moves only if it is still the one checked.
 */
export const CHALLENGE_TTL_SECONDS = 300;

export const ALGORITHMS = [-8, -7, -257];

export interface PasskeyDto {
  id: string;
  name: string;
  created_at: string;
  last_used_at: string | null;
  backed_up: boolean;
  transports: string[];
}

export type PasskeyRow = typeof passkeys.$inferSelect;

export function toDto(row: PasskeyRow): PasskeyDto {
  return {
    id: row.id,
    name: row.name,
    created_at: row.createdAt,
    last_used_at: row.lastUsedAt,
    backed_up: row.backedUp,
    transports: row.transports,
  };
}

export function badCeremony(
  detail = "The passkey response is not valid for this ceremony.",
): ApiError {
  return new ApiError("invalid_code", detail);
}

/**
 * Registration asks for attestation "none", and the service never judges who made an
 * authenticator. So it accepts only the statements that prove nothing beyond the key itself:
 * "none", and "packed" self-attestation (signed by the new key, no certificate). Any other
 * format, or a certificate chain (`x5c`), means the client ignored the request; it is refused
 * before verification, so no certificate is ever parsed here, and the Worker's bundle carries no
 * X.509 code at all (wrangler.toml, `[alias]`; bench/NOTES.md, "Upload size").
 */
export function attestationRefused(attestationObject: unknown): boolean {
  if (typeof attestationObject !== "string") return false; // verification says why
  try {
    const decoded = decodeAttestationObject(fromBase64Url(attestationObject));
    const fmt = decoded.get("fmt");
    if (fmt === "none") return false;
    return fmt !== "packed" || decoded.get("attStmt")?.get("x5c") !== undefined;
  } catch {
    return false; // not CBOR: verification refuses it with the usual error
  }
}

export function storeChallenge(
  challenge: string,
  ceremony: "registration" | "authentication",
  userId: string | null,
  now: Date,
) {
  return raw(sql`INSERT INTO ${webauthnChallenges} (challenge, ceremony, user_id, expires_at, created_at)
    VALUES (${challenge}, ${ceremony}, ${userId}, ${isoIn(now, CHALLENGE_TTL_SECONDS)}, ${now.toISOString()})`);
}

/** The challenge the client signed, from its clientDataJSON (null: not one of ours). */
export function challengeOf(clientDataJSON: unknown): string | null {
  if (typeof clientDataJSON !== "string" || clientDataJSON.length > 4096) return null;
  try {
    const data = JSON.parse(new TextDecoder().decode(fromBase64Url(clientDataJSON))) as {
      challenge?: unknown;
    };
    return typeof data.challenge === "string" ? data.challenge : null;
  } catch {
    return null;
  }
}

/** Spends a challenge of `ceremony` (and user): a row back only if it was live and unused. */
export function consumeChallenge(
  challenge: string,
  ceremony: string,
  userId: string | null,
  now: Date,
) {
  const at = now.toISOString();
  return raw<{ challenge: string }>(sql`
    UPDATE ${webauthnChallenges} SET consumed_at = ${at}
    WHERE challenge = ${challenge} AND ceremony = ${ceremony} AND consumed_at IS NULL
      AND expires_at > ${at}
      AND ${userId === null ? sql`user_id IS NULL` : sql`user_id = ${userId}`}
    RETURNING challenge`);
}

/** The authenticator verified the user (a PIN, a fingerprint, a face): the UV flag. */
export function userVerified(authenticatorData: unknown): boolean {
  if (typeof authenticatorData !== "string" || authenticatorData.length > 8192) return false;
  try {
    return parseAuthenticatorData(fromBase64Url(authenticatorData)).flags.uv;
  } catch {
    return false;
  }
}

/** The same flag in a registration's attestation object (its authenticator data). */
export function registrationUserVerified(attestationObject: unknown): boolean {
  if (typeof attestationObject !== "string") return true; // verification says why
  try {
    const authData = decodeAttestationObject(fromBase64Url(attestationObject)).get("authData");
    return parseAuthenticatorData(authData).flags.uv;
  } catch {
    return true; // not CBOR: verification refuses it with the usual error
  }
}

export function userVerificationMissing(): ApiError {
  return badCeremony(
    "The authenticator did not verify the user (no PIN, fingerprint or face): this service requires user verification for passkeys. Use an authenticator that verifies you.",
  );
}
