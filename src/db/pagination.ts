import { fromBase64Url, timingSafeEqual, toBase64Url, utf8 } from "../crypto/encoding";
import { hmac, hmacKey } from "../crypto/keys";
import { ApiError } from "../lib/errors";

/**
 * Keyset pagination with opaque cursors, for every list of the API: a page is `limit + 1` rows
 * after the last key of the previous page (so its cost does not grow with depth or table size),
 * and `next_cursor` is base64url(JSON) + "." + a truncated HMAC under a key derived for cursors
 * only. A cursor records the query it belongs to (sort, filters); a tampered cursor, or one
 * reused with another query, is 422.
 */
export type PageKey = [string, string];
const MAC_BYTES = 16;

async function mac(secret: string, payload: string): Promise<Uint8Array> {
  return (await hmac(await hmacKey(secret, "cursor"), payload)).slice(0, MAC_BYTES);
}

/** A cursor for the page after `key` (exported for `npm run bench`, which starts deep in a list). */
export async function encodeCursor(secret: string, scope: unknown, key: PageKey): Promise<string> {
  const payload = toBase64Url(utf8(JSON.stringify({ scope, key })));
  return `${payload}.${toBase64Url(await mac(secret, payload))}`;
}

function invalidCursor(message = "Invalid cursor"): ApiError {
  return new ApiError("validation_failed", "The cursor is invalid; start again without it.", {
    errors: [{ path: "cursor", message }],
  });
}

function isPageKey(value: unknown): value is PageKey {
  return (
    Array.isArray(value) && value.length === 2 && value.every((part) => typeof part === "string")
  );
}

async function decodeCursor(secret: string, cursor: string, scope: unknown): Promise<PageKey> {
  const [payload, signature, ...rest] = cursor.split(".");
  if (!payload || !signature || rest.length > 0) throw invalidCursor();
  let decoded: { scope?: unknown; key?: unknown };
  try {
    if (!timingSafeEqual(fromBase64Url(signature), await mac(secret, payload)))
      throw invalidCursor();
    decoded = JSON.parse(new TextDecoder().decode(fromBase64Url(payload)));
  } catch {
    throw invalidCursor();
  }
  if (JSON.stringify(decoded.scope) !== JSON.stringify(scope)) {
    throw invalidCursor("Cursor does not match the sort and filters");
  }
  if (!isPageKey(decoded.key)) throw invalidCursor();
  return decoded.key;
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

/**
 * One page: decodes the cursor (checked against `scope`), fetches `limit + 1` rows after its key,
 * and encodes the next cursor from the last row shown.
 */
export async function paginate<Row, Item>(options: {
  secret: string;
  cursor: string | undefined;
  limit: number;
  scope: Record<string, unknown>;
  fetch: (after: PageKey | null, take: number) => Promise<Row[]>;
  keyOf: (row: Row) => PageKey;
  toItem: (row: Row) => Item;
}): Promise<Page<Item>> {
  const { secret, cursor, limit, scope } = options;
  const after = cursor ? await decodeCursor(secret, cursor, scope) : null;
  const rows = await options.fetch(after, limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const next_cursor =
    rows.length > limit && last ? await encodeCursor(secret, scope, options.keyOf(last)) : null;
  return { items: page.map(options.toItem), next_cursor };
}
