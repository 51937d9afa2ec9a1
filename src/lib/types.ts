import type { OpenAPIHono, RouteConfig, RouteHandler } from "@hono/zod-openapi";
import type { Config } from "../config";
import type { AuthMethod, RefreshTransport, Role, Status } from "./domain";

/**
 * The caller behind a valid access token, as stored in D1 right now (not as claimed). It does
 * not carry the password hash: a service that must check a password reads it itself.
 */
export interface AuthUser {
  id: string;
  email: string;
  name: string | null;
  surname: string | null;
  role: Role;
  status: Status;
  tokenVersion: number;
  createdAt: string;
  updatedAt: string;
  verifiedAt: string | null;
  /** Set while MFA is on. */
  mfaEnabledAt: string | null;
  bannedAt: string | null;
  bannedUntil: string | null;
  banReason: string | null;
}

/** The session a signed-in request belongs to. */
export interface AuthSession {
  id: string;
  amr: AuthMethod[];
  /** When it was signed in (a session that replaces it on a password change starts anew). */
  authTime: string;
  transport: RefreshTransport;
  /** Its absolute end: a session that replaces it (password or email change) keeps it. */
  expiresAt: string;
}

export interface AppBindings {
  Bindings: Env;
  Variables: {
    requestId: string;
    config: Config;
    user: AuthUser;
    session: AuthSession;
    /** Stale-tolerant reads of this request (routes that opt in: middleware/stale-reads.ts). */
    replica: import("../db/client").ReplicaReads;
    /** The person signed in to /console (console/session.ts). */
    consoleCaller: import("../console/session").ConsoleCaller;
    /** The key of a request authenticated by one (tills, kiosks). */
    apiKey: { id: string; shop_id: string; scopes: string[]; expires_at: string | null };
  };
}

export type AppOpenAPI = OpenAPIHono<AppBindings>;
export type AppRouteHandler<R extends RouteConfig> = RouteHandler<R, AppBindings>;
