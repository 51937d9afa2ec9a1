import { type SQL, sql } from "drizzle-orm";
import { rolesWith } from "../accounts/permissions";
import { eventId } from "../audit/events";
import { raw } from "../db/client";
import { apiKeys, auditEvents, mailOutbox, memberships, shops, users } from "../db/schema";
import type { Deps } from "../deps";
import { recordEvent } from "../events/outbox";

/**
 * A till key dies with its maker's power. When the member who made it leaves its shop, is
 * removed, is demoted below the roles that may make keys, is banned or deleted — or an admin
 * maker loses the admin role — the batch that makes that change also revokes every live key the
 * maker can no longer make, records one audit event listing them, and mails the shop's owners
 * which keys stopped. One rule, one home: the callers only say *whose* keys, under which claim.
 *
 * The statements read the state the earlier statements of the same batch left behind (the
 * membership already gone, the role already lowered): they go **last** in their batch, after the
 * change, and their own WHERE names the maker (`created_by = ?`) and the change's claim.
 */

/** SQL: the maker of the `api_keys` row may still make keys in its shop. */
function makerStillMay(now: Date): SQL {
  const keyRoles = rolesWith("keys.manage");
  return sql`EXISTS (SELECT 1 FROM ${users} AS maker
    WHERE maker.id = ${apiKeys}.created_by AND maker.status = 'verified'
      AND (maker.banned_at IS NULL OR (maker.banned_until IS NOT NULL
        AND maker.banned_until <= ${now.toISOString()}))
      AND (maker.role = 'admin' OR EXISTS (SELECT 1 FROM ${memberships} AS maker_membership
        WHERE maker_membership.shop_id = ${apiKeys}.shop_id
          AND maker_membership.user_id = maker.id AND maker_membership.role IN ${keyRoles})))`;
}

/**
 * The statements that revoke `makerId`'s orphaned keys `WHERE guard` (the change's claim): the
 * revocation, its audit event, the owners' mail. Returns them with the outbox rows' index, for
 * `handOverLater`, and the `api_key.revoked` event.
 */
export function revokeOrphanedKeys(
  deps: Pick<Deps, "meta" | "config" | "events">,
  makerId: string,
  guard: SQL,
  now: Date,
  actorId: string | null = null,
) {
  const { meta } = deps;
  const at = now.toISOString();
  const claim = crypto.randomUUID();
  const revokedNow = sql`EXISTS (SELECT 1 FROM ${apiKeys} AS gone WHERE gone.claim = ${claim})`;
  return [
    raw<{ id: string }>(sql`
      UPDATE ${apiKeys} SET revoked_at = ${at}, claim = ${claim}
      WHERE created_by = ${makerId} AND revoked_at IS NULL AND ${guard}
        AND NOT ${makerStillMay(now)}
      RETURNING id`),
    raw(sql`
      INSERT INTO ${auditEvents} (id, type, actor_id, target_id, request_id, ip, created_at, data)
      SELECT ${eventId(now.getTime())},
        'key.revoke', ${actorId}, ${makerId}, ${meta.requestId}, ${meta.ip}, ${at},
        json_object('reason', 'maker_lost_power', 'keys',
          (SELECT json_group_array(json_object('key_id', gone.id, 'shop_id', gone.shop_id))
            FROM ${apiKeys} AS gone WHERE gone.claim = ${claim}))
      WHERE ${revokedNow}`),
    raw<{ id: string; kind: string; toEmail: string; data: string; secret: string | null }>(sql`
      INSERT INTO ${mailOutbox} (id, kind, to_email, data, secret, created_at)
      SELECT lower(hex(randomblob(16))), 'api_keys_revoked', owner.email,
        json_object('name', owner.name, 'shop_name', shop.name, 'keys',
          (SELECT json_group_array(gone.name) FROM ${apiKeys} AS gone
            WHERE gone.claim = ${claim} AND gone.shop_id = shop.id)),
        NULL, ${at}
      FROM ${memberships} AS owner_membership
        JOIN ${users} AS owner ON owner.id = owner_membership.user_id
        JOIN ${shops} AS shop ON shop.id = owner_membership.shop_id
      WHERE owner_membership.role = 'owner' AND owner_membership.shop_id IN
        (SELECT gone.shop_id FROM ${apiKeys} AS gone WHERE gone.claim = ${claim})
      RETURNING id, kind, to_email AS toEmail, data, secret`),
    recordEvent(deps, {
      type: "api_key.revoked",
      data: sql`json_object('reason', 'maker_lost_power', 'keys',
        (SELECT json_group_array(json_object('id', gone.id, 'shop_id', gone.shop_id))
          FROM ${apiKeys} AS gone WHERE gone.claim = ${claim}))`,
      guard: revokedNow,
      now,
    }),
  ] as const;
}
