import { eq, sql } from "drizzle-orm";
import { toUserDto, type UserDto } from "../accounts/dto";
import { userClaimed } from "../accounts/repository";
import { revokeOrphanedKeys } from "../api-keys/orphans";
import { auditWhere } from "../audit/events";
import { newClaim } from "../db/claim";
import { batch, raw } from "../db/client";
import { type UserRow, users } from "../db/schema";
import type { Deps } from "../deps";
import { recordUserEvent } from "../events/outbox";
import { ApiError } from "../lib/errors";
import { handOverLater, recordNotice } from "../mail/outbox";
import { notTheLastActiveAdmin } from "../security/last-admin";
import { endSessions } from "../sessions/revocation";

/**
 * Bans (admins): every session of the user ends at once and every access token dies (the token
 * version moves); until the ban ends a correct credential answers 403 `account_banned`
 * (security/bans.ts). Admins cannot ban themselves or the last active admin. One batch led by the
 * claim on the account; audited; the user is told (not why: the reason is for the admins).
 */
export async function ban(
  deps: Deps,
  actorId: string,
  userId: string,
  input: { reason: string; until?: string },
): Promise<UserDto> {
  const { db, meta } = deps;
  if (userId === actorId) throw new ApiError("forbidden", "Admins cannot ban themselves.");
  const now = new Date();
  if (input.until && input.until <= now.toISOString()) {
    throw new ApiError("validation_failed", "The ban must end in the future.", {
      errors: [{ path: "until", message: "Must be in the future" }],
    });
  }
  const claim = newClaim();
  const banned = userClaimed(userId, claim);
  const at = now.toISOString();
  const [claimedRows, , , notice, current, , , ownersMail] = await batch(db, [
    raw<UserRow>(sql`
      UPDATE ${users} SET banned_at = ${at}, banned_until = ${input.until ?? null},
        ban_reason = ${input.reason}, token_version = token_version + 1, updated_at = ${at},
        claim = ${claim}
      WHERE id = ${userId} AND ${notTheLastActiveAdmin}
      RETURNING id`),
    endSessions(db, userId, now, { guard: banned }),
    auditWhere(
      meta,
      {
        type: "admin.ban",
        actorId,
        targetId: userId,
        data: { until: input.until ?? null, reason: input.reason },
      },
      banned,
      now,
    ),
    recordNotice({
      kind: "account_banned",
      userId,
      guard: banned,
      now,
      extra: input.until ? { until: input.until } : {},
    }),
    db.select().from(users).where(eq(users.id, userId)),
    // Last: the keys they made die with the ban (api-keys/orphans.ts).
    ...revokeOrphanedKeys(deps, userId, banned, now, actorId),
    // The reason is the admin's own words: it stays in the audit trail, out of the event.
    recordUserEvent(deps, "user.banned", userId, banned, now, {
      banned_until: input.until ?? null,
    }),
  ] as const);
  const row = current[0];
  if (!row) throw new ApiError("not_found", "No user with this id.");
  if (claimedRows.length === 0) {
    throw new ApiError("last_admin", "This is the last active admin; promote another admin first.");
  }
  handOverLater(deps, [...notice, ...ownersMail]);
  return toUserDto(row, now);
}

/** Lifts a ban (idempotent): the user may sign in again — their old sessions stay ended. */
export async function unban(deps: Deps, actorId: string, userId: string): Promise<void> {
  const { db, meta } = deps;
  const now = new Date();
  const claim = newClaim();
  const lifted = userClaimed(userId, claim);
  const [, , notice, exists] = await batch(db, [
    raw(sql`
      UPDATE ${users} SET banned_at = NULL, banned_until = NULL, ban_reason = NULL,
        updated_at = ${now.toISOString()}, claim = ${claim}
      WHERE id = ${userId} AND banned_at IS NOT NULL`),
    auditWhere(meta, { type: "admin.unban", actorId, targetId: userId }, lifted, now),
    recordNotice({ kind: "account_unbanned", userId, guard: lifted, now }),
    db.select({ id: users.id }).from(users).where(eq(users.id, userId)),
    recordUserEvent(deps, "user.unbanned", userId, lifted, now),
  ] as const);
  if (exists.length === 0) throw new ApiError("not_found", "No user with this id.");
  handOverLater(deps, notice);
}
