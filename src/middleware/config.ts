import type { MiddlewareHandler } from "hono";
import { loadConfig } from "../config";
import type { AppBindings } from "../http/types";
import { ApiError } from "../lib/errors";

/** API routes need valid settings; a misconfigured service answers 500 without saying why. */
export const requireConfig: MiddlewareHandler<AppBindings> = async (c, next) => {
  const parsed = loadConfig(c.env);
  if (!parsed.ok) throw new ApiError("internal", "The service is misconfigured.");
  c.set("config", parsed.config);
  await next();
};
