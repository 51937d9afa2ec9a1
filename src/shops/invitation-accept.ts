import { sql } from "drizzle-orm";
import { auditWhere } from "../audit/events";
import { refreshTokenDigest } from "../crypto/tokens";
import { newClaim } from "../db/claim";
import { batch, raw } from "../db/client";
import { invitations, memberships, shops } from "../db/schema";
import type { Deps } from "../deps";
import { recordEvent } from "../events/outbox";
import type { ShopRole } from "../lib/domain";
import { ApiError } from "../lib/errors";
import type { AuthUser } from "../lib/types";
import { shopActive, shopClosed } from "../security/shop-access";
import { invitationClaimed, pending } from "./invitations";
import { type ShopDto, toShopDto } from "./service";

/** Accepting an invitation: the membership is made in the batch that spends the token. */

interface AcceptState {
  id: string;
  shopId: string;
  email: string;
  role: ShopRole;
  expiresAt: string;
  acceptedAt: string | null;
  revokedAt: string | null;
  shopStatus: string;
  member: number;
}

function invalidInvitation(): ApiError {
  return new ApiError(
    "invalid_code",
    "The invitation is invalid, expired, revoked or already used.",
  );
}

/**
 * The invitee accepts: signed in, verified, with the invited address. The membership is created
 * in the batch that spends the token (the claim), so two accepts make one member.
 */
export async function acceptInvitation(
  deps: Deps,
  user: AuthUser,
  token: string,
): Promise<{ shop: ShopDto; role: ShopRole }> {
  const { db, meta } = deps;
  const now = new Date();
  const at = now.toISOString();
  const digest = await refreshTokenDigest(token);
  const [rows] = await batch(db, [
    raw<AcceptState>(sql`
      SELECT i.id, i.shop_id AS shopId, i.email, i.role, i.expires_at AS expiresAt,
        i.accepted_at AS acceptedAt, i.revoked_at AS revokedAt, s.status AS shopStatus,
        EXISTS (SELECT 1 FROM ${memberships} AS m WHERE m.shop_id = i.shop_id
          AND m.user_id = ${user.id}) AS member
      FROM ${invitations} AS i JOIN ${shops} AS s ON s.id = i.shop_id
      WHERE i.token_digest = ${digest}`),
  ] as const);
  const invitation = rows[0];
  if (!invitation || invitation.acceptedAt || invitation.revokedAt || invitation.expiresAt <= at) {
    throw invalidInvitation();
  }
  if (user.status !== "verified" || user.email !== invitation.email) {
    throw new ApiError(
      "forbidden",
      "Accept the invitation signed in with the verified address it was sent to.",
    );
  }
  if (invitation.shopStatus !== "active") throw shopClosed();
  if (invitation.member) throw new ApiError("conflict", "You are already a member of this shop.");

  const claim = newClaim();
  const accepted = invitationClaimed(invitation.id, claim);
  const [spent, , , , shopRows] = await batch(db, [
    raw<{ id: string }>(sql`
      UPDATE ${invitations} SET accepted_at = ${at}, claim = ${claim}
      WHERE id = ${invitation.id} AND token_digest = ${digest} AND ${pending(now)}
        AND email = ${user.email} AND ${shopActive(invitation.shopId)}
        AND NOT EXISTS (SELECT 1 FROM ${memberships} AS m WHERE m.shop_id = ${invitation.shopId}
          AND m.user_id = ${user.id})
      RETURNING id`),
    raw(sql`
      INSERT INTO ${memberships} (shop_id, user_id, role, created_at, updated_at, claim)
      SELECT ${invitation.shopId}, ${user.id}, ${invitation.role}, ${at}, ${at}, ${claim}
      WHERE ${accepted}
      ON CONFLICT DO NOTHING`),
    auditWhere(
      meta,
      {
        type: "invitation.accept",
        actorId: user.id,
        targetId: user.id,
        data: { shop_id: invitation.shopId, invitation_id: invitation.id, role: invitation.role },
      },
      accepted,
      now,
    ),
    auditWhere(
      meta,
      {
        type: "member.add",
        actorId: user.id,
        targetId: user.id,
        data: { shop_id: invitation.shopId, role: invitation.role },
      },
      accepted,
      now,
    ),
    raw<ShopDto & { createdAt: string; updatedAt: string }>(sql`
      SELECT id, slug, name, timezone, status, created_at AS createdAt, updated_at AS updatedAt
      FROM ${shops} WHERE id = ${invitation.shopId}`),
    recordEvent(deps, {
      type: "membership.created",
      data: { shop_id: invitation.shopId, user_id: user.id, role: invitation.role },
      guard: accepted,
      now,
    }),
  ] as const);
  const shop = shopRows[0];
  if (spent.length === 0 || !shop) throw invalidInvitation();
  return { shop: toShopDto(shop), role: invitation.role };
}
