import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { batch, raw } from "../db/client";
import {
  apiKeys,
  auditEvents,
  identities,
  invitations,
  memberships,
  oauthConsents,
  passkeys,
  recoveryCodes,
  sessions,
  shops,
  users,
} from "../db/schema";
import type { Deps } from "../deps";
import { ApiError, rateLimitedUntil } from "../lib/errors";
import type { AuthUser } from "../lib/types";

/**
 * GET /v1/users/me/export (docs/export.md): everything the service holds about the caller, as
 * one JSON document — never a secret, hash, digest, token, code or key. One an hour per account:
 * the slot is taken by one conditional UPDATE, so two exports at once make one document.
 */

export const EXPORT_INTERVAL_SECONDS = 3600;

export async function exportMe(deps: Deps, user: AuthUser) {
  const { db } = deps;
  const now = new Date();
  const at = now.toISOString();
  const previous = new Date(now.getTime() - EXPORT_INTERVAL_SECONDS * 1000).toISOString();
  const [taken, current] = await batch(db, [
    raw<{ id: string }>(sql`
      UPDATE ${users} SET exported_at = ${at}
      WHERE id = ${user.id} AND (exported_at IS NULL OR exported_at <= ${previous})
      RETURNING id`),
    db.select({ exportedAt: users.exportedAt }).from(users).where(eq(users.id, user.id)),
  ] as const);
  if (taken.length === 0) {
    const last = current[0]?.exportedAt;
    throw rateLimitedUntil(
      "One export an hour; the last one is recent.",
      last ? new Date(Date.parse(last) + EXPORT_INTERVAL_SECONDS * 1000).toISOString() : null,
      now,
      EXPORT_INTERVAL_SECONDS,
    );
  }
  const id = user.id;
  const [
    profile,
    codesLeft,
    sessionRows,
    passkeyRows,
    identityRows,
    membershipRows,
    invitationRows,
    keyRows,
    about,
    by,
    consentRows,
  ] = await batch(db, [
    db
      .select({
        id: users.id,
        email: users.email,
        name: users.name,
        surname: users.surname,
        role: users.role,
        status: users.status,
        created_at: users.createdAt,
        updated_at: users.updatedAt,
        verified_at: users.verifiedAt,
        has_password: sql<number>`${users.passwordHash} <> ''`,
        totp_enabled_at: users.mfaEnabledAt,
        totp: sql<number>`${users.totpSecret} IS NOT NULL`,
        sms_phone: users.smsPhone,
        banned_at: users.bannedAt,
        banned_until: users.bannedUntil,
        ban_reason: users.banReason,
      })
      .from(users)
      .where(eq(users.id, id)),
    db
      .select({ n: sql<number>`COUNT(*)` })
      .from(recoveryCodes)
      .where(and(eq(recoveryCodes.userId, id), isNull(recoveryCodes.usedAt))),
    db
      .select({
        id: sessions.id,
        created_at: sessions.createdAt,
        last_used_at: sessions.lastUsedAt,
        expires_at: sessions.expiresAt,
        ended_at: sessions.revokedAt,
        ip: sessions.ip,
        user_agent: sessions.userAgent,
        country: sessions.country,
        amr: sessions.amr,
        client_id: sessions.clientId,
        scope: sessions.scope,
      })
      .from(sessions)
      .where(eq(sessions.userId, id))
      .orderBy(desc(sessions.createdAt)),
    db
      .select({
        id: passkeys.id,
        name: passkeys.name,
        created_at: passkeys.createdAt,
        last_used_at: passkeys.lastUsedAt,
        device_type: passkeys.deviceType,
        backed_up: passkeys.backedUp,
        transports: passkeys.transports,
        aaguid: passkeys.aaguid,
      })
      .from(passkeys)
      .where(eq(passkeys.userId, id)),
    db
      .select({
        provider: identities.provider,
        subject: identities.subject,
        email: identities.email,
        created_at: identities.createdAt,
      })
      .from(identities)
      .where(eq(identities.userId, id)),
    db
      .select({
        shop_id: shops.id,
        shop_slug: shops.slug,
        shop_name: shops.name,
        role: memberships.role,
        since: memberships.createdAt,
      })
      .from(memberships)
      .innerJoin(shops, eq(shops.id, memberships.shopId))
      .where(eq(memberships.userId, id)),
    // Invitations to the address (kept 7 days): a small table, read through.
    db
      .select({
        shop_id: shops.id,
        shop_name: shops.name,
        role: invitations.role,
        sent_at: invitations.sentAt,
        expires_at: invitations.expiresAt,
        accepted_at: invitations.acceptedAt,
        revoked_at: invitations.revokedAt,
      })
      .from(invitations)
      .innerJoin(shops, eq(shops.id, invitations.shopId))
      .where(eq(invitations.email, user.email)),
    db
      .select({
        id: apiKeys.id,
        shop_id: apiKeys.shopId,
        name: apiKeys.name,
        scopes: apiKeys.scopes,
        created_at: apiKeys.createdAt,
        revoked_at: apiKeys.revokedAt,
      })
      .from(apiKeys)
      .where(eq(apiKeys.createdBy, id)),
    // The audit trail about them (target_id), then what they did to others (actor_id, with the
    // partial index's own condition).
    raw<AuditRow>(sql`
      SELECT id, type, actor_id AS actorId, target_id AS targetId, ip, created_at AS createdAt, data
      FROM ${auditEvents} WHERE target_id = ${id} ORDER BY id`),
    raw<AuditRow>(sql`
      SELECT id, type, actor_id AS actorId, target_id AS targetId, ip, created_at AS createdAt, data
      FROM ${auditEvents}
      WHERE actor_id = ${id} AND actor_id IS NOT NULL AND actor_id IS NOT target_id ORDER BY id`),
    db
      .select({
        client_id: oauthConsents.clientId,
        scope: oauthConsents.scope,
        granted_at: oauthConsents.grantedAt,
      })
      .from(oauthConsents)
      .where(eq(oauthConsents.userId, id)),
  ] as const);
  const account = profile[0];
  if (!account) throw new ApiError("invalid_token", "The access token has been revoked.");
  const {
    has_password,
    totp_enabled_at,
    totp,
    sms_phone,
    banned_at,
    banned_until,
    ban_reason,
    ...fields
  } = account;
  return {
    exported_at: at,
    profile: {
      ...fields,
      has_password: Boolean(has_password),
      mfa: {
        totp_enabled_at,
        authenticator_app: Boolean(totp),
        // A phone number is never answered whole, not even to its owner (docs/sms.md).
        sms_phone_ending: sms_phone ? sms_phone.slice(-2) : null,
        recovery_codes_left: codesLeft[0]?.n ?? 0,
      },
      ban: banned_at ? { banned_at, banned_until, reason: ban_reason } : null,
    },
    sessions: sessionRows,
    passkeys: passkeyRows,
    identities: identityRows,
    memberships: membershipRows.map(({ shop_id, shop_slug, shop_name, ...rest }) => ({
      shop: { id: shop_id, slug: shop_slug, name: shop_name },
      ...rest,
    })),
    invitations: invitationRows.map(({ shop_id, shop_name, ...rest }) => ({
      shop: { id: shop_id, name: shop_name },
      ...rest,
    })),
    api_keys_created: keyRows,
    // What they allowed third-party apps (the OpenID provider's consent page).
    consents: consentRows.map(({ scope, ...rest }) => ({ ...rest, scopes: scope.split(" ") })),
    audit_events: [...about, ...by]
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .map((event) => auditEntry(event, id)),
  };
}

type Party = "you" | "someone else" | "unknown";

interface AuditRow {
  id: string;
  type: string;
  actorId: string | null;
  targetId: string | null;
  ip: string | null;
  createdAt: string;
  data: string | null;
}

/**
 * One audit event as the person sees it: who acted is "you", "an administrator or shop staff"
 * (another person: their id and address are theirs, not the caller's) or "the service"; the
 * address it came from only when it was the caller's own request or an anonymous attempt on
 * their account.
 */
function auditEntry(event: AuditRow, self: string) {
  const by: Party =
    event.actorId === self ? "you" : event.actorId === null ? "unknown" : "someone else";
  const about: Exclude<Party, "unknown"> | null =
    event.targetId === self ? "you" : event.targetId === null ? null : "someone else";
  return {
    type: event.type,
    at: event.createdAt,
    by,
    about,
    ip: by === "someone else" ? null : event.ip,
    data: event.data ? (JSON.parse(event.data) as unknown) : null,
  };
}
