import { createRouter } from "../http/create-router";
import * as handlers from "./sessions.handlers";
import * as routes from "./sessions.routes";

/** /users/me/sessions* first: the static routes must win over /users/{id}/sessions. */
export const sessionsRouter = createRouter()
  .openapi(routes.listMine, handlers.listMine)
  .openapi(routes.removeMine, handlers.removeMine)
  .openapi(routes.removeOthers, handlers.removeOthers)
  .openapi(routes.listForUser, handlers.listForUser)
  .openapi(routes.removeForUser, handlers.removeForUser);
