import { loadConfig } from "../config";
import { publishedKeys } from "../crypto/tokens";
import type { AppRouteHandler } from "../http/types";
import { ApiError } from "../lib/errors";
import { accessTokenSettings } from "../sessions/store";
import { JWKS_MAX_AGE_SECONDS, type JwksRoute } from "./keys.routes";

export const jwks: AppRouteHandler<JwksRoute> = (c) => {
  const parsed = loadConfig(c.env);
  if (!parsed.ok) throw new ApiError("unavailable", "The service is misconfigured.");
  c.header("Cache-Control", `public, max-age=${JWKS_MAX_AGE_SECONDS}`);
  return c.json({ keys: publishedKeys(accessTokenSettings(parsed.config)) }, 200);
};
