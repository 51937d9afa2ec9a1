import type { z } from "zod";
import { fromBase64Url, timingSafeEqual, toBase64Url, utf8 } from "../crypto/encoding";
import { hmacSha256 } from "../crypto/hmac";
import { ApiError } from "./errors";

/**
 * Opaque keyset cursors: base64url(JSON) + "." + a truncated HMAC, so a client can neither read
 * meaning into them nor forge one. The payload also records the query it belongs to; reusing a
 * cursor with other filters or another sort is refused like a tampered one (422).
 */
const MAC_BYTES = 16;
async function mac(secret: string, payload: string): Promise<Uint8Array> {
  return (await hmacSha256(secret, `cursor:${payload}`)).slice(0, MAC_BYTES);
}

export async function encodeCursor(secret: string, value: unknown): Promise<string> {
  const payload = toBase64Url(utf8(JSON.stringify(value)));
  return `${payload}.${toBase64Url(await mac(secret, payload))}`;
}

function invalidCursor(): ApiError {
  return new ApiError("validation_failed", "The cursor is invalid; start again without it.", {
    errors: [{ path: "cursor", message: "Invalid cursor" }],
  });
}

export async function decodeCursor<T>(
  secret: string,
  cursor: string,
  schema: z.ZodType<T>,
): Promise<T> {
  const [payload, signature, ...rest] = cursor.split(".");
  if (!payload || !signature || rest.length > 0) throw invalidCursor();
  try {
    if (!timingSafeEqual(fromBase64Url(signature), await mac(secret, payload))) {
      throw invalidCursor();
    }
    const parsed = schema.safeParse(JSON.parse(new TextDecoder().decode(fromBase64Url(payload))));
    if (!parsed.success) throw invalidCursor();
    return parsed.data;
  } catch {
    throw invalidCursor();
  }
}

/** The shared `limit` and `cursor` query parameters. */
export const PAGE_LIMIT_DEFAULT = 50;
export const PAGE_LIMIT_MAX = 100;
