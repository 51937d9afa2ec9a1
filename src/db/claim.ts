import { type SQL, sql } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";

/**
 * Claims: how one D1 batch stays correct without interactive transactions.
 *
 * A request that wants to act on a decision ("this code is still good", "this mail slot is
 * free", "this refresh token is unspent") does not read, decide and then write. It writes
 * first — one conditional statement that re-checks the decision in its WHERE and stamps a fresh
 * claim id on the row it changed. Every later statement of the same batch runs only
 * `WHERE claimed(…)`: if the conditional write lost a race, it matched nothing, the claim id is
 * on no row, and the rest of the batch does nothing. D1 runs a batch as one transaction, so no
 * other request can write between the claim and the statements that depend on it.
 */
export function newClaim(): string {
  return crypto.randomUUID();
}

/** `EXISTS (SELECT 1 FROM table WHERE key = value AND claim = claimId)`. */
export function claimed(
  table: SQLiteTable,
  key: SQLiteColumn,
  value: string | SQL,
  claimColumn: SQLiteColumn,
  claimId: string,
): SQL {
  return sql`EXISTS (SELECT 1 FROM ${table} WHERE ${key} = ${value} AND ${claimColumn} = ${claimId})`;
}

/** The condition of a statement that depends on nothing earlier in its batch. */
export const ALWAYS: SQL = sql`1 = 1`;
