import type { Context } from "hono";
import { setCookie } from "hono/cookie";
import type { Child } from "hono/jsx";
import type { AppBindings } from "../http/types";
import { ApiError } from "../lib/errors";
import { adminPower, assertAdminPower } from "../security/assurance";
import { type Actor, actorOf as shopActor } from "../security/shop-access";
import type { ConsoleCaller } from "../sessions/console";
import { Layout, type NavCaller } from "./views";

/** What every console page shares: the context type, the page frame, who the caller is, errors. */

/**
 * /console: the web page for the platform's admins and shops' owners and managers, served by the
 * same Worker. Every page reads through the same services as the API (no second copy of a rule)
 * and costs at most 3 D1 calls: the console session (1), then the page. Its own CSP: no script
 * at all, styles from /console/console.css only.
 */
export type Ctx = Context<AppBindings>;

export const COOKIE = "console";

export function page(c: Ctx, title: string, body: Child, status: 200 | PageStatus = 200) {
  const caller = c.get("consoleCaller");
  const nav: NavCaller | undefined = caller
    ? { name: caller.user.email, admin: isAdmin(c), csrf: caller.csrf }
    : undefined;
  return c.html(
    <Layout title={title} caller={nav}>
      {body}
    </Layout>,
    status,
  );
}

export function setSessionCookie(c: Ctx, token: string) {
  setCookie(c, COOKIE, token, {
    prefix: "host",
    httpOnly: true,
    secure: true,
    sameSite: "Strict",
    path: "/",
  });
}

/** The console caller as a shop actor: admin power is the assurance policy's. */
export function actorOf(caller: ConsoleCaller, c: Ctx): Actor {
  return shopActor(caller.user, caller.session, c.get("config"));
}

export function isAdmin(c: Ctx): boolean {
  const caller = c.get("consoleCaller");
  return adminPower(caller.user, caller.session, c.get("config")) === "granted";
}

/** A filter form's query without its empty fields ("any role" sends `role=`). */
export function filled(query: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(query).filter(([, value]) => value !== ""));
}

export function requireAdminPage(c: Ctx) {
  const caller = c.get("consoleCaller");
  assertAdminPower(caller.user, caller.session, c.get("config"));
}

export function messageOf(error: unknown): string {
  return error instanceof ApiError ? error.message : "Something went wrong on our side.";
}

export type PageStatus = 400 | 401 | 403 | 404 | 409 | 422 | 429;

export function statusOf(error: unknown): PageStatus {
  if (!(error instanceof ApiError)) return 400;
  return ([400, 401, 403, 404, 409, 422, 429] as const).find((s) => s === error.status) ?? 400;
}
