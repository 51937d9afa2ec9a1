import { createRouter } from "../http/create-router";
import * as handlers from "./clients.handlers";
import * as routes from "./clients.routes";

/**
 * The OpenID provider's client registry (docs/openid-provider.md). Its protocol endpoints and
 * pages are `endpoints.ts` and `authorize-page.tsx`.
 */
export const oauthRouter = createRouter()
  .openapi(routes.createClient, handlers.createClient)
  .openapi(routes.listClients, handlers.listClients)
  .openapi(routes.getClient, handlers.getClient)
  .openapi(routes.updateClient, handlers.updateClient)
  .openapi(routes.revokeClient, handlers.revokeClient);
