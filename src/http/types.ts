import type { OpenAPIHono, RouteConfig, RouteHandler } from "@hono/zod-openapi";
import type { Config } from "../config";
import type { ReplicaReads } from "../db/client";
import type { AuthSession, AuthUser, ConsoleCaller, KeyCaller } from "../lib/types";

/**
 * The app's Hono environment: bindings and what middleware puts on the context. It lives with
 * the delivery layer (http/), not in lib/: lib/ imports nothing of ours.
 */
export interface AppBindings {
  Bindings: Env;
  Variables: {
    requestId: string;
    config: Config;
    user: AuthUser;
    session: AuthSession;
    /** Stale-tolerant reads of this request (routes that opt in: middleware/stale-reads.ts). */
    replica: ReplicaReads;
    /** The person signed in to /console (sessions/console.ts). */
    consoleCaller: ConsoleCaller;
    /** The key of a request authenticated by one (tills, kiosks). */
    apiKey: KeyCaller;
    /** Ids of the events the request recorded, handed over after it (http/deps.ts). */
    events: string[];
  };
}

export type AppOpenAPI = OpenAPIHono<AppBindings>;
export type AppRouteHandler<R extends RouteConfig> = RouteHandler<R, AppBindings>;
