import { randomBytes, sha256Hex, toBase64Url } from "./encoding";

/**
 * Keys for tills and kiosks: `csk_` + 256 random bits in base64url (43 characters). The fixed
 * prefix lets secret scanners find a leaked key; only its SHA-256 is stored (a key has 256 bits
 * of entropy, so a fast hash is enough — unlike a password).
 */
export const API_KEY_PREFIX = "csk_";
const SECRET_BYTES = 32;
export const API_KEY_PATTERN = /^csk_[A-Za-z0-9_-]{43}$/;
/** How much of a key a list shows: the prefix and 6 characters. */
const SHOWN_CHARACTERS = API_KEY_PREFIX.length + 6;

export function generateApiKey(): { key: string; prefix: string } {
  const key = `${API_KEY_PREFIX}${toBase64Url(randomBytes(SECRET_BYTES))}`;
  return { key, prefix: key.slice(0, SHOWN_CHARACTERS) };
}

export function apiKeyDigest(key: string): Promise<string> {
  return sha256Hex(key);
}
