import { createRouter } from "../http/create-router";
import * as handlers from "./clients.handlers";
import * as routes from "./clients.routes";

/** The OpenID provider (issue 37): so far its client registry. */
export const oauthRouter = createRouter()
  .openapi(routes.createClient, handlers.createClient)
  .openapi(routes.listClients, handlers.listClients)
  .openapi(routes.getClient, handlers.getClient)
  .openapi(routes.revokeClient, handlers.revokeClient);
