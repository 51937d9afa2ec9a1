import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppBindings } from "./types";
import { defaultHook } from "./validation";

/** Every router shares one env type and one validation hook. */
export function createRouter() {
  return new OpenAPIHono<AppBindings>({ strict: true, defaultHook });
}
