import { timingSafeEqual, toHex, utf8 } from "./encoding";
import { hmac, hmacKey } from "./keys";

export const CODE_DIGITS = 6;
const CODE_SPACE = 10 ** CODE_DIGITS;
/** The largest multiple of 10^6 below 2^32: draws at or above it are redrawn (no modulo bias). */
export const UNBIASED_LIMIT = Math.floor(2 ** 32 / CODE_SPACE) * CODE_SPACE;

/**
 * A uniformly random 6-digit code by rejection sampling over 32-bit draws of `random` (by
 * default `crypto.getRandomValues`): every accepted draw maps onto each code exactly
 * `UNBIASED_LIMIT / 10^6` times, so every code is equally likely.
 */
export function generateCode(
  random: (buffer: Uint32Array) => Uint32Array = (buffer) => crypto.getRandomValues(buffer),
): string {
  const buffer = new Uint32Array(1);
  for (;;) {
    const value = random(buffer)[0] ?? UNBIASED_LIMIT;
    if (value < UNBIASED_LIMIT) return String(value % CODE_SPACE).padStart(CODE_DIGITS, "0");
  }
}

/**
 * The digest stored for a code: HMAC under a key derived for codes only. The purpose and the
 * code's own row id are part of the input, so a verification code can never reset a password,
 * nor one row's code (one user's, one address's) serve another.
 */
export async function codeDigest(
  secret: string,
  purpose: string,
  codeId: string,
  code: string,
): Promise<string> {
  return toHex(await hmac(await hmacKey(secret, "one-time-code"), `${purpose}:${codeId}:${code}`));
}

/** Constant-time comparison of two hex digests. */
export function digestsEqual(a: string, b: string): boolean {
  return timingSafeEqual(utf8(a), utf8(b));
}
