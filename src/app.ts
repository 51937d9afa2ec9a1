import { methodNotAllowed } from "hono/method-not-allowed";
import { adminRouter } from "./admin/admin.index";
import { auditRouter } from "./admin/audit.index";
import { apiKeysRouter } from "./api-keys/api-keys.index";
import { authRouter } from "./auth/auth.index";
import { resetPage } from "./auth/reset-page";
import { consoleApp } from "./console/console.index";
import { mountDocs } from "./docs";
import { problemPages } from "./docs/problems";
import { healthRouter } from "./health/health.index";
import { createRouter } from "./http/create-router";
import { methodNotAllowedResponse, notFound, onError } from "./http/on-error";
import { identitiesRouter } from "./identities/identities.index";
import { keysRouter } from "./keys/keys.index";
import { metricsRouter } from "./metrics/metrics.index";
import { mfaRouter } from "./mfa/mfa.index";
import { limitBody } from "./middleware/body";
import { requireConfig } from "./middleware/config";
import { cors } from "./middleware/cors";
import { requestContext } from "./middleware/request-context";
import { securityHeaders } from "./middleware/security-headers";
import { authorizePages } from "./oauth/authorize-page";
import { providerEndpoints } from "./oauth/endpoints";
import { oauthRouter } from "./oauth/oauth.index";
import { documentProvider } from "./oauth/openapi";
import { passkeysRouter } from "./passkeys/passkeys.index";
import { invitationPage } from "./shops/invitation-page";
import { shopsRouter } from "./shops/shops.index";
import { meRouter } from "./users/me.index";
import { sessionsRouter } from "./users/sessions.index";

/** Builds the HTTP app: cross-cutting middleware, the feature routers, the docs. */
export function createApp() {
  const app = createRouter();

  app.use("*", requestContext, securityHeaders, cors);
  app.use(
    "*",
    methodNotAllowed({
      app,
      onMethodNotAllowed: (_c, allowed) => methodNotAllowedResponse(allowed),
    }),
  );
  app.use("/v1/*", requireConfig, limitBody);

  app.route("/", healthRouter);
  app.route("/", keysRouter);
  app.route("/", metricsRouter);
  app.route("/v1", authRouter);
  app.route("/v1", identitiesRouter);
  // /users/me* before /users/{id}: the static routes must win.
  app.route("/v1", meRouter);
  app.route("/v1", passkeysRouter);
  // /users/me/memberships (in shopsRouter) is matched before /users/{id}: registered here.
  app.route("/v1", shopsRouter);
  app.route("/v1", apiKeysRouter);
  app.route("/v1", sessionsRouter);
  app.route("/v1", mfaRouter);
  app.route("/v1", adminRouter);
  app.route("/v1", auditRouter);
  app.route("/v1", oauthRouter);
  documentProvider(app);
  mountDocs(app);
  problemPages(app);
  app.route("/", resetPage);
  app.route("/", invitationPage);
  app.route("/", providerEndpoints);
  app.route("/", authorizePages);
  app.route("/console", consoleApp);

  app.notFound(notFound);
  app.onError(onError);
  return app;
}

export const app = createApp();
export type App = typeof app;
