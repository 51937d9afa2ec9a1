import { utf8 } from "./encoding";

/**
 * One secret, one key per purpose: HKDF-SHA256 derives an independent key for each use of a
 * master secret (code digests, cursor MACs, the mail outbox …), so no two features ever share
 * a key and a key of one purpose is useless for another. Keys are derived once per isolate.
 */
export type KeyPurpose =
  | "one-time-code"
  | "cursor"
  | "mail-outbox"
  | "recovery-code"
  | "totp-secret";

const cache = new Map<string, Promise<CryptoKey>>();

type DerivedAlgorithm = Parameters<SubtleCrypto["deriveKey"]>[2];

function derive(
  secret: string,
  purpose: KeyPurpose,
  kind: "HMAC" | "AES-GCM",
  algorithm: DerivedAlgorithm,
  usages: Parameters<SubtleCrypto["deriveKey"]>[4],
): Promise<CryptoKey> {
  const id = `${kind}\u0000${purpose}\u0000${secret}`;
  let key = cache.get(id);
  if (!key) {
    key = crypto.subtle
      .importKey("raw", utf8(secret), "HKDF", false, ["deriveKey"])
      .then((master) =>
        crypto.subtle.deriveKey(
          {
            name: "HKDF",
            hash: "SHA-256",
            salt: new Uint8Array(0),
            info: utf8(`coffee-shop-accounts:${purpose}`),
          },
          master,
          algorithm,
          false,
          usages,
        ),
      );
    cache.set(id, key);
  }
  return key;
}

export function hmacKey(secret: string, purpose: KeyPurpose): Promise<CryptoKey> {
  return derive(secret, purpose, "HMAC", { name: "HMAC", hash: "SHA-256", length: 256 }, ["sign"]);
}

export function aesKey(secret: string, purpose: KeyPurpose): Promise<CryptoKey> {
  return derive(secret, purpose, "AES-GCM", { name: "AES-GCM", length: 256 }, [
    "encrypt",
    "decrypt",
  ]);
}

export async function hmac(key: CryptoKey, message: string): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.sign("HMAC", key, utf8(message)));
}
