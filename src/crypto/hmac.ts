import { utf8 } from "./encoding";

const keys = new Map<string, Promise<CryptoKey>>();

/** HMAC-SHA256 keys are imported once per secret and isolate, not per request. */
function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", utf8(secret), { name: "HMAC", hash: "SHA-256" }, false, [
      "sign",
    ]);
    keys.set(secret, key);
  }
  return key;
}

export async function hmacSha256(
  secret: string,
  message: string,
): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.sign("HMAC", await hmacKey(secret), utf8(message)));
}
