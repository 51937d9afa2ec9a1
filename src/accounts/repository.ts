import { eq, getTableColumns, type SQL, sql } from "drizzle-orm";
import { claimed } from "../db/claim";
import type { Database } from "../db/client";
import { type UserRow, users } from "../db/schema";
import { shopsClaimColumn } from "./shops-claim";

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
  mfaEnabledAt: users.mfaEnabledAt,
  bannedAt: users.bannedAt,
  bannedUntil: users.bannedUntil,
  banReason: users.banReason,
};

/** An account as a sign-in needs it: every column, and its memberships for the token claim. */
export function selectAccount(db: Database, condition: SQL) {
  return db
    .select({ ...getTableColumns(users), shops: shopsClaimColumn(sql`"users"."id"`) })
    .from(users)
    .where(condition) // a read: it changes nothing
    .limit(1);
}

export function selectUserByEmail(db: Database, email: string) {
  return selectAccount(db, eq(users.email, email));
}

/**
 * A guarded write's claim on one account (db/claim.ts): the statement that changes the account
 * and re-checks the decision stamps `claim` on it; the rest of the batch runs `WHERE
 * userClaimed(…)`, which no other statement of the batch can change.
 */
export function userClaimed(userId: string, claim: string): SQL {
  return claimed(users, users.id, userId, users.claim, claim);
}

/** The account columns of a raw statement's row (`AS` aliases, see `userColumns`). */
export type UserColumns = {
  [K in keyof typeof AUTH_USER_COLUMNS]: K extends "id" ? never : UserRow[K];
} & { userId: string; shops: string | null };

/**
 * The account columns of table alias `alias`, each with its own `AS` alias, for raw statements
 * that join users with tables sharing column names (id, created_at …). D1 batch results are
 * objects keyed by column name, so a shared name would be read back as one column.
 */
export function userColumns(alias: string): SQL {
  const a = sql.raw(alias);
  return sql`${a}.id AS userId, ${a}.email AS email, ${a}.name AS name, ${a}.surname AS surname,
    ${a}.role AS role, ${a}.status AS status, ${a}.token_version AS tokenVersion,
    ${a}.created_at AS createdAt, ${a}.updated_at AS updatedAt, ${a}.verified_at AS verifiedAt,
    ${a}.mfa_enabled_at AS mfaEnabledAt, ${a}.banned_at AS bannedAt,
    ${a}.banned_until AS bannedUntil, ${a}.ban_reason AS banReason,
    ${shopsClaimColumn(sql`${a}.id`)} AS shops`;
}

export function userFromColumns(row: UserColumns): AuthUserRow & { shops: string | null } {
  return {
    shops: row.shops,
    id: row.userId,
    email: row.email,
    name: row.name,
    surname: row.surname,
    role: row.role,
    status: row.status,
    tokenVersion: row.tokenVersion,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    verifiedAt: row.verifiedAt,
    mfaEnabledAt: row.mfaEnabledAt,
    bannedAt: row.bannedAt,
    bannedUntil: row.bannedUntil,
    banReason: row.banReason,
  };
}

/** A user row without the password hash or any MFA secret. */
export type AuthUserRow = Pick<UserRow, keyof typeof AUTH_USER_COLUMNS>;
