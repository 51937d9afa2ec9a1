import type { Context } from "hono";
import { getDb } from "../db/client";
import type { Deps } from "../deps";
import { requestMeta } from "../lib/request";
import type { AppBindings } from "./types";

/** A request's dependencies for the services it calls (services never see the Hono context). */
export function depsOf(c: Context<AppBindings>): Deps {
  let events = c.get("events");
  if (!events) {
    events = [];
    c.set("events", events);
  }
  return {
    events,
    db: getDb(c.env.DB),
    reads: c.get("replica")?.db ?? getDb(c.env.DB),
    config: c.get("config"),
    env: c.env,
    meta: requestMeta(c, c.get("requestId") ?? null),
    waitUntil: (work) => c.executionCtx.waitUntil(work),
  };
}
