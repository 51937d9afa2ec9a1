import { sql } from "drizzle-orm";
import { outranks } from "../accounts/permissions";
import { auditWhere } from "../audit/events";
import { generateRefreshToken, refreshTokenDigest } from "../crypto/tokens";
import { claimed, newClaim } from "../db/claim";
import { batch, raw } from "../db/client";
import { type Page, paginate } from "../db/pagination";
import { invitations, shops } from "../db/schema";
import type { Deps } from "../deps";
import type { ShopRole } from "../lib/domain";
import { ApiError, rateLimitedUntil } from "../lib/errors";
import { isoIn } from "../lib/time";
import { handOverLater, recordMail, sealCode } from "../mail/outbox";
import { enforceRateLimit } from "../security/rate-limits";
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
 * Invitations by mail. The token is opaque (256 bits), mailed once through the outbox (sealed
 * there like a code) and stored only as its SHA-256; it lives 7 days and works once. The answer
 * is the same 202 whether or not the address has an account, and an invitation neither waits for
 * nor claims the address's mail cooldown (the invitee must be able to sign up right after
 * reading it). Re-inviting an address with a pending invitation to the same shop replaces it: a
 * new token and a new mail — by the rank rule for the pending invitation's role as well as the
 * new one. One address gets at most one invitation mail per shop a minute, revocations included
 * (inside the window: 429 with Retry-After), and each inviter has a rate limit of their own.
 */
export const INVITATION_TTL_SECONDS = 7 * 24 * 3600;

/** One invitation mail per address per shop in this window, revoked invitations included. */
export const INVITATION_MAIL_WINDOW_SECONDS = 60;

function mailWindow(lastSent: string, now: Date): ApiError {
  return rateLimitedUntil(
    "This address was sent an invitation to this shop less than a minute ago; retry later.",
    isoIn(new Date(lastSent), INVITATION_MAIL_WINDOW_SECONDS),
    now,
    INVITATION_MAIL_WINDOW_SECONDS,
  );
}

export interface InvitationDto {
  id: string;
  email: string;
  role: ShopRole;
  expires_at: string;
}

interface InvitationRow {
  id: string;
  email: string;
  role: ShopRole;
  expiresAt: string;
  sentAt: string;
  createdAt: string;
}

const INVITATION_RETURNING = sql`id, email, role, expires_at AS expiresAt, sent_at AS sentAt,
  created_at AS createdAt`;

function toDto(row: InvitationRow): InvitationDto {
  return { id: row.id, email: row.email, role: row.role, expires_at: row.expiresAt };
}

export function pending(now: Date) {
  return sql`accepted_at IS NULL AND revoked_at IS NULL AND expires_at > ${now.toISOString()}`;
}

function mayInvite(actor: Actor, callerRole: ShopRole | null, role: ShopRole): boolean {
  return actor.admin || (callerRole !== null && outranks(callerRole, role));
}

function rankRefused(): ApiError {
  return new ApiError("forbidden", "You may only invite to a role strictly below your own.");
}

export function invitationClaimed(id: string, claim: string) {
  return claimed(invitations, invitations.id, id, invitations.claim, claim);
}

export async function invite(
  deps: Deps,
  actor: Actor,
  shopId: string,
  input: { email: string; role: ShopRole },
): Promise<InvitationDto> {
  const { db, meta, env, config } = deps;
  // Per inviter: a stolen manager token cannot mail-bomb the world from our domain.
  await enforceRateLimit(env.INVITE_LIMITER, config, actor.id);
  const now = new Date();
  const at = now.toISOString();
  const quiet = isoIn(now, -INVITATION_MAIL_WINDOW_SECONDS);
  const [shopRows, existingRows, lastSentRows] = await batch(db, [
    shopForCaller(shopId, actor),
    raw<InvitationRow>(sql`SELECT ${INVITATION_RETURNING} FROM ${invitations}
      WHERE shop_id = ${shopId} AND email = ${input.email} AND accepted_at IS NULL
        AND revoked_at IS NULL`),
    raw<{ sentAt: string | null }>(sql`SELECT MAX(sent_at) AS sentAt FROM ${invitations}
      WHERE shop_id = ${shopId} AND email = ${input.email}`),
  ] as const);
  const shop = assertAccess(shopRows[0], actor, "staff.invite");
  if (!mayInvite(actor, shop.callerRole, input.role)) throw rankRefused();
  const existing = existingRows[0];
  // Replacing a pending invitation changes it: the rank rule holds for its role as well.
  if (existing && existing.expiresAt > at && !mayInvite(actor, shop.callerRole, existing.role)) {
    throw new ApiError(
      "forbidden",
      "This address has a pending invitation to a role at or above your own; only someone above it may change it.",
    );
  }
  if (shop.status !== "active") throw shopClosed();
  const lastSent = lastSentRows[0]?.sentAt ?? null;
  if (lastSent && lastSent > quiet) throw mailWindow(lastSent, now);
  const allowed = sql`${actorMay(shopId, actor, "staff.invite", actor.admin ? undefined : (shop.callerRole ?? undefined))}
    AND ${shopActive(shopId)}`;
  // Re-checked in the write: no invitation mail to this address for this shop in the window —
  // a revoked one counts too, so invite → revoke → invite mails once a minute at most.
  const quietAddress = sql`NOT EXISTS (SELECT 1 FROM ${invitations} AS recent
    WHERE recent.shop_id = ${shopId} AND recent.email = ${input.email}
      AND recent.sent_at > ${quiet})`;
  const expiresAt = isoIn(now, INVITATION_TTL_SECONDS);

  const id = crypto.randomUUID();
  const token = generateRefreshToken();
  const claim = newClaim();
  const created = invitationClaimed(id, claim);
  // The claim on the old one (if any): replaced. The new one is written only where it was — or,
  // with none to replace, where none has appeared since (the unique index of pending ones).
  const replace = existing
    ? [
        raw(sql`
          UPDATE ${invitations} SET revoked_at = ${at}, claim = ${claim}
          WHERE id = ${existing.id} AND accepted_at IS NULL AND revoked_at IS NULL
            AND role = ${existing.role} AND ${allowed} AND ${quietAddress}`),
      ]
    : [];
  const results = await batch(db, [
    ...replace,
    raw<InvitationRow>(sql`
      INSERT INTO ${invitations} (id, shop_id, email, role, token_digest, invited_by, created_at,
        sent_at, expires_at, claim)
      SELECT ${id}, ${shopId}, ${input.email}, ${input.role}, ${await refreshTokenDigest(token)},
        ${actor.id}, ${at}, ${at}, ${expiresAt}, ${claim}
      WHERE ${existing ? invitationClaimed(existing.id, claim) : sql`${allowed} AND ${quietAddress}`}
      ON CONFLICT DO NOTHING
      RETURNING ${INVITATION_RETURNING}`),
    auditWhere(
      meta,
      {
        type: "invitation.create",
        actorId: actor.id,
        data: {
          shop_id: shopId,
          invitation_id: id,
          role: input.role,
          email_domain: input.email.split("@")[1] ?? null,
          replaced: existing?.id ?? null,
        },
      },
      created,
      now,
    ),
    recordMail({
      kind: "shop_invitation",
      to: input.email,
      // The slug and the name an admin gave the shop, as D1 has them now: never an inviter's text.
      data: sql`json_object('shop_slug', ${shops.slug}, 'shop_name', ${shops.adminName},
        'role', ${input.role}, 'expires_at', ${expiresAt}${
          deps.config.publicUrl
            ? sql`, 'invitation_page', ${`${deps.config.publicUrl}/invitations`}`
            : sql``
        })`,
      from: sql`FROM ${shops} WHERE ${shops.id} = ${shopId}`,
      secret: await sealCode(deps.config, token),
      guard: created,
      now,
    }),
    // Why not, if not: the caller's right (or the shop's opening) gone, or a race on the address.
    raw<{ allowed: number; lastSent: string | null }>(sql`SELECT ${allowed} AS allowed,
      (SELECT MAX(sent.sent_at) FROM ${invitations} AS sent
        WHERE sent.shop_id = ${shopId} AND sent.email = ${input.email}) AS lastSent`),
  ]);
  const [inserted, , mail, why] = results.slice(replace.length) as [
    InvitationRow[],
    unknown,
    Parameters<typeof handOverLater>[1],
    { allowed: number; lastSent: string | null }[],
  ];
  const row = inserted[0];
  if (!row && !why[0]?.allowed) {
    throw new ApiError("forbidden", "Your role in this shop changed: you may no longer invite.");
  }
  const sentMeanwhile = why[0]?.lastSent;
  if (!row && sentMeanwhile && sentMeanwhile > quiet) throw mailWindow(sentMeanwhile, now);
  if (!row) throw new ApiError("conflict", "The invitation changed meanwhile; retry.");
  handOverLater(deps, mail);
  return toDto(row);
}

/** Pending invitations of a shop, newest first (manager+ and admins). */
export async function listInvitations(
  deps: Deps,
  actor: Actor,
  shopId: string,
  query: { limit: number; cursor?: string },
  /** Told the shop the access check read (the console names it in its heading). */
  onShop?: (shop: ShopWithRole) => void,
): Promise<Page<InvitationDto & { created_at: string }>> {
  const { db } = deps;
  const [shop] = await batch(db, [shopForCaller(shopId, actor)] as const);
  // Asked whether or not someone listens: the access check is the point.
  const found = assertAccess(shop[0], actor, "staff.read");
  onShop?.(found);
  const now = new Date();
  return paginate({
    secret: deps.config.codeHmacSecret,
    cursor: query.cursor,
    limit: query.limit,
    scope: { list: "invitations", shop: shopId },
    fetch: async (after, take) => {
      const [rows] = await batch(db, [
        raw<InvitationRow>(sql`
          SELECT ${INVITATION_RETURNING} FROM ${invitations}
          WHERE shop_id = ${shopId} AND ${pending(now)}
            ${after ? sql`AND (created_at, id) < (${after[0]}, ${after[1]})` : sql``}
          ORDER BY created_at DESC, id DESC
          LIMIT ${take}`),
      ] as const);
      return rows;
    },
    keyOf: (row) => [row.createdAt, row.id],
    toItem: (row) => ({ ...toDto(row), created_at: row.createdAt }),
  });
}

/** Revokes a pending invitation (by the rank rule, or an admin): its token is dead. */
export async function revokeInvitation(
  deps: Deps,
  actor: Actor,
  shopId: string,
  invitationId: string,
): Promise<void> {
  const { db, meta } = deps;
  const now = new Date();
  const [shopRows, found] = await batch(db, [
    shopForCaller(shopId, actor),
    raw<InvitationRow>(sql`SELECT ${INVITATION_RETURNING} FROM ${invitations}
      WHERE id = ${invitationId} AND shop_id = ${shopId} AND ${pending(now)}`),
  ] as const);
  const shop = assertAccess(shopRows[0], actor, "staff.invite");
  const invitation = found[0];
  if (!invitation) throw new ApiError("not_found", "No pending invitation with this id.");
  if (!mayInvite(actor, shop.callerRole, invitation.role)) throw rankRefused();
  const claim = newClaim();
  const [revoked] = await batch(db, [
    raw<{ id: string }>(sql`
      UPDATE ${invitations} SET revoked_at = ${now.toISOString()}, claim = ${claim}
      WHERE id = ${invitationId} AND shop_id = ${shopId} AND ${pending(now)}
        AND role = ${invitation.role} AND ${actorMay(shopId, actor, "staff.invite", actor.admin ? undefined : (shop.callerRole ?? undefined))}
      RETURNING id`),
    auditWhere(
      meta,
      {
        type: "invitation.revoke",
        actorId: actor.id,
        data: { shop_id: shopId, invitation_id: invitationId },
      },
      invitationClaimed(invitationId, claim),
      now,
    ),
  ] as const);
  if (revoked.length === 0) throw new ApiError("not_found", "No pending invitation with this id.");
}
