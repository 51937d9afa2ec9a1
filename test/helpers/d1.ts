/**
 * Wrappers around the real D1 binding of a test file: one that counts round trips (each query
 * or batch is one call — in production each is a network round trip), one that fails on demand.
 */

type Method = "first" | "all" | "run" | "raw";
const EXECUTE: readonly string[] = ["first", "all", "run", "raw"] satisfies Method[];

export interface CountingD1 {
  binding: D1Database;
  /** Calls made so far. */
  readonly calls: number;
  /** SQL of every call so far (a batch lists its statements joined by " ; "). */
  readonly log: string[];
  /**
   * Rows D1 reports written and read (its result `meta`, index entries included: what D1 bills),
   * summed over every call that returns a meta — batches, `run` and `all`. `first` and `raw`
   * return rows without one; they are reads.
   */
  readonly rows: { written: number; read: number };
  /** The same, call by call: what each statement or batch wrote (to find where rows go). */
  readonly perCall: { sql: string; written: number; read: number }[];
  /** Every statement run, with its bound values (for `EXPLAIN QUERY PLAN`). */
  readonly statements: { sql: string; params: unknown[] }[];
  reset(): void;
}

/**
 * Counts the calls made through `binding`. `before(index)`, when given, runs before call number
 * `index` (0-based) reaches D1 — a test puts a competing request exactly between two round trips
 * of the request under test, the interleaving an attacker would aim for.
 */
export function countingD1(
  d1: D1Database,
  before?: (index: number) => Promise<void> | void,
): CountingD1 {
  const real = new WeakMap<object, D1PreparedStatement>();
  const sqlOf = new WeakMap<object, string>();
  const log: string[] = [];
  const rows = { written: 0, read: 0 };
  const perCall: { sql: string; written: number; read: number }[] = [];
  const statements: { sql: string; params: unknown[] }[] = [];
  const paramsOf = new WeakMap<object, unknown[]>();
  const tally = (sql: string, result: unknown) => {
    const statements = sql.split(" ; ");
    (Array.isArray(result) ? result : [result]).forEach((one, i) => {
      const meta = (one as { meta?: { rows_written?: number; rows_read?: number } } | null)?.meta;
      const written = meta?.rows_written ?? 0;
      const read = meta?.rows_read ?? 0;
      rows.written += written;
      rows.read += read;
      perCall.push({ sql: statements[i] ?? sql, written, read });
    });
    return result;
  };
  const enter = async (sql: string) => {
    const index = log.length;
    log.push(sql);
    await before?.(index);
  };
  const wrap = (
    statement: D1PreparedStatement,
    sql: string,
    params: unknown[] = [],
  ): D1PreparedStatement => {
    const proxy = new Proxy(statement, {
      get(target, property) {
        if (property === "bind") {
          return (...values: unknown[]) => wrap(target.bind(...values), sql, values);
        }
        const value = Reflect.get(target, property, target);
        if (typeof property === "string" && EXECUTE.includes(property)) {
          return async (...args: unknown[]) => {
            statements.push({ sql, params });
            await enter(sql);
            return tally(sql, await (value as (...a: unknown[]) => unknown).apply(target, args));
          };
        }
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    real.set(proxy, statement);
    sqlOf.set(proxy, sql);
    paramsOf.set(proxy, params);
    return proxy;
  };
  // The binding, and every D1 session opened from it (the replica reads), count alike.
  const counted = <T extends D1Database | D1DatabaseSession>(db: T): T =>
    new Proxy(db, {
      get(target, property) {
        if (property === "prepare") return (sql: string) => wrap(target.prepare(sql), sql);
        if (property === "batch") {
          return async (batched: D1PreparedStatement[]) => {
            for (const one of batched) {
              statements.push({ sql: sqlOf.get(one) ?? "?", params: paramsOf.get(one) ?? [] });
            }
            const sql = batched.map((s) => sqlOf.get(s) ?? "?").join(" ; ");
            await enter(sql);
            return tally(sql, await target.batch(batched.map((s) => real.get(s) ?? s)));
          };
        }
        if (property === "withSession") {
          return (constraint?: string) => counted((target as D1Database).withSession(constraint));
        }
        const value = Reflect.get(target, property, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  const binding = counted(d1);
  return {
    binding,
    get calls() {
      return log.length;
    },
    log,
    rows,
    perCall,
    statements,
    reset() {
      log.length = 0;
      perCall.length = 0;
      statements.length = 0;
      rows.written = 0;
      rows.read = 0;
    },
  };
}

/**
 * A D1 binding whose every query and batch fails the way the driver reports it: the message
 * holds the statement and its bound parameters (emails, digests), as D1 errors do.
 */
export function failingD1(d1: D1Database): D1Database {
  const bound = new WeakMap<object, { sql: string; params: unknown[] }>();
  const failure = (parts: { sql: string; params: unknown[] }[]) =>
    new Error(
      `D1_ERROR: SQLITE_BUSY: database is locked: ${parts
        .map((p) => `${p.sql} params: ${p.params.map(String).join(", ")}`)
        .join(" ; ")}`,
    );
  const wrap = (sql: string, params: unknown[]): D1PreparedStatement => {
    const statement = {
      bind: (...values: unknown[]) => wrap(sql, values),
      first: () => Promise.reject(failure([{ sql, params }])),
      all: () => Promise.reject(failure([{ sql, params }])),
      run: () => Promise.reject(failure([{ sql, params }])),
      raw: () => Promise.reject(failure([{ sql, params }])),
    } as unknown as D1PreparedStatement;
    bound.set(statement, { sql, params });
    return statement;
  };
  return new Proxy(d1, {
    get(target, property) {
      if (property === "prepare") return (sql: string) => wrap(sql, []);
      if (property === "batch") {
        return (statements: D1PreparedStatement[]) =>
          Promise.reject(failure(statements.map((s) => bound.get(s) ?? { sql: "?", params: [] })));
      }
      const value = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/**
 * The full-table scans among `statements` (`EXPLAIN QUERY PLAN` of each, with its own values):
 * "SCAN <table>" steps on a real table (not a subquery's rows) that use no index. A lookup by key
 * or index reads the same rows at any table size; a scan reads more as the table grows.
 */
export async function fullScans(
  d1: D1Database,
  statements: readonly { sql: string; params: unknown[] }[],
): Promise<{ table: string; sql: string }[]> {
  const tables = new Set(
    (
      await d1
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .all<{ name: string }>()
    ).results.map((r) => r.name),
  );
  const found: { table: string; sql: string }[] = [];
  for (const { sql, params } of statements) {
    const plan = await d1
      .prepare(`EXPLAIN QUERY PLAN ${sql}`)
      .bind(...params)
      .all<{ detail: string }>();
    for (const { detail } of plan.results) {
      const scan = /^SCAN (\w+)(?: AS \w+)?$/.exec(detail);
      if (scan?.[1] && tables.has(scan[1])) {
        found.push({ table: scan[1], sql: sql.replace(/\s+/g, " ").trim().slice(0, 100) });
      }
    }
  }
  return found;
}
