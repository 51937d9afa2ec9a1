import { type SQL, sql } from "drizzle-orm";
import { memberships } from "../db/schema";
import { SHOP_ROLES, type ShopRole } from "../lib/domain";

/**
 * The `shops` claim of an access token: `{shop_id: role}` of the caller's memberships, at most
 * 20 — beyond that `shops_overflow: true` and no `shops` (a sibling service then asks
 * `authorize` over the Service Binding). Read in the same statement that loads the account for a
 * sign-in or a refresh, so it costs no round trip.
 */
export const MAX_SHOPS_IN_TOKEN = 20;

/**
 * A column expression: the account's memberships as JSON `[[shop_id, role], …]` (oldest first,
 * one more than fit, to tell an overflow). `userId` is the outer account's id, qualified by its
 * alias (`u.id`, `"users"."id"`): inside this subquery an unqualified `id` would be the
 * membership's own table.
 */
export function shopsClaimColumn(userId: SQL): SQL<string> {
  return sql<string>`(SELECT json_group_array(json_array(mm.shop_id, mm.role)) FROM (
    SELECT m.shop_id, m.role FROM ${memberships} AS m WHERE m.user_id = ${userId}
    ORDER BY m.created_at, m.shop_id LIMIT ${MAX_SHOPS_IN_TOKEN + 1}) AS mm)`;
}

export type ShopsClaim = { shops: Record<string, ShopRole> } | { shops_overflow: true };

/** The claim from the column's JSON (null or garbage: no memberships). */
export function shopsClaim(json: string | null | undefined): ShopsClaim {
  let pairs: unknown;
  try {
    pairs = JSON.parse(json ?? "[]");
  } catch {
    pairs = [];
  }
  const valid = (Array.isArray(pairs) ? pairs : []).filter(
    (pair): pair is [string, ShopRole] =>
      Array.isArray(pair) &&
      typeof pair[0] === "string" &&
      (SHOP_ROLES as readonly unknown[]).includes(pair[1]),
  );
  if (valid.length > MAX_SHOPS_IN_TOKEN) return { shops_overflow: true };
  return { shops: Object.fromEntries(valid) };
}
