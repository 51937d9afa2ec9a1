import type { SQL } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { drizzle } from "drizzle-orm/d1";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import * as schema from "./schema";

export type Database = ReturnType<typeof createDb>;

function createDb(d1: D1Database) {
  return drizzle(d1, { schema });
}

const clients = new WeakMap<D1Database, Database>();

/**
 * Reads that may be a moment stale, and only those: admin and console lists, search, the
 * dashboard, /metrics. They run in a D1 session (the Sessions API) opened `first-unconstrained`,
 * so D1 read replication can serve them next to the caller — or, when the client sends the
 * bookmark of its last write (`x-d1-bookmark`), from a replica at least that fresh. Every auth,
 * code, session, key, membership and throttle read uses `getDb` (the primary), and a service
 * reaches a replica only through `Deps.reads`, which only the routes that opt in set
 * (middleware/stale-reads.ts): a new route cannot pick a replica by accident.
 */
export interface ReplicaReads {
  db: Database;
  /** The bookmark to hand back to the client (`x-d1-bookmark`), once the reads have run. */
  bookmark(): string | null;
}

/** D1 bookmarks: four hex groups (`00000000-0000004a-00000000-000…000`). */
export const BOOKMARK_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{32}$/;

export function replicaReads(d1: D1Database, bookmark?: string): ReplicaReads {
  const session = d1.withSession(bookmark ?? "first-unconstrained");
  // drizzle's D1 driver is typed for D1Database; a session has the two members it uses
  // (prepare, batch). This cast is the only one, and it is why: the types exclude sessions.
  const db = drizzle(session as unknown as D1Database, { schema });
  return { db, bookmark: () => session.getBookmark() };
}

/** One drizzle client per D1 binding object. */
export function getDb(d1: D1Database): Database {
  let db = clients.get(d1);
  if (!db) {
    db = createDb(d1);
    clients.set(d1, db);
  }
  return db;
}

const dialect = new SQLiteSyncDialect();

/**
 * A hand-written statement (drizzle's `sql` template: identifiers rendered, values bound) with the
 * row type it returns. Used for what the query builders cannot express in one statement:
 * `INSERT … SELECT … WHERE`, upserts with conditions, `RETURNING` after conditional writes.
 */
export interface Raw<Row> {
  readonly kind: "raw";
  readonly query: SQL;
  /** Phantom: the shape of one returned row. */
  readonly row?: Row;
}

export function raw<Row = never>(query: SQL): Raw<Row> {
  return { kind: "raw", query };
}

/** Anything that can go into `batch`: a drizzle query builder or a `raw` statement. */
// biome-ignore lint/suspicious/noExplicitAny: drizzle's batch item type is generic over every builder
export type Statement = BatchItem<"sqlite"> | Raw<any>;

type ResultOf<S> = S extends Raw<infer Row> ? Row[] : Awaited<S>;
export type BatchResults<T extends readonly Statement[]> = {
  -readonly [K in keyof T]: ResultOf<T[K]>;
};

// drizzle's own D1 batch uses the same three members of a prepared builder; raw statements are
// prepared here instead, because drizzle's batch cannot bind the parameters of `sql` queries.
interface PreparedBuilder {
  stmt: D1PreparedStatement;
  getQuery(): { sql: string; params: unknown[] };
  mapResult(result: unknown, isFromBatch: boolean): unknown;
}

function isRaw(statement: Statement): statement is Raw<unknown> {
  return (statement as Raw<unknown>).kind === "raw";
}

/**
 * Runs the statements as one D1 batch: one round trip, one implicit transaction — every
 * statement sees the writes of the ones before it, and none is applied if one fails. This is
 * D1's only way to be atomic (it has no interactive transactions), so each statement that
 * depends on an earlier decision re-checks it in its own WHERE (see `claim.ts`).
 */
export async function batch<const T extends readonly Statement[]>(
  db: Database,
  statements: T,
): Promise<BatchResults<T>> {
  const d1 = db.$client;
  const mappers: ((result: D1Result) => unknown)[] = [];
  const prepared = statements.map((statement) => {
    if (isRaw(statement)) {
      const { sql, params } = dialect.sqlToQuery(statement.query);
      mappers.push((result) => result.results);
      return d1.prepare(sql).bind(...params);
    }
    const builder = (statement as unknown as { _prepare(): PreparedBuilder })._prepare();
    const { sql, params } = builder.getQuery();
    mappers.push((result) => builder.mapResult(result, true));
    return params.length > 0 ? builder.stmt.bind(...params) : d1.prepare(sql);
  });
  const results = await d1.batch(prepared);
  return results.map((result, index) => mappers[index]?.(result)) as BatchResults<T>;
}

/** One `raw` statement on its own (one round trip); returns its rows. */
export async function query<Row>(db: Database, statement: Raw<Row>): Promise<Row[]> {
  const [rows] = await batch(db, [statement] as const);
  return rows;
}
