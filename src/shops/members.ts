import { sql } from "drizzle-orm";
import { outranks, rank } from "../accounts/permissions";
import { userClaimed } from "../accounts/repository";
import { revokeOrphanedKeys } from "../api-keys/orphans";
import { auditWhere } from "../audit/events";
import { newClaim } from "../db/claim";
import { batch, raw } from "../db/client";
import { type Page, paginate } from "../db/pagination";
import { memberships, users } from "../db/schema";
import type { Deps } from "../deps";
import { recordEvent } from "../events/outbox";
import type { ShopRole } from "../lib/domain";
import { ApiError } from "../lib/errors";
import { handOverLater } from "../mail/outbox";
import {
  type Actor,
  actorMay,
  assertAccess,
  type ShopWithRole,
  shopForCaller,
} from "../security/shop-access";

/**
 * A shop's staff: list, change a role, remove. The rank rule (permissions.ts) decides who may
 * touch whom; admins may do anything; nobody changes their own role; a member may always leave —
 * but a shop's last owner only by an admin's hand.
 *
 * Each change is one batch led by a claim on the *member's account* (db/claim.ts): the UPDATE of
 * `users` that re-checks everything the decision read — the member's role as read, the actor's
 * right as read, the last-owner guard — and, for a removal or a demotion, bumps the member's token
 * version so their access tokens stop working on the next request (as a platform role change
 * does). The membership write and the audit event run on that claim.
 */

export interface MemberDto {
  user_id: string;
  email: string;
  name: string | null;
  surname: string | null;
  role: ShopRole;
  created_at: string;
}

interface MemberRow {
  userId: string;
  email: string;
  name: string | null;
  surname: string | null;
  role: ShopRole;
  createdAt: string;
}

function memberOf(shopId: string, userId: string) {
  return raw<{ role: ShopRole }>(sql`
    SELECT role FROM ${memberships} WHERE shop_id = ${shopId} AND user_id = ${userId}`);
}

function notAMember(): ApiError {
  return new ApiError("not_found", "This user is not a member of the shop.");
}

function lastOwner(): ApiError {
  return new ApiError(
    "last_owner",
    "This is the shop's last owner: make another member owner first (or ask an admin).",
  );
}

function changedMeanwhile(): ApiError {
  return new ApiError("conflict", "The membership changed meanwhile; read it again and retry.");
}

/** SQL: the shop keeps another owner than `userId`. */
function anotherOwner(shopId: string, userId: string) {
  return sql`EXISTS (SELECT 1 FROM ${memberships} AS other_owner
    WHERE other_owner.shop_id = ${shopId} AND other_owner.role = 'owner'
      AND other_owner.user_id <> ${userId})`;
}

/** Keyset pages of a shop's members, oldest first (manager+ and admins). */
export async function listMembers(
  deps: Deps,
  actor: Actor,
  shopId: string,
  query: { limit: number; cursor?: string },
  /** Told the shop the access check read (the console names it in its heading). */
  onShop?: (shop: ShopWithRole) => void,
): Promise<Page<MemberDto>> {
  const { db } = deps;
  const [shop] = await batch(db, [shopForCaller(shopId, actor)] as const);
  // Asked whether or not someone listens: the access check is the point.
  const found = assertAccess(shop[0], actor, "staff.read");
  onShop?.(found);
  return paginate({
    secret: deps.config.codeHmacSecret,
    cursor: query.cursor,
    limit: query.limit,
    scope: { list: "members", shop: shopId },
    fetch: async (after, take) => {
      const [rows] = await batch(db, [
        raw<MemberRow>(sql`
          SELECT m.user_id AS userId, u.email, u.name, u.surname, m.role, m.created_at AS createdAt
          FROM ${memberships} AS m JOIN ${users} AS u ON u.id = m.user_id
          WHERE m.shop_id = ${shopId}
            ${after ? sql`AND (m.created_at, m.user_id) > (${after[0]}, ${after[1]})` : sql``}
          ORDER BY m.created_at, m.user_id
          LIMIT ${take}`),
      ] as const);
      return rows;
    },
    keyOf: (row) => [row.createdAt, row.userId],
    toItem: (row) => ({
      user_id: row.userId,
      email: row.email,
      name: row.name,
      surname: row.surname,
      role: row.role,
      created_at: row.createdAt,
    }),
  });
}

/** Reads the shop with the caller's role and the member's role, in one round trip. */
async function readChange(deps: Deps, actor: Actor, shopId: string, userId: string) {
  const [shop, member] = await batch(deps.db, [
    shopForCaller(shopId, actor),
    memberOf(shopId, userId),
  ] as const);
  const found = assertAccess(shop[0], actor);
  return { shop: found, current: member[0]?.role };
}

export async function changeRole(
  deps: Deps,
  actor: Actor,
  shopId: string,
  userId: string,
  role: ShopRole,
): Promise<MemberDto> {
  const { db, meta } = deps;
  if (userId === actor.id) throw new ApiError("forbidden", "Nobody changes their own role.");
  const { shop, current } = await readChange(deps, actor, shopId, userId);
  if (!actor.admin && !outranks(shop.callerRole ?? "barista", role)) {
    throw new ApiError("forbidden", "You may only manage roles strictly below your own.");
  }
  if (!current) throw notAMember();
  if (!actor.admin && !outranks(shop.callerRole ?? "barista", current)) {
    throw new ApiError("forbidden", "You may only manage roles strictly below your own.");
  }
  const now = new Date();
  const at = now.toISOString();
  const demotion = rank(role) < rank(current);
  const claim = newClaim();
  const changed = userClaimed(userId, claim);
  const [claimed, updated, , people, , , ownersMail] = await batch(db, [
    raw<{ id: string }>(sql`
      UPDATE ${users} SET claim = ${claim}${demotion ? sql`, token_version = token_version + 1, updated_at = ${at}` : sql``}
      WHERE id = ${userId}
        AND EXISTS (SELECT 1 FROM ${memberships} AS target WHERE target.shop_id = ${shopId}
          AND target.user_id = ${userId} AND target.role = ${current})
        AND ${actorMay(shopId, actor, "staff.invite", actor.admin ? undefined : (shop.callerRole ?? undefined))}
      RETURNING id`),
    raw<MemberRow>(sql`
      UPDATE ${memberships} SET role = ${role}, updated_at = ${at}, claim = ${claim}
      WHERE shop_id = ${shopId} AND user_id = ${userId} AND ${changed}
      RETURNING user_id AS userId, role, created_at AS createdAt`),
    auditWhere(
      meta,
      {
        type: "member.role",
        actorId: actor.id,
        targetId: userId,
        data: { shop_id: shopId, from: current, to: role },
      },
      changed,
      now,
    ),
    raw<{ email: string; name: string | null; surname: string | null }>(sql`
      SELECT email, name, surname FROM ${users} WHERE id = ${userId}`),
    // Last: a demotion below the key-making roles takes the keys the member made here.
    ...revokeOrphanedKeys(deps, userId, changed, now, actor.id),
    recordEvent(deps, {
      type: "membership.updated",
      data: { shop_id: shopId, user_id: userId, role, previous_role: current },
      guard: changed,
      now,
    }),
  ] as const);
  const row = updated[0];
  const person = people[0];
  if (claimed.length === 0 || !row || !person) throw changedMeanwhile();
  handOverLater(deps, ownersMail);
  return {
    user_id: userId,
    email: person.email,
    name: person.name,
    surname: person.surname,
    role: row.role,
    created_at: row.createdAt,
  };
}

/**
 * Removes a member: by the rank rule, by an admin, or the member themself. The last owner stays
 * unless an admin removes them.
 */
export async function removeMember(
  deps: Deps,
  actor: Actor,
  shopId: string,
  userId: string,
): Promise<void> {
  const { db, meta } = deps;
  const self = userId === actor.id;
  const { shop, current } = await readChange(deps, actor, shopId, userId);
  if (!current) throw notAMember();
  if (!self && !actor.admin && !outranks(shop.callerRole ?? "barista", current)) {
    throw new ApiError("forbidden", "You may only remove members strictly below your own role.");
  }
  // Only an owner may remove themself as owner, and only while another owner stays — decided in
  // the write itself, so two owners leaving at once cannot both go.
  const keepsOwner = current === "owner" && !actor.admin;
  const now = new Date();
  const claim = newClaim();
  const removed = userClaimed(userId, claim);
  const actorStill = self
    ? sql`1 = 1`
    : actorMay(
        shopId,
        actor,
        "staff.remove",
        actor.admin ? undefined : (shop.callerRole ?? undefined),
      );
  const [claimed, , , owners, , , ownersMail] = await batch(db, [
    raw<{ id: string }>(sql`
      UPDATE ${users} SET claim = ${claim}, token_version = token_version + 1,
        updated_at = ${now.toISOString()}
      WHERE id = ${userId}
        AND EXISTS (SELECT 1 FROM ${memberships} AS target WHERE target.shop_id = ${shopId}
          AND target.user_id = ${userId} AND target.role = ${current})
        AND ${actorStill}
        ${keepsOwner ? sql`AND ${anotherOwner(shopId, userId)}` : sql``}
      RETURNING id`),
    raw(sql`DELETE FROM ${memberships} WHERE shop_id = ${shopId} AND user_id = ${userId}
      AND ${removed}`),
    auditWhere(
      meta,
      {
        type: "member.remove",
        actorId: actor.id,
        targetId: userId,
        data: { shop_id: shopId, role: current, left: self },
      },
      removed,
      now,
    ),
    raw<{ n: number }>(sql`SELECT COUNT(*) AS n FROM ${memberships}
      WHERE shop_id = ${shopId} AND role = 'owner' AND user_id <> ${userId}`),
    // Last: the keys the member made here die with the membership.
    ...revokeOrphanedKeys(deps, userId, removed, now, actor.id),
    recordEvent(deps, {
      type: "membership.deleted",
      data: { shop_id: shopId, user_id: userId, role: current, left: self },
      guard: removed,
      now,
    }),
  ] as const);
  if (claimed.length > 0) {
    handOverLater(deps, ownersMail);
    return;
  }
  if (keepsOwner && (owners[0]?.n ?? 0) === 0) throw lastOwner();
  throw changedMeanwhile();
}
