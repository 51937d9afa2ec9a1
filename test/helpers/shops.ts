import { env } from "cloudflare:test";
import { expect } from "vitest";
import {
  call,
  expireMailCooldown,
  json,
  lastMail,
  makeAdmin,
  type Session,
  verifiedUser,
} from "./api";

/** Shops for tests, made through the API the way people do it: an admin, invitations, accepts. */

export interface Shop {
  id: string;
  slug: string;
  name: string;
  timezone: string;
  status: string;
  created_at: string;
}

let adminPromise: ReturnType<typeof makeAdmin> | undefined;
/** One platform admin per test file (storage is per file). */
export function shopAdmin() {
  adminPromise ??= makeAdmin("shop-admin");
  return adminPromise;
}

let slugCounter = 0;
export function uniqueSlug(label = "shop"): string {
  slugCounter += 1;
  return `${label}-${slugCounter}-${crypto.randomUUID().slice(0, 8)}`;
}

export async function createShop(label = "shop", name = "Alfama Roastery"): Promise<Shop> {
  const admin = await shopAdmin();
  const response = await call("POST", "/v1/shops", {
    token: admin.session.access_token,
    body: { slug: uniqueSlug(label), name, timezone: "Europe/Lisbon" },
  });
  expect(response.status).toBe(201);
  return json<Shop>(response);
}

/** The token of the newest invitation mailed to `email`. */
export function invitationToken(email: string): string {
  return lastMail(email, "shop_invitation").code;
}

export async function invite(token: string, shopId: string, email: string, role: string) {
  return call("POST", `/v1/shops/${shopId}/invitations`, { token, body: { email, role } });
}

export async function accept(token: string, invitation: string) {
  return call("POST", "/v1/invitations/accept", { token, body: { token: invitation } });
}

let inviterPromise: ReturnType<typeof makeAdmin> | undefined;
let invitesByInviter = 0;
/**
 * The admin who invites the next helper-made member: each inviter has a rate limit of their own
 * (INVITE_LIMITER, 30 a minute), so a file that makes many members spreads them over admins.
 */
function inviter() {
  if (invitesByInviter >= 20) {
    inviterPromise = makeAdmin("inviter");
    invitesByInviter = 0;
  }
  invitesByInviter += 1;
  return inviterPromise ?? shopAdmin();
}

/** A fresh verified user who holds `role` in the shop (invited by an admin, accepted). */
export async function member(shop: Shop, role: string, label = role) {
  const admin = await inviter();
  const user = await verifiedUser(label);
  const invited = await invite(admin.session.access_token, shop.id, user.email, role);
  expect(invited.status).toBe(202);
  const accepted = await accept(user.session.access_token, invitationToken(user.email));
  expect(accepted.status).toBe(200);
  // A refresh puts the membership into the access token's `shops` claim.
  const refreshed = await call("POST", "/v1/auth/refresh", {
    body: { refresh_token: user.session.refresh_token },
  });
  expect(refreshed.status).toBe(200);
  const session = await json<Session>(refreshed);
  return { ...user, session, id: user.session.user.id };
}

export async function role(shopId: string, userId: string): Promise<string | null> {
  const row = await env.DB.prepare("SELECT role FROM memberships WHERE shop_id = ? AND user_id = ?")
    .bind(shopId, userId)
    .first<{ role: string }>();
  return row?.role ?? null;
}

export function claimsOf(token: string): Record<string, unknown> {
  const [, payload] = token.split(".");
  return JSON.parse(atob((payload ?? "").replaceAll("-", "+").replaceAll("_", "/")));
}

export { expireMailCooldown };
