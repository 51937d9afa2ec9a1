import { and, eq } from "drizzle-orm";
import { notTheLastActiveAdmin } from "../admin/last-admin";
import { auditInsert } from "../audit/service";
import { assertPasswordAllowed, type Session } from "../auth/service";
import { endAllSessions, newRefreshToken, tokenPair } from "../auth/session";
import { hashPassword, verifyPassword } from "../crypto/password";
import { type UserRow, users } from "../db/schema";
import type { Deps } from "../lib/deps";
import { ApiError } from "../lib/errors";
import { toUserDto, type UserDto } from "./dto";

/** Only the profile fields; role, status and email are not the caller's to change. */
export async function updateMe(
  deps: Deps,
  user: UserRow,
  patch: { name?: string | null; surname?: string | null },
): Promise<UserDto> {
  const changes: Partial<Pick<UserRow, "name" | "surname" | "updatedAt">> = {};
  if (patch.name !== undefined) changes.name = patch.name;
  if (patch.surname !== undefined) changes.surname = patch.surname;
  if (Object.keys(changes).length === 0) return toUserDto(user);
  changes.updatedAt = new Date().toISOString();
  const updated = await deps.db
    .update(users)
    .set(changes)
    .where(eq(users.id, user.id))
    .returning()
    .get();
  if (!updated) throw new ApiError("invalid_token", "The access token has been revoked.");
  return toUserDto(updated);
}

async function assertPassword(deps: Deps, user: UserRow, password: string): Promise<void> {
  const check = await verifyPassword(password, user.passwordHash, deps.config.passwordPepper);
  if (!check.ok) throw new ApiError("invalid_credentials", "The password is wrong.");
}

/**
 * New password after proving the current one: every other session and every earlier access
 * token is revoked; the caller gets a fresh pair.
 */
export async function changePassword(
  deps: Deps,
  user: UserRow,
  input: { currentPassword: string; newPassword: string },
): Promise<Session> {
  const { db, config, meta } = deps;
  await assertPassword(deps, user, input.currentPassword);
  assertPasswordAllowed(deps, input.newPassword, user.email, "new_password");

  const passwordHash = await hashPassword(input.newPassword, config.passwordPepper);
  const refresh = await newRefreshToken(db, config, user.id);
  await db.batch([
    db.update(users).set({ passwordHash }).where(eq(users.id, user.id)),
    ...endAllSessions(db, user.id),
    refresh.insert,
    auditInsert(db, meta, { type: "password.change", actorId: user.id, targetId: user.id }),
  ]);
  const current = { ...user, passwordHash, tokenVersion: user.tokenVersion + 1 };
  return { ...(await tokenPair(config, current, refresh.token)), user: toUserDto(current) };
}

/**
 * Deletes the caller's account, codes and tokens (cascade) after checking the password. The
 * last admin cannot delete themselves: the condition is part of the DELETE, so it holds under
 * concurrency.
 */
export async function deleteMe(deps: Deps, user: UserRow, password: string): Promise<void> {
  const { db, meta } = deps;
  const userId = user.id;
  await assertPassword(deps, user, password);
  const deleted = await db
    .delete(users)
    .where(and(eq(users.id, userId), notTheLastActiveAdmin))
    .returning({ id: users.id });
  if (deleted.length === 0) {
    throw new ApiError(
      "last_admin",
      "The last admin cannot delete their account; promote another admin first.",
    );
  }
  await auditInsert(db, meta, {
    type: "account.delete",
    actorId: userId,
    targetId: userId,
    data: { email_domain: user.email.split("@")[1] ?? null },
  });
}
