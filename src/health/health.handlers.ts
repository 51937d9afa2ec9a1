import { disabledFeatures, loadConfig } from "../config";
import { checkKeys } from "../crypto/tokens";
import type { AppRouteHandler } from "../http/types";
import { ApiError } from "../lib/errors";
import { errorName, log } from "../lib/log";
import { accessTokenSettings } from "../sessions/store";
import type { LiveRoute, ReadyRoute } from "./health.routes";

export const live: AppRouteHandler<LiveRoute> = (c) => c.json({ status: "ok" as const }, 200);

export const ready: AppRouteHandler<ReadyRoute> = async (c) => {
  const parsed = loadConfig(c.env);
  if (!parsed.ok) {
    throw new ApiError("unavailable", `Configuration problem: ${parsed.error.message}.`);
  }
  try {
    await checkKeys(accessTokenSettings(parsed.config));
  } catch (error) {
    throw new ApiError("unavailable", `Configuration problem: ${(error as Error).message}.`);
  }
  try {
    await c.env.DB.prepare("SELECT 1").first();
  } catch (error) {
    log("error", "readiness: database unreachable", {
      request_id: c.get("requestId"),
      error: errorName(error),
    });
    throw new ApiError("unavailable", "The database (D1 binding DB) did not answer.");
  }
  return c.json(
    {
      status: "ready" as const,
      checks: { config: "ok", database: "ok" } as const,
      disabled: disabledFeatures(parsed.config),
    },
    200,
  );
};
