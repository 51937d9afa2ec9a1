import { fromBase64Url, randomBytes, toBase64Url, utf8 } from "./encoding";
import { aesKey, type KeyPurpose } from "./keys";

/**
 * AES-256-GCM with a key derived for one purpose (crypto/keys.ts): `v1.<iv>.<ciphertext>`, all
 * base64url. For the few secrets that must be readable again later — a code waiting in the mail
 * outbox, a TOTP secret — where a digest would not do. The version prefix leaves room for a
 * later key or algorithm.
 */
const VERSION = "v1";
const IV_BYTES = 12;

export async function seal(
  secret: string,
  purpose: KeyPurpose,
  plaintext: string,
): Promise<string> {
  const iv = randomBytes(IV_BYTES);
  const key = await aesKey(secret, purpose);
  const ciphertext = await crypto.subtle.encrypt({ name: "AES-GCM", iv }, key, utf8(plaintext));
  return `${VERSION}.${toBase64Url(iv)}.${toBase64Url(new Uint8Array(ciphertext))}`;
}

/** The plaintext, or null for anything not sealed by `seal` under this secret and purpose. */
export async function open(
  secret: string,
  purpose: KeyPurpose,
  sealed: string,
): Promise<string | null> {
  const [version, iv, ciphertext, ...rest] = sealed.split(".");
  if (version !== VERSION || !iv || !ciphertext || rest.length > 0) return null;
  try {
    const key = await aesKey(secret, purpose);
    const plaintext = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: fromBase64Url(iv) },
      key,
      fromBase64Url(ciphertext),
    );
    return new TextDecoder().decode(plaintext);
  } catch {
    return null;
  }
}
