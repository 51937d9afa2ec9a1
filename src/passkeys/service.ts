import { and, eq, sql } from "drizzle-orm";
import { userClaimed } from "../accounts/repository";
import { auditWhere } from "../audit/events";
import { newClaim } from "../db/claim";
import { batch, raw } from "../db/client";
import { passkeys, users } from "../db/schema";
import type { Deps } from "../deps";
import { ApiError } from "../lib/errors";
import type { AuthUser } from "../lib/types";
import { handOverLater, recordNotice } from "../mail/outbox";
import { checkCurrentPassword } from "../security/passwords";
import { toDto } from "./ceremony";

/** A user's passkeys: list, rename, remove (the last strong factor only with the password), and an admin's removal. */

export async function listPasskeys(deps: Deps, userId: string) {
  const rows = await deps.db
    .select()
    .from(passkeys)
    .where(eq(passkeys.userId, userId))
    .orderBy(passkeys.createdAt);
  return { items: rows.map(toDto) };
}

export async function renamePasskey(deps: Deps, userId: string, id: string, name: string) {
  const [row] = await deps.db
    .update(passkeys)
    .set({ name })
    .where(and(eq(passkeys.id, id), eq(passkeys.userId, userId)))
    .returning();
  if (!row) throw new ApiError("not_found", "No passkey of yours has this id.");
  return toDto(row);
}

/**
 * Removes a passkey. The last strong factor — the only passkey of an account without TOTP MFA —
 * goes only with the password (behind the password backoff).
 */
export async function removePasskey(
  deps: Deps,
  user: AuthUser,
  id: string,
  password: string | undefined,
): Promise<void> {
  const { db, config, meta } = deps;
  const now = new Date();
  const mine = await db
    .select({ id: passkeys.id })
    .from(passkeys)
    .where(eq(passkeys.userId, user.id));
  if (!mine.some((p) => p.id === id)) {
    throw new ApiError("not_found", "No passkey of yours has this id.");
  }
  const lastStrongFactor = () =>
    new ApiError("forbidden", "This is your last strong factor: send your password to remove it.");
  let proved = false;
  if (mine.length === 1 && !user.mfaEnabledAt) {
    if (!password) throw lastStrongFactor();
    await checkCurrentPassword(db, config, user, password, now);
    proved = true;
  }
  const claim = newClaim();
  const removed = userClaimed(user.id, claim);
  // Without the password, the write itself re-checks that another strong factor stays (TOTP, or
  // another passkey): two removals of the last two passkeys at once cannot both land.
  const keepsAStrongFactor = proved
    ? sql`1 = 1`
    : sql`(mfa_enabled_at IS NOT NULL OR EXISTS (SELECT 1 FROM ${passkeys} AS other
        WHERE other.user_id = ${user.id} AND other.id <> ${id}))`;
  const [claimedRows, , , notice, left] = await batch(db, [
    // The claim: the account, while the passkey is still its own.
    raw<{ id: string }>(sql`UPDATE ${users} SET claim = ${claim}
      WHERE id = ${user.id} AND EXISTS (SELECT 1 FROM ${passkeys} AS mine
        WHERE mine.id = ${id} AND mine.user_id = ${user.id}) AND ${keepsAStrongFactor}
      RETURNING id`),
    raw(sql`DELETE FROM ${passkeys} WHERE id = ${id} AND user_id = ${user.id} AND ${removed}`),
    auditWhere(
      meta,
      { type: "passkey.remove", actorId: user.id, targetId: user.id, data: { passkey_id: id } },
      removed,
      now,
    ),
    recordNotice({ kind: "passkey_removed", userId: user.id, guard: removed, now }),
    raw<{ id: string }>(sql`SELECT id FROM ${passkeys} WHERE id = ${id} AND user_id = ${user.id}`),
  ] as const);
  if (claimedRows.length === 0) {
    if (left.length > 0) throw lastStrongFactor();
    throw new ApiError("not_found", "No passkey of yours has this id.");
  }
  handOverLater(deps, notice);
}

/**
 * An admin removes one of a user's passkeys (a lost phone, a key that should never have been
 * added): audited as the admin, the user is told. 404 when the passkey is not that user's.
 */
export async function adminRemovePasskey(
  deps: Deps,
  actorId: string,
  userId: string,
  id: string,
): Promise<void> {
  const { db, meta } = deps;
  const now = new Date();
  const claim = newClaim();
  const removed = userClaimed(userId, claim);
  const [claimedRows, , , notice] = await batch(db, [
    raw<{ id: string }>(sql`UPDATE ${users} SET claim = ${claim}
      WHERE id = ${userId} AND EXISTS (SELECT 1 FROM ${passkeys} AS theirs
        WHERE theirs.id = ${id} AND theirs.user_id = ${userId})
      RETURNING id`),
    raw(sql`DELETE FROM ${passkeys} WHERE id = ${id} AND user_id = ${userId} AND ${removed}`),
    auditWhere(
      meta,
      { type: "passkey.remove", actorId, targetId: userId, data: { passkey_id: id, by: "admin" } },
      removed,
      now,
    ),
    recordNotice({ kind: "passkey_removed", userId, guard: removed, now }),
  ] as const);
  if (claimedRows.length === 0) throw new ApiError("not_found", "No passkey with this id.");
  handOverLater(deps, notice);
}
