import { and, eq, sql } from "drizzle-orm";
import { toUserDto, type UserDto } from "../accounts/dto";
import { selectAccount, userClaimed } from "../accounts/repository";
import { revokeOrphanedKeys } from "../api-keys/orphans";
import { auditWhere } from "../audit/events";
import { hashPassword } from "../crypto/password";
import { ALWAYS, newClaim, subject } from "../db/claim";
import { batch } from "../db/client";
import { users } from "../db/schema";
import type { Deps } from "../deps";
import { recordEvent, recordUserEvent } from "../events/outbox";
import { ApiError } from "../lib/errors";
import type { AuthSession, AuthUser } from "../lib/types";
import { handOverLater, recordNotice } from "../mail/outbox";
import { clearAttempts } from "../security/backoff";
import { notTheLastActiveAdmin } from "../security/last-admin";
import { assertPasswordAllowed, checkCurrentPassword } from "../security/passwords";
import { proveStepUp } from "../security/step-up";
import { endEverySession } from "../sessions/revocation";
import { type SignedIn, signedIn, startSession } from "../sessions/store";

/** Only the profile fields; role, status and email are not the caller's to change. */
export async function updateMe(
  deps: Deps,
  user: AuthUser,
  patch: { name?: string | null; surname?: string | null },
): Promise<UserDto> {
  const changes: { name?: string | null; surname?: string | null; updatedAt?: string } = {};
  if (patch.name !== undefined) changes.name = patch.name;
  if (patch.surname !== undefined) changes.surname = patch.surname;
  if (Object.keys(changes).length === 0) return toUserDto(user);
  const now = new Date();
  changes.updatedAt = now.toISOString();
  const claim = newClaim();
  const [rows] = await batch(deps.db, [
    deps.db
      .update(users)
      .set({ ...changes, claim })
      .where(eq(users.id, user.id))
      .returning(),
    recordUserEvent(deps, "user.updated", user.id, userClaimed(user.id, claim), now, {
      changes: Object.keys(changes).filter((field) => field !== "updatedAt"),
    }),
  ] as const);
  const updated = rows[0];
  if (!updated) throw new ApiError("invalid_token", "The access token has been revoked.");
  return toUserDto(updated);
}

/**
 * New password after proving the current one (behind the password backoff): every other
 * session and every earlier access token is revoked; the caller gets a fresh pair. The write
 * applies only if the hash is still the one that was checked.
 */
export async function changePassword(
  deps: Deps,
  user: AuthUser,
  session: AuthSession,
  input: { currentPassword: string; newPassword: string },
): Promise<SignedIn> {
  const { db, config, meta } = deps;
  await assertPasswordAllowed(deps, input.newPassword, user.email, "new_password");
  const now = new Date();
  const current = await checkCurrentPassword(db, config, user, input.currentPassword, now);

  const passwordHash = await hashPassword(input.newPassword, config.passwordPepper);
  // The new hash (fresh salt) is on the row only if this request's update won.
  const changed = sql`EXISTS (SELECT 1 FROM ${users} AS account WHERE account.id = ${user.id}
    AND account.password_hash = ${passwordHash})`;
  // The caller goes on in a new session, authenticated as their current one was.
  const next = await startSession(
    config,
    meta,
    {
      userId: user.id,
      amr: session.amr,
      transport: session.transport,
      expiresAt: session.expiresAt,
    },
    changed,
    now,
  );
  const [updated, , , , , , account, , notice] = await batch(db, [
    db
      .update(users)
      .set({ passwordHash, updatedAt: now.toISOString() })
      .where(and(eq(users.id, user.id), eq(users.passwordHash, current.passwordHash)))
      .returning({ id: users.id }),
    ...endEverySession(db, user.id, changed, now),
    ...next.statements,
    clearAttempts(db, user.email),
    selectAccount(db, eq(users.id, user.id)),
    auditWhere(
      meta,
      { type: "password.change", actorId: user.id, targetId: user.id },
      changed,
      now,
    ),
    recordNotice({ kind: "password_changed", userId: user.id, guard: changed, now }),
    recordEvent(deps, {
      type: "sessions.revoked",
      data: { user_id: user.id, reason: "password_change", kept_session_id: next.id },
      guard: changed,
      now,
    }),
  ] as const);
  handOverLater(deps, notice);
  const row = account[0];
  if (updated.length === 0 || !row) {
    throw new ApiError("invalid_credentials", "The password is wrong.");
  }
  return signedIn(config, row, next, next.refresh, now);
}

/**
 * Deletes the caller's account, codes and tokens (cascade) after checking the password. The
 * last admin cannot delete themselves: the condition is part of the DELETE, so it holds under
 * concurrency; the audit event is written just before it, under the same condition.
 */
export async function deleteMe(
  deps: Deps,
  user: AuthUser,
  session: AuthSession,
  password: string | undefined,
): Promise<void> {
  const { db, config, meta } = deps;
  const now = new Date();
  // The password — or, for an account without one, a sign-in of the last five minutes.
  const checked = await proveStepUp(db, config, user, session, { password }, now);
  const deletable = and(
    eq(users.id, user.id),
    eq(users.passwordHash, checked.passwordHash),
    notTheLastActiveAdmin,
  );
  // Order matters: the audit event reads the row the DELETE removes, so it comes first, under the
  // DELETE's own condition (a deleted row can carry no claim).
  const [, , deleted, remaining, , , , ownersMail] = await batch(db, [
    // Nothing personal: the id is all a subscriber needs to erase its copy.
    recordEvent(deps, {
      type: "user.deleted",
      data: { id: user.id },
      guard: sql`EXISTS (SELECT 1 FROM ${users} WHERE ${deletable})`,
      now,
    }),
    auditWhere(
      meta,
      {
        type: "account.delete",
        actorId: user.id,
        targetId: user.id,
        data: { email_domain: user.email.split("@")[1] ?? null },
      },
      sql`EXISTS (SELECT 1 FROM ${users} WHERE ${deletable})`,
      now,
    ),
    db
      .delete(users)
      .where(
        subject(
          users.id,
          user.id,
          eq(users.passwordHash, checked.passwordHash),
          notTheLastActiveAdmin,
        ),
      )
      .returning({ id: users.id }),
    db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, user.id)),
    clearAttempts(db, user.email),
    // Last: the keys they made (a no-op when the DELETE was refused).
    ...revokeOrphanedKeys(deps, user.id, ALWAYS, now, user.id),
  ] as const);
  if (deleted.length > 0) handOverLater(deps, ownersMail);
  if (deleted.length === 0) {
    // The password changed in between (or the account is gone): the check no longer holds.
    if (remaining[0]?.passwordHash !== checked.passwordHash) {
      throw new ApiError("invalid_credentials", "The password is wrong.");
    }
    throw new ApiError(
      "last_admin",
      "The last admin cannot delete their account; promote another admin first.",
    );
  }
}
