import { Secret, TOTP } from "otpauth";
import { randomBytes, toHex } from "./encoding";
import { hmac, hmacKey } from "./keys";

/**
 * TOTP (RFC 6238) with the parameters every authenticator app understands: SHA-1, 6 digits,
 * 30-second steps, a code accepted in the current step ±1. The arithmetic is otpauth's (a small,
 * well-kept library); the rules around it — one use per step, sealed secrets — are ours.
 */
export const TOTP_PERIOD = 30;
export const TOTP_WINDOW = 1;
const SECRET_BYTES = 20; // 160 bits, the RFC 4226 recommendation for SHA-1

function totp(secretBase32: string, issuer = "", label = "") {
  return new TOTP({
    issuer,
    label,
    algorithm: "SHA1",
    digits: 6,
    period: TOTP_PERIOD,
    secret: Secret.fromBase32(secretBase32),
  });
}

/** A new random secret, base32 (what authenticator apps take when typed in). */
export function newTotpSecret(): string {
  return new Secret({ size: SECRET_BYTES }).base32;
}

/** `otpauth://totp/Issuer:label?secret=…&issuer=…` — drawn as a QR code by the front end. */
export function totpUri(secretBase32: string, issuer: string, label: string): string {
  return totp(secretBase32, issuer, label).toString();
}

/**
 * The time step of `token` if it is valid at `now` (±1 step), else null. The caller refuses a
 * step at or below the last one it accepted, so no code works twice.
 */
export function totpStep(secretBase32: string, token: string, now: number): number | null {
  const delta = totp(secretBase32).validate({ token, timestamp: now, window: TOTP_WINDOW });
  if (delta === null) return null;
  return TOTP.counter({ period: TOTP_PERIOD, timestamp: now }) + delta;
}

/** The current code of a secret (tests, and the e2e journey's "authenticator app"). */
export function totpCode(secretBase32: string, now: number): string {
  return totp(secretBase32).generate({ timestamp: now });
}

// Recovery codes: 10 characters of an alphabet without look-alikes (50 bits), shown as
// `xxxxx-xxxxx`. Only an HMAC of the user id and the code is stored.
const RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"; // 31 symbols: no i, l, o, 0, 1
export const RECOVERY_CODE_COUNT = 10;

export function newRecoveryCode(): string {
  const chars: string[] = [];
  while (chars.length < 10) {
    for (const byte of randomBytes(16)) {
      // 248 = 8 × 31: bytes at or above it are dropped, so every symbol is equally likely.
      if (byte < 248 && chars.length < 10) chars.push(RECOVERY_ALPHABET[byte % 31] ?? "a");
    }
  }
  return `${chars.slice(0, 5).join("")}-${chars.slice(5).join("")}`;
}

/** How a typed recovery code is compared: case, spaces and dashes do not matter. */
export function normalizeRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[^a-z0-9]/g, "");
}

export async function recoveryCodeDigest(
  secret: string,
  userId: string,
  code: string,
): Promise<string> {
  const key = await hmacKey(secret, "recovery-code");
  return toHex(await hmac(key, `${userId}:${normalizeRecoveryCode(code)}`));
}
