import type { Context, MiddlewareHandler, Next } from "hono";
import { bodyLimit } from "hono/body-limit";
import { csrf } from "hono/csrf";
import { HTTPException } from "hono/http-exception";
import type { AppBindings } from "../http/types";
import { ApiError } from "../lib/errors";
import type { IpLimiter } from "../security/rate-limits";
import { MAX_BODY_BYTES } from "./body";
import { limitByIp } from "./rate-limit";

/**
 * The guards of a form on a page for people (the reset and invitation pages): the API's body
 * cap, this origin only (CSRF: a page elsewhere cannot post in a visitor's name), and the API's
 * per-IP limit — each refusal a page the person can read, drawn by `page`.
 */
export function formGuards(
  limiter: IpLimiter,
  page: (
    c: Context<AppBindings>,
    message: string,
    status: 403 | 413 | 429,
  ) => Response | Promise<Response>,
): readonly [
  MiddlewareHandler<AppBindings>,
  MiddlewareHandler<AppBindings>,
  MiddlewareHandler<AppBindings>,
] {
  return [
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => page(c as Context<AppBindings>, "The form is too large.", 413),
    }),
    async (c: Context<AppBindings>, next: Next) => {
      try {
        await csrf()(c, next);
      } catch (error) {
        if (!(error instanceof HTTPException)) throw error;
        return page(c, "This form was sent from another site.", 403);
      }
    },
    async (c: Context<AppBindings>, next: Next) => {
      try {
        await limitByIp(limiter)(c, next);
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        return page(c, "Too many tries from here: wait a minute.", 429);
      }
    },
  ] as const;
}
