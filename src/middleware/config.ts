import type { MiddlewareHandler } from "hono";
import { loadConfig } from "../config";
import { ApiError } from "../lib/errors";
import type { AppBindings } from "../lib/types";

/** API routes need valid settings; a misconfigured service answers 500 without saying why. */
export const requireConfig: MiddlewareHandler<AppBindings> = async (c, next) => {
  const parsed = loadConfig(c.env);
  if (!parsed.ok) throw new ApiError("internal", "The service is misconfigured.");
  c.set("config", parsed.config);
  await next();
};
