import type { Context } from "hono";
import type { Config } from "./config";
import { type Database, getDb } from "./db/client";
import { type RequestMeta, requestMeta } from "./lib/request";
import type { AppBindings } from "./lib/types";

/** What a service needs, without the HTTP context: storage, settings, bindings, request meta. */
export interface Deps {
  db: Database;
  /**
   * Reads that may be a moment stale (lists, search, the dashboard): a D1 session on a replica
   * where the route opted in (middleware/stale-reads.ts), else the primary.
   */
  reads: Database;
  config: Config;
  env: Env;
  meta: RequestMeta;
  /** Work that finishes after the response (the mail hand-over): the invocation waits for it. */
  waitUntil(work: Promise<unknown>): void;
}

export function depsOf(c: Context<AppBindings>): Deps {
  return {
    db: getDb(c.env.DB),
    reads: c.get("replica")?.db ?? getDb(c.env.DB),
    config: c.get("config"),
    env: c.env,
    meta: requestMeta(c, c.get("requestId") ?? null),
    waitUntil: (work) => c.executionCtx.waitUntil(work),
  };
}
