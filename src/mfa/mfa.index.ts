import { createRouter } from "../http/create-router";
import * as handlers from "./mfa.handlers";
import * as routes from "./mfa.routes";
import * as smsHandlers from "./sms.handlers";
import * as smsRoutes from "./sms.routes";

/** /users/me/mfa* before /users/{id}/mfa: the static routes must win. */
export const mfaRouter = createRouter()
  .openapi(routes.verify, handlers.verify)
  .openapi(smsRoutes.textSignInCode, smsHandlers.textSignInCode)
  .openapi(smsRoutes.enrolSms, smsHandlers.enrolSms)
  .openapi(smsRoutes.confirmSms, smsHandlers.confirmSms)
  .openapi(smsRoutes.removeSms, smsHandlers.removeSms)
  .openapi(routes.status, handlers.status)
  .openapi(routes.enrol, handlers.enrol)
  .openapi(routes.confirm, handlers.confirm)
  .openapi(routes.regenerate, handlers.regenerate)
  .openapi(routes.disable, handlers.disable)
  .openapi(routes.adminReset, handlers.adminReset);
