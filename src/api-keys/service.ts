import { sql } from "drizzle-orm";
import { can, type Permission } from "../accounts/permissions";
import { auditWhere } from "../audit/events";
import { apiKeyDigest, generateApiKey } from "../crypto/api-keys";
import { claimed, newClaim } from "../db/claim";
import { batch, raw } from "../db/client";
import { type Page, paginate } from "../db/pagination";
import { apiKeys } from "../db/schema";
import type { Deps } from "../deps";
import { recordEvent } from "../events/outbox";
import { ApiError } from "../lib/errors";
import { isoIn } from "../lib/time";
import {
  type Actor,
  actorMay,
  assertAccess,
  type ShopWithRole,
  shopActive,
  shopClosed,
  shopForCaller,
} from "../security/shop-access";

/**
 * Shop-scoped keys for tills and kiosks: made by a shop's owner or manager (or an admin) with a
 * subset of the maker's own permissions in that shop, shown once, stored as a digest, listed
 * without the key, revoked at once for this API (and within 30 s for sibling Workers, whose
 * verifications are cached: api-keys/verify.ts). A closed shop takes no new keys.
 */

export interface ApiKeyDto {
  id: string;
  name: string;
  prefix: string;
  scopes: Permission[];
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
}

interface KeyRow {
  id: string;
  name: string;
  prefix: string;
  scopes: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

const KEY_COLUMNS = sql`id, name, prefix, scopes, created_at AS createdAt, expires_at AS expiresAt,
  last_used_at AS lastUsedAt`;

function toDto(row: KeyRow): ApiKeyDto {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: JSON.parse(row.scopes) as Permission[],
    created_at: row.createdAt,
    expires_at: row.expiresAt,
    last_used_at: row.lastUsedAt,
  };
}

function keyClaimed(id: string, claim: string) {
  return claimed(apiKeys, apiKeys.id, id, apiKeys.claim, claim);
}

/** The maker's role as read: the write re-checks it, so a demoted maker writes nothing. */
function makerStill(shopId: string, actor: Actor, role: string | null) {
  return actorMay(
    shopId,
    actor,
    "keys.manage",
    actor.admin ? undefined : ((role ?? undefined) as Parameters<typeof actorMay>[3]),
  );
}

export async function createKey(
  deps: Deps,
  actor: Actor,
  shopId: string,
  input: { name: string; scopes: Permission[]; expires_in_days?: number },
): Promise<ApiKeyDto & { key: string }> {
  const { db, meta } = deps;
  const [rows] = await batch(db, [shopForCaller(shopId, actor)] as const);
  const shop = assertAccess(rows[0], actor, "keys.manage");
  const beyond = input.scopes.filter((scope) => !actor.admin && !can(shop.callerRole, scope));
  if (beyond.length > 0) {
    throw new ApiError(
      "forbidden",
      `A key cannot have more than its maker: ${beyond.join(", ")}.`,
      {
        errors: beyond.map((scope) => ({ path: "scopes", message: `You do not have ${scope}` })),
      },
    );
  }
  if (shop.status !== "active") throw shopClosed();
  const now = new Date();
  const at = now.toISOString();
  const id = crypto.randomUUID();
  const { key, prefix } = generateApiKey();
  const expiresAt = input.expires_in_days ? isoIn(now, input.expires_in_days * 86_400) : null;
  const claim = newClaim();
  const scopes = [...new Set(input.scopes)];
  const [created, , why] = await batch(db, [
    raw<KeyRow>(sql`
      INSERT INTO ${apiKeys} (id, shop_id, name, prefix, key_digest, scopes, created_by,
        created_at, expires_at, claim)
      SELECT ${id}, ${shopId}, ${input.name}, ${prefix}, ${await apiKeyDigest(key)},
        ${JSON.stringify(scopes)}, ${actor.id}, ${at}, ${expiresAt}, ${claim}
      WHERE ${makerStill(shopId, actor, shop.callerRole)} AND ${shopActive(shopId)}
      RETURNING ${KEY_COLUMNS}`),
    // Never the key, nor its digest: its id, name and scopes.
    auditWhere(
      meta,
      { type: "key.create", actorId: actor.id, data: { shop_id: shopId, key_id: id, scopes } },
      keyClaimed(id, claim),
      now,
    ),
    raw<{ open: number }>(sql`SELECT ${shopActive(shopId)} AS open`),
  ] as const);
  const row = created[0];
  if (!row) {
    if (!why[0]?.open) throw shopClosed();
    throw new ApiError("forbidden", "Your role in this shop changed: you may no longer make keys.");
  }
  return { ...toDto(row), key };
}

/** The shop's live keys (not revoked), newest first, without the key; keyset pages. */
export async function listKeys(
  deps: Deps,
  actor: Actor,
  shopId: string,
  query: { limit: number; cursor?: string },
  /** Told the shop the access check read (the console names it in its heading). */
  onShop?: (shop: ShopWithRole) => void,
): Promise<Page<ApiKeyDto>> {
  const { db } = deps;
  const [rows] = await batch(db, [shopForCaller(shopId, actor)] as const);
  // Asked whether or not someone listens: the access check is the point.
  const shop = assertAccess(rows[0], actor, "keys.manage");
  onShop?.(shop);
  return paginate({
    secret: deps.config.codeHmacSecret,
    cursor: query.cursor,
    limit: query.limit,
    scope: { list: "api-keys", shop: shopId },
    fetch: async (after, take) => {
      const [page] = await batch(db, [
        raw<KeyRow>(sql`SELECT ${KEY_COLUMNS} FROM ${apiKeys}
          WHERE shop_id = ${shopId} AND revoked_at IS NULL
            ${after ? sql`AND (created_at, id) < (${after[0]}, ${after[1]})` : sql``}
          ORDER BY created_at DESC, id DESC LIMIT ${take}`),
      ] as const);
      return page;
    },
    keyOf: (row) => [row.createdAt, row.id],
    toItem: toDto,
  });
}

export async function revokeKey(
  deps: Deps,
  actor: Actor,
  shopId: string,
  keyId: string,
): Promise<void> {
  const { db, meta } = deps;
  const [rows] = await batch(db, [shopForCaller(shopId, actor)] as const);
  const shop = assertAccess(rows[0], actor, "keys.manage");
  const now = new Date();
  const claim = newClaim();
  const [revoked] = await batch(db, [
    raw<{ id: string }>(sql`
      UPDATE ${apiKeys} SET revoked_at = ${now.toISOString()}, claim = ${claim}
      WHERE id = ${keyId} AND shop_id = ${shopId} AND revoked_at IS NULL
        AND ${makerStill(shopId, actor, shop.callerRole)}
      RETURNING id`),
    auditWhere(
      meta,
      { type: "key.revoke", actorId: actor.id, data: { shop_id: shopId, key_id: keyId } },
      keyClaimed(keyId, claim),
      now,
    ),
    recordEvent(deps, {
      type: "api_key.revoked",
      data: { reason: "revoked", keys: [{ id: keyId, shop_id: shopId }] },
      guard: keyClaimed(keyId, claim),
      now,
    }),
  ] as const);
  if (revoked.length === 0)
    throw new ApiError("not_found", "No live key with this id in the shop.");
}
