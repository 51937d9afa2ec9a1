import { sql } from "drizzle-orm";
import { auditWhere } from "../audit/events";
import { newClaim } from "../db/claim";
import { batch, raw } from "../db/client";
import { type Page, paginate } from "../db/pagination";
import { memberships, shops } from "../db/schema";
import type { Deps } from "../deps";
import type { ShopRole, ShopStatus } from "../lib/domain";
import { ApiError } from "../lib/errors";
import {
  type Actor,
  actorMay,
  assertAccess,
  type ShopWithRole,
  shopForCaller,
} from "../security/shop-access";

/** Shops: create (admins), read and list (members see theirs), update (owners and admins). */

export interface ShopDto {
  id: string;
  slug: string;
  name: string;
  timezone: string;
  status: ShopStatus;
  created_at: string;
}

export function toShopDto(row: Omit<ShopWithRole, "callerRole" | "updatedAt">): ShopDto {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    timezone: row.timezone,
    status: row.status,
    created_at: row.createdAt,
  };
}

const MAX_CHAR = "\u{10FFFF}";

function shopClaimed(shopId: string, claim: string) {
  return sql`EXISTS (SELECT 1 FROM ${shops} AS claimed WHERE claimed.id = ${shopId}
    AND claimed.claim = ${claim})`;
}

const SHOP_COLUMNS = sql`s.id, s.slug, s.name, s.timezone, s.status, s.created_at AS createdAt,
  s.updated_at AS updatedAt`;
/** The same, for the RETURNING of a write on `shops` (its own columns, unqualified). */
const SHOP_RETURNING = sql`id, slug, name, timezone, status, created_at AS createdAt,
  updated_at AS updatedAt`;

export async function createShop(
  deps: Deps,
  actorId: string,
  input: { slug: string; name: string; timezone: string },
): Promise<ShopDto> {
  const { db, meta } = deps;
  const now = new Date();
  const at = now.toISOString();
  const id = crypto.randomUUID();
  const claim = newClaim();
  const [created] = await batch(db, [
    raw<Omit<ShopWithRole, "callerRole">>(sql`
      INSERT INTO ${shops} (id, slug, name, admin_name, timezone, status, created_at, updated_at, claim)
      VALUES (${id}, ${input.slug}, ${input.name}, ${input.name}, ${input.timezone}, 'active', ${at}, ${at}, ${claim})
      ON CONFLICT (slug) DO NOTHING
      RETURNING ${SHOP_RETURNING}`),
    auditWhere(
      meta,
      { type: "shop.create", actorId, data: { shop_id: id, slug: input.slug } },
      shopClaimed(id, claim),
      now,
    ),
  ] as const);
  const shop = created[0];
  if (!shop) throw new ApiError("conflict", "A shop with this slug exists.");
  return toShopDto(shop);
}

export async function getShop(deps: Deps, actor: Actor, shopId: string): Promise<ShopDto> {
  const [rows] = await batch(deps.db, [shopForCaller(shopId, actor)] as const);
  return toShopDto(assertAccess(rows[0], actor, "shop.read"));
}

export async function updateShop(
  deps: Deps,
  actor: Actor,
  shopId: string,
  patch: { name?: string; timezone?: string; status?: ShopStatus },
): Promise<ShopDto> {
  const { db, meta } = deps;
  const [rows] = await batch(db, [shopForCaller(shopId, actor)] as const);
  const shop = assertAccess(rows[0], actor, "shop.update");
  const fields = Object.entries(patch).filter(([, value]) => value !== undefined);
  if (fields.length === 0) return toShopDto(shop);
  const now = new Date();
  const claim = newClaim();
  const sets = fields.map(([field, value]) => sql`${sql.identifier(field)} = ${value}`);
  // An admin's name is the shop's own: invitation mail may show it (shops/invitations.ts). An
  // owner's rename changes what members see, never what a stranger's mailbox receives.
  if (patch.name !== undefined && actor.admin) sets.push(sql`admin_name = ${patch.name}`);
  const [updated] = await batch(db, [
    raw<Omit<ShopWithRole, "callerRole">>(sql`
      UPDATE ${shops} SET ${sql.join(sets, sql`, `)}, updated_at = ${now.toISOString()},
        claim = ${claim}
      WHERE id = ${shopId} AND ${actorMay(shopId, actor, "shop.update")}
      RETURNING ${SHOP_RETURNING}`),
    auditWhere(
      meta,
      {
        type: "shop.update",
        actorId: actor.id,
        data: { shop_id: shopId, fields: fields.map(([field]) => field) },
      },
      shopClaimed(shopId, claim),
      now,
    ),
  ] as const);
  const row = updated[0];
  if (!row) throw new ApiError("forbidden", "Your role in this shop does not allow shop.update.");
  return toShopDto(row);
}

export interface ShopListQuery {
  limit: number;
  cursor?: string;
  status?: ShopStatus;
  q?: string;
}

interface ListedShop extends Omit<ShopWithRole, "callerRole"> {
  role: ShopRole | null;
}

/**
 * Admins: every shop. Others: the shops they belong to, with their role. Newest first, keyset
 * pages on (created_at, id); `q` is a case-insensitive prefix of the slug or the name.
 */
export function listShops(
  deps: Deps,
  actor: Actor,
  query: ShopListQuery,
): Promise<Page<ShopDto & { role: ShopRole | null }>> {
  const q = query.q?.toLowerCase();
  return paginate({
    secret: deps.config.codeHmacSecret,
    cursor: query.cursor,
    limit: query.limit,
    scope: { list: "shops", all: actor.admin, status: query.status ?? null, q: q ?? null },
    fetch: async (after, take) => {
      const conditions = [sql`1 = 1`];
      if (query.status) conditions.push(sql`s.status = ${query.status}`);
      if (q) {
        const escaped = q.replace(/[\\%_]/g, (c) => `\\${c}`);
        conditions.push(sql`((s.slug >= ${q} AND s.slug < ${q + MAX_CHAR})
          OR lower(s.name) LIKE ${`${escaped}%`} ESCAPE '\\')`);
      }
      if (after) conditions.push(sql`(s.created_at, s.id) < (${after[0]}, ${after[1]})`);
      if (!actor.admin) conditions.push(sql`m.user_id IS NOT NULL`);
      // An admin's list may be a moment stale; a member's is a membership read: the primary.
      const [rows] = await batch(actor.admin ? deps.reads : deps.db, [
        raw<ListedShop>(sql`
          SELECT ${SHOP_COLUMNS}, m.role AS role
          FROM ${shops} AS s
            ${actor.admin ? sql`LEFT JOIN` : sql`JOIN`} ${memberships} AS m
              ON m.shop_id = s.id AND m.user_id = ${actor.id}
          WHERE ${sql.join(conditions, sql` AND `)}
          ORDER BY s.created_at DESC, s.id DESC
          LIMIT ${take}`),
      ] as const);
      return rows;
    },
    keyOf: (row) => [row.createdAt, row.id],
    toItem: (row) => ({ ...toShopDto(row), role: row.role }),
  });
}

export interface MembershipDto {
  shop: ShopDto;
  role: ShopRole;
  created_at: string;
}

/** GET /v1/users/me/memberships: every shop of the caller, oldest membership first. */
export async function myMemberships(deps: Deps, userId: string) {
  const [rows] = await batch(deps.db, [
    raw<Omit<ShopWithRole, "callerRole"> & { role: ShopRole; joinedAt: string }>(sql`
      SELECT ${SHOP_COLUMNS}, m.role AS role, m.created_at AS joinedAt
      FROM ${memberships} AS m JOIN ${shops} AS s ON s.id = m.shop_id
      WHERE m.user_id = ${userId}
      ORDER BY m.created_at, m.shop_id`),
  ] as const);
  const items: MembershipDto[] = rows.map((row) => ({
    shop: toShopDto(row),
    role: row.role,
    created_at: row.joinedAt,
  }));
  return { items };
}
