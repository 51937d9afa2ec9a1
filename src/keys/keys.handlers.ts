import { loadConfig } from "../config";
import { publishedKeys } from "../crypto/tokens";
import type { AppRouteHandler } from "../http/types";
import { ApiError } from "../lib/errors";
import { accessTokenSettings } from "../sessions/store";
import {
  type AppleAppSiteAssociationRoute,
  type AssetLinksRoute,
  JWKS_MAX_AGE_SECONDS,
  type JwksRoute,
} from "./keys.routes";

export const jwks: AppRouteHandler<JwksRoute> = (c) => {
  const parsed = loadConfig(c.env);
  if (!parsed.ok) throw new ApiError("unavailable", "The service is misconfigured.");
  c.header("Cache-Control", `public, max-age=${JWKS_MAX_AGE_SECONDS}`);
  return c.json({ keys: publishedKeys(accessTokenSettings(parsed.config)) }, 200);
};

function configOf(env: Env) {
  const parsed = loadConfig(env);
  if (!parsed.ok) throw new ApiError("unavailable", "The service is misconfigured.");
  return parsed.config;
}

const NOT_CONFIGURED = () => new ApiError("not_found", "No native app is configured here.");

export const appleAppSiteAssociation: AppRouteHandler<AppleAppSiteAssociationRoute> = (c) => {
  const apps = configOf(c.env).appleAppIds;
  if (apps.length === 0) throw NOT_CONFIGURED();
  c.header("Cache-Control", "public, max-age=3600");
  return c.json({ webcredentials: { apps } }, 200);
};

export const assetLinks: AppRouteHandler<AssetLinksRoute> = (c) => {
  const apps = configOf(c.env).androidApps;
  if (apps.length === 0) throw NOT_CONFIGURED();
  c.header("Cache-Control", "public, max-age=3600");
  return c.json(
    apps.map((app) => ({
      relation: [
        "delegate_permission/common.get_login_creds",
        "delegate_permission/common.handle_all_urls",
      ],
      target: {
        namespace: "android_app" as const,
        package_name: app.packageName,
        sha256_cert_fingerprints: [app.fingerprint],
      },
    })),
    200,
  );
};
