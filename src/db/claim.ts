import { and, eq, type SQL, sql } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";

/**
 * Guarded writes: how one D1 batch stays correct without interactive transactions, and touches
 * only its subject.
 *
 * Rule 1 — every UPDATE and DELETE names its subject's key (user id, session id, code id, …) in
 * its own WHERE. A guard is an *extra* condition, never the only one. `EXISTS (SELECT … FROM users
 * WHERE users.id = ?)` inside an UPDATE of `users` is not correlated with the row being updated:
 * inside the subquery `users.id` is the subquery's own row, so the guard is the same truth for
 * every row, and an UPDATE whose only WHERE it is changes every account (this once turned MFA on
 * for everyone, with one user's secret). Drizzle's builders: `where(subject(users.id, id, …))`.
 * Hand-written SQL: `WHERE id = ${id} AND …`, the key first.
 *
 * Rule 2 — inside a subquery, every column names its table through an alias (`FROM users AS
 * account WHERE account.id = …`). Drizzle renders `${users.id}` unqualified in some contexts,
 * and an unqualified `id` binds to the subquery's own table.
 *
 * Rule 3 — a statement's guard never depends on where the statement sits in its batch. A request
 * that acts on a decision ("this code is still good", "this mail slot is free", "MFA is still
 * off") does not read, decide and then write. It writes first — one conditional statement that
 * re-checks the decision in its WHERE and stamps a fresh claim id on the row it changed. Every
 * other statement of the batch runs only `WHERE claimed(…)`: if the conditional write lost a race,
 * it matched nothing, the claim id is on no row, and the rest of the batch does nothing. A claim
 * is a value no later statement of the batch changes, so their order does not matter. D1 runs a
 * batch as one transaction: no other request writes between the claim and what depends on it.
 */
export function newClaim(): string {
  return crypto.randomUUID();
}

/** The WHERE of a guarded write: the subject's key first (required), then the guards. */
export function subject(key: SQLiteColumn, value: string, ...guards: (SQL | undefined)[]): SQL {
  return and(eq(key, value), ...guards) as SQL;
}

/** `EXISTS (SELECT 1 FROM table AS claimed WHERE claimed.key = value AND claimed.claim = claimId)`. */
export function claimed(
  table: SQLiteTable,
  key: SQLiteColumn,
  value: string | SQL,
  claimColumn: SQLiteColumn,
  claimId: string,
): SQL {
  return sql`EXISTS (SELECT 1 FROM ${table} AS claimed
    WHERE claimed.${sql.identifier(key.name)} = ${value}
      AND claimed.${sql.identifier(claimColumn.name)} = ${claimId})`;
}

/** The condition of a statement that depends on nothing earlier in its batch. */
export const ALWAYS: SQL = sql`1 = 1`;
