import { eq, type SQL, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { type UserRow, users } from "../db/schema";

/** Queries on `users` that several features share. */

/** Every column but the password hash: what a signed-in request carries (`AuthUser`). */
export const AUTH_USER_COLUMNS = {
  id: users.id,
  email: users.email,
  name: users.name,
  surname: users.surname,
  role: users.role,
  status: users.status,
  tokenVersion: users.tokenVersion,
  createdAt: users.createdAt,
  updatedAt: users.updatedAt,
  verifiedAt: users.verifiedAt,
};

export function selectUserByEmail(db: Database, email: string) {
  return db.select().from(users).where(eq(users.email, email)).limit(1);
}

export function selectUserById(db: Database, id: string) {
  return db.select().from(users).where(eq(users.id, id)).limit(1);
}

export function findUserByEmail(db: Database, email: string): Promise<UserRow | undefined> {
  return db.select().from(users).where(eq(users.email, email)).get();
}

/**
 * A guard for a write that acts on a password check: the account still has the hash that was
 * checked and the token version that was read (a password change, reset, logout-all or role
 * change in between makes the write match nothing).
 */
export function accountUnchanged(user: Pick<UserRow, "id" | "passwordHash" | "tokenVersion">): SQL {
  return sql`EXISTS (SELECT 1 FROM ${users} WHERE ${users.id} = ${user.id}
    AND ${users.passwordHash} = ${user.passwordHash} AND ${users.tokenVersion} = ${user.tokenVersion})`;
}
