import type { OpenAPIHono, RouteConfig, RouteHandler } from "@hono/zod-openapi";
import type { Config } from "../config";
import type { Role, Status } from "../db/schema";

/** The caller behind a valid access token, as stored in D1 right now (not as claimed). */
export interface AuthUser {
  id: string;
  email: string;
  role: Role;
  status: Status;
  tokenVersion: number;
}

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
