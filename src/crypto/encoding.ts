import { decodeBase64, decodeBase64Url, encodeBase64, encodeBase64Url } from "hono/utils/encode";

const encoder = new TextEncoder();

export function utf8(text: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(text) as Uint8Array<ArrayBuffer>;
}

// hono's encoders take an ArrayBuffer: hand them exactly the bytes of the view.
const bufferOf = (bytes: Uint8Array) =>
  bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;

export function toBase64(bytes: Uint8Array): string {
  return encodeBase64(bufferOf(bytes));
}

/** Unpadded base64url (RFC 4648 §5): hono's encoder pads, tokens and cursors do not. */
export function toBase64Url(bytes: Uint8Array): string {
  return encodeBase64Url(bufferOf(bytes)).replace(/=+$/, "");
}

export { decodeBase64 as fromBase64, decodeBase64Url as fromBase64Url };

export function toHex(bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let hex = "";
  for (const byte of view) hex += byte.toString(16).padStart(2, "0");
  return hex;
}

export function randomBytes(length: number): Uint8Array<ArrayBuffer> {
  return crypto.getRandomValues(new Uint8Array(length));
}

/** Compares two byte strings without an early exit, so timing does not reveal a common prefix. */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  // Portable (Workers and Node scripts alike): no early exit on the first difference.
  let diff = 0;
  for (let i = 0; i < a.byteLength; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

export async function sha256Hex(text: string): Promise<string> {
  return toHex(await crypto.subtle.digest("SHA-256", utf8(text)));
}
