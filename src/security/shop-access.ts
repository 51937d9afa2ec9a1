import { and, eq, type SQL, sql } from "drizzle-orm";
import { can, type Permission, rolesWith } from "../accounts/permissions";
import { type Database, raw } from "../db/client";
import { memberships, shops, users } from "../db/schema";
import type { ShopRole, ShopStatus } from "../lib/domain";
import { ApiError } from "../lib/errors";
import type { AuthSession, AuthUser } from "../lib/types";
import { adminMfaRequiredError, adminPower } from "./assurance";

/**
 * Who may do what in a shop, decided once for every shop route: a platform admin may do
 * anything; a member by their role (permissions.ts); anyone else is told the shop does not
 * exist (404, not 403: shop ids are not enumerable). Admin power is the assurance policy's
 * (security/assurance.ts): an admin whose session lacks the proof ADMIN_MFA_REQUIRED asks acts as
 * the member they are, and where that is not enough is told `mfa_required`. The decision is read in the same round trip
 * as the shop, and every write re-checks it in its own WHERE (`actorMay`), so a member demoted
 * between the read and the write changes nothing.
 */

export interface Actor {
  id: string;
  /** Holds admin power now (the role, and the proof it needs). */
  admin: boolean;
  /** Has the admin role but not the proof: a refusal says `mfa_required`, not `forbidden`. */
  adminNeedsMfa?: boolean;
}

export function actorOf(
  user: Pick<AuthUser, "id" | "role">,
  session: Pick<AuthSession, "amr">,
  settings: { adminMfaRequired: boolean },
): Actor {
  const power = adminPower(user, session, settings);
  return { id: user.id, admin: power === "granted", adminNeedsMfa: power === "mfa_required" };
}

export interface ShopWithRole {
  id: string;
  slug: string;
  name: string;
  timezone: string;
  status: ShopStatus;
  createdAt: string;
  updatedAt: string;
  /** The caller's role in it, or null. */
  callerRole: ShopRole | null;
}

/** The shop and the caller's role in it: one statement for a read batch. */
export function shopForCaller(shopId: string, actor: Actor) {
  return raw<ShopWithRole>(sql`
    SELECT s.id, s.slug, s.name, s.timezone, s.status, s.created_at AS createdAt,
      s.updated_at AS updatedAt, m.role AS callerRole
    FROM ${shops} AS s
      LEFT JOIN ${memberships} AS m ON m.shop_id = s.id AND m.user_id = ${actor.id}
    WHERE s.id = ${shopId}`);
}

export function shopNotFound(): ApiError {
  return new ApiError("not_found", "No such shop.");
}

/**
 * The shop, if the caller may know it exists (a member, or an admin) — else 404 — and, when
 * `permission` is given, may do that there — else 403.
 */
export function assertAccess(
  shop: ShopWithRole | undefined,
  actor: Actor,
  permission?: Permission,
): ShopWithRole {
  if (!shop || (!actor.admin && !shop.callerRole)) {
    if (shop && actor.adminNeedsMfa) throw adminMfaRequiredError();
    throw shopNotFound();
  }
  if (permission && !actor.admin && !can(shop.callerRole, permission)) {
    if (actor.adminNeedsMfa) throw adminMfaRequiredError();
    throw new ApiError("forbidden", `Your role in this shop does not allow ${permission}.`);
  }
  return shop;
}

/**
 * SQL that holds while the actor still may do `permission` in the shop: an admin still admin, a
 * member still holding a role with it — or exactly `role`, when the decision was based on it
 * (the rank rule). Aliased throughout: it sits inside statements on `users` and `memberships`.
 */
export function actorMay(
  shopId: string,
  actor: Actor,
  permission: Permission,
  role?: ShopRole,
): SQL {
  if (actor.admin) {
    return sql`EXISTS (SELECT 1 FROM ${users} AS actor WHERE actor.id = ${actor.id}
      AND actor.role = 'admin')`;
  }
  const roles = role ? [role] : rolesWith(permission);
  return sql`EXISTS (SELECT 1 FROM ${memberships} AS actor_membership
    WHERE actor_membership.shop_id = ${shopId} AND actor_membership.user_id = ${actor.id}
      AND actor_membership.role IN ${roles})`;
}

/** SQL: the shop is still open (new invitations and keys need it). */
export function shopActive(shopId: string): SQL {
  return sql`EXISTS (SELECT 1 FROM ${shops} AS open_shop WHERE open_shop.id = ${shopId}
    AND open_shop.status = 'active')`;
}

export function shopClosed(): ApiError {
  return new ApiError("conflict", "The shop is closed: it takes no new invitations or keys.");
}

/** A user's role in a shop as D1 has it now (null: not a member) — one read. */
export async function memberRole(
  db: Database,
  shopId: string,
  userId: string,
): Promise<ShopRole | null> {
  const row = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.shopId, shopId), eq(memberships.userId, userId)))
    .get();
  return row?.role ?? null;
}
