import { createRouter } from "../http/create-router";
import * as handlers from "./mfa.handlers";
import * as routes from "./mfa.routes";

/** /users/me/mfa* before /users/{id}/mfa: the static routes must win. */
export const mfaRouter = createRouter()
  .openapi(routes.verify, handlers.verify)
  .openapi(routes.status, handlers.status)
  .openapi(routes.enrol, handlers.enrol)
  .openapi(routes.confirm, handlers.confirm)
  .openapi(routes.regenerate, handlers.regenerate)
  .openapi(routes.disable, handlers.disable)
  .openapi(routes.adminReset, handlers.adminReset);
