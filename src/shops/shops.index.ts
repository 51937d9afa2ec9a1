import { createRouter } from "../http/create-router";
import * as handlers from "./shops.handlers";
import * as routes from "./shops.routes";

export const shopsRouter = createRouter()
  .openapi(routes.permissions, handlers.permissions)
  .openapi(routes.create, handlers.create)
  .openapi(routes.list, handlers.list)
  .openapi(routes.getOne, handlers.getOne)
  .openapi(routes.patch, handlers.patch)
  .openapi(routes.listMembers, handlers.listMembers)
  .openapi(routes.patchMember, handlers.patchMember)
  .openapi(routes.removeMember, handlers.removeMember)
  .openapi(routes.invite, handlers.invite)
  .openapi(routes.listInvitations, handlers.listInvitations)
  .openapi(routes.revokeInvitation, handlers.revokeInvitation)
  .openapi(routes.accept, handlers.accept)
  .openapi(routes.myMemberships, handlers.myMemberships);
