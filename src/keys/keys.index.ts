import { createRouter } from "../http/create-router";
import * as handlers from "./keys.handlers";
import * as routes from "./keys.routes";

export const keysRouter = createRouter()
  .openapi(routes.jwks, handlers.jwks)
  .openapi(routes.appleAppSiteAssociation, handlers.appleAppSiteAssociation)
  .openapi(routes.assetLinks, handlers.assetLinks);
