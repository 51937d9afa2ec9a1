import type { BatchItem } from "drizzle-orm/batch";
import { drizzle } from "drizzle-orm/d1";
import * as schema from "./schema";

export type Database = ReturnType<typeof createDb>;

function createDb(d1: D1Database) {
  return drizzle(d1, { schema });
}

const clients = new WeakMap<D1Database, Database>();

/** One drizzle client per D1 binding (bindings are stable per isolate). */
export function getDb(d1: D1Database): Database {
  let db = clients.get(d1);
  if (!db) {
    db = createDb(d1);
    clients.set(d1, db);
  }
  return db;
}

/** Any statement that can go into `db.batch([...])` (D1's only way to be atomic). */
export type Statement = BatchItem<"sqlite">;
