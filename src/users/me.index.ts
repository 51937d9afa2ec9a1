import { createRouter } from "../http/create-router";
import * as handlers from "./me.handlers";
import * as routes from "./me.routes";

export const meRouter = createRouter()
  .openapi(routes.getMe, handlers.getMe)
  .openapi(routes.exportMe, handlers.exportMe)
  .openapi(routes.patchMe, handlers.patchMe)
  .openapi(routes.changePassword, handlers.changePassword)
  .openapi(routes.removeMe, handlers.removeMe)
  .openapi(routes.changeEmail, handlers.changeEmail)
  .openapi(routes.confirmEmail, handlers.confirmEmail);
