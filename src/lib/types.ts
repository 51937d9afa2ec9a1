import type { OpenAPIHono, RouteConfig, RouteHandler } from "@hono/zod-openapi";
import type { Config } from "../config";
import type { UserRow } from "../db/schema";

/**
 * The caller behind a valid access token, as stored in D1 right now (not as claimed). It holds
 * the password hash: it leaves the service only through `toUserDto`.
 */
export type AuthUser = UserRow;

export interface AppBindings {
  Bindings: Env;
  Variables: {
    requestId: string;
    config: Config;
    user: AuthUser;
  };
}

export type AppOpenAPI = OpenAPIHono<AppBindings>;
export type AppRouteHandler<R extends RouteConfig> = RouteHandler<R, AppBindings>;
