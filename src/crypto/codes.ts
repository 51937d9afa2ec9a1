import { timingSafeEqual, toHex, utf8 } from "./encoding";
import { hmacSha256 } from "./hmac";

export const CODE_DIGITS = 6;
const CODE_SPACE = 10 ** CODE_DIGITS;
// The largest multiple of 10^6 below 2^32: values at or above it are redrawn (no modulo bias).
const UNBIASED_LIMIT = Math.floor(2 ** 32 / CODE_SPACE) * CODE_SPACE;

/** A uniformly random 6-digit code from `crypto.getRandomValues`, by rejection sampling. */
export function generateCode(): string {
  const buffer = new Uint32Array(1);
  for (;;) {
    crypto.getRandomValues(buffer);
    const value = buffer[0] ?? UNBIASED_LIMIT;
    if (value < UNBIASED_LIMIT) return String(value % CODE_SPACE).padStart(CODE_DIGITS, "0");
  }
}

/**
 * The digest stored for a code. The purpose and the user are part of the MAC input, so a
 * verification code can never reset a password, nor one user's code serve another.
 */
export async function codeDigest(
  secret: string,
  purpose: string,
  userId: string,
  code: string,
): Promise<string> {
  return toHex(await hmacSha256(secret, `${purpose}:${userId}:${code}`));
}

/** Constant-time comparison of two hex digests. */
export function digestsEqual(a: string, b: string): boolean {
  return timingSafeEqual(utf8(a), utf8(b));
}
