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
  const wrap = (statement: D1PreparedStatement, sql: string): D1PreparedStatement => {
    const proxy = new Proxy(statement, {
      get(target, property) {
        if (property === "bind") {
          return (...values: unknown[]) => wrap(target.bind(...values), sql);
        }
        const value = Reflect.get(target, property, target);
        if (typeof property === "string" && EXECUTE.includes(property)) {
          return async (...args: unknown[]) => {
            await enter(sql);
            return tally(sql, await (value as (...a: unknown[]) => unknown).apply(target, args));
          };
        }
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    real.set(proxy, statement);
    sqlOf.set(proxy, sql);
    return proxy;
  };
  // The binding, and every D1 session opened from it (the replica reads), count alike.
  const counted = <T extends D1Database | D1DatabaseSession>(db: T): T =>
    new Proxy(db, {
      get(target, property) {
        if (property === "prepare") return (sql: string) => wrap(target.prepare(sql), sql);
        if (property === "batch") {
          return async (statements: D1PreparedStatement[]) => {
            const sql = statements.map((s) => sqlOf.get(s) ?? "?").join(" ; ");
            await enter(sql);
            return tally(sql, await target.batch(statements.map((s) => real.get(s) ?? s)));
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
    reset() {
      log.length = 0;
      perCall.length = 0;
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
