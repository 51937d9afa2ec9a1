import { createRouter } from "../http/create-router";
import * as handlers from "./passkeys.handlers";
import * as routes from "./passkeys.routes";

export const passkeysRouter = createRouter()
  .openapi(routes.registrationOptions, handlers.registrationOptions)
  .openapi(routes.register, handlers.register)
  .openapi(routes.list, handlers.list)
  .openapi(routes.rename, handlers.rename)
  .openapi(routes.remove, handlers.remove)
  .openapi(routes.authenticationOptions, handlers.authenticationOptions)
  .openapi(routes.signIn, handlers.signIn);
