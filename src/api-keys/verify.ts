import { sql } from "drizzle-orm";
import type { Permission } from "../accounts/permissions";
import { apiKeyDigest } from "../crypto/api-keys";
import { batch, type Database, raw } from "../db/client";
import { apiKeys, shops } from "../db/schema";
import { errorName, log } from "../lib/log";

/**
 * Verifying a key: one indexed D1 read (by the key's digest, joined with its shop), never a write
 * on the request's path. Expired keys, revoked keys and keys of a closed shop are not found.
 *
 * - This API checks D1 on every request (`findKey`): a revocation counts at once.
 * - Sibling Workers ask over the Service Binding (`verifyCached`): answers — found or not — are
 *   cached in the isolate for 30 s (at most 1 000 of them), so a busy till costs no D1 read at
 *   all, and a revoked key stops working everywhere within 30 s.
 * - `last_used_at` is written at most once a minute per key, after the response (`touchLater`);
 *   the UPDATE itself re-checks the minute, so many isolates still write it once.
 */
export interface VerifiedKey {
  id: string;
  shop_id: string;
  scopes: Permission[];
  expires_at: string | null;
}

export const KEY_CACHE_SECONDS = 30;
export const KEY_CACHE_ENTRIES = 1000;
export const LAST_USED_EVERY_SECONDS = 60;

interface Row {
  id: string;
  shopId: string;
  scopes: string;
  expiresAt: string | null;
}

/** The key's row as D1 has it now — one read — or null. The same work for every input. */
export async function findKey(db: Database, key: string, now = new Date()) {
  const at = now.toISOString();
  const [rows] = await batch(db, [
    raw<Row>(sql`
      SELECT k.id, k.shop_id AS shopId, k.scopes, k.expires_at AS expiresAt
      FROM ${apiKeys} AS k JOIN ${shops} AS s ON s.id = k.shop_id
      WHERE k.key_digest = ${await apiKeyDigest(key.slice(0, 256))} AND k.revoked_at IS NULL
        AND (k.expires_at IS NULL OR k.expires_at > ${at}) AND s.status = 'active'`),
  ] as const);
  const row = rows[0];
  if (!row) return null;
  return {
    id: row.id,
    shop_id: row.shopId,
    scopes: JSON.parse(row.scopes) as Permission[],
    expires_at: row.expiresAt,
  } satisfies VerifiedKey;
}

const cache = new Map<string, { key: VerifiedKey | null; until: number }>();

/** `findKey` behind the isolate's 30-second cache (the Service Binding's path). */
export async function verifyCached(db: Database, key: string, now = new Date()) {
  const ms = now.getTime();
  const hit = cache.get(key);
  if (hit && hit.until > ms) {
    const expired = hit.key?.expires_at && hit.key.expires_at <= now.toISOString();
    return expired ? null : hit.key;
  }
  const found = await findKey(db, key, now);
  if (cache.size >= KEY_CACHE_ENTRIES) {
    // Evict the oldest insertion (Map keeps insertion order): bounded memory under a flood.
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.delete(key);
  cache.set(key, { key: found, until: ms + KEY_CACHE_SECONDS * 1000 });
  return found;
}

/** For tests: what a fresh isolate would see. */
export function forgetCachedKeys(): void {
  cache.clear();
  touched.clear();
}

const touched = new Map<string, number>();

/** Records the use after the response: at most once a minute per key, from any isolate. */
export function touchLater(
  db: Database,
  keyId: string,
  waitUntil: (work: Promise<unknown>) => void,
  now = new Date(),
): void {
  const ms = now.getTime();
  if (ms - (touched.get(keyId) ?? 0) < LAST_USED_EVERY_SECONDS * 1000) return;
  touched.set(keyId, ms);
  if (touched.size > KEY_CACHE_ENTRIES) touched.delete(touched.keys().next().value as string);
  const minuteAgo = new Date(ms - LAST_USED_EVERY_SECONDS * 1000).toISOString();
  // Started from a timer, once the response is on its way: never on the request's own path.
  waitUntil(
    new Promise((resolve) => setTimeout(resolve, 0))
      .then(() =>
        batch(db, [
          raw(sql`UPDATE ${apiKeys} SET last_used_at = ${now.toISOString()}
            WHERE id = ${keyId} AND (last_used_at IS NULL OR last_used_at <= ${minuteAgo})`),
        ] as const),
      )
      .catch((error) => {
        log("warn", "api key last_used_at not written", { error: errorName(error) });
      }),
  );
}
