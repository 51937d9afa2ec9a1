import { createRouter } from "../http/create-router";
import * as handlers from "./auth.handlers";
import * as routes from "./auth.routes";
import * as emailCodeRoutes from "./email-code.routes";

export const authRouter = createRouter()
  .openapi(routes.signup, handlers.signup)
  .openapi(routes.verify, handlers.verify)
  .openapi(routes.resendCode, handlers.resendCode)
  .openapi(routes.login, handlers.login)
  .openapi(routes.refresh, handlers.refresh)
  .openapi(routes.logout, handlers.logout)
  .openapi(routes.logoutAll, handlers.logoutAll)
  .openapi(routes.forgotPassword, handlers.forgotPassword)
  .openapi(routes.resetPassword, handlers.resetPassword)
  .openapi(emailCodeRoutes.emailCode, handlers.emailCode)
  .openapi(emailCodeRoutes.emailCodeVerify, handlers.emailCodeVerify);
