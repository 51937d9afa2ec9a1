import { createRouter } from "../http/create-router";
import * as handlers from "./identities.handlers";
import * as routes from "./identities.routes";

export const identitiesRouter = createRouter()
  .openapi(routes.providers, handlers.providers)
  .openapi(routes.start, handlers.start)
  .openapi(routes.callback, handlers.callback)
  .openapi(routes.callbackPost, handlers.callbackPost)
  .openapi(routes.exchange, handlers.exchange)
  .openapi(routes.idToken, handlers.idToken)
  .openapi(routes.listIdentities, handlers.listIdentities)
  .openapi(routes.link, handlers.link)
  .openapi(routes.removeIdentity, handlers.removeIdentity);
