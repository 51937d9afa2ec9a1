import type { Config } from "./config";
import type { Database } from "./db/client";
import type { RequestMeta } from "./lib/request";

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
  /**
   * The ids of the events this request recorded (events/outbox.ts): handed to EVENTS_QUEUE once
   * the response is done (middleware/request-context.ts), when every batch has run.
   */
  events: string[];
}
