import { createRouter } from "../http/create-router";
import * as invitationRoutes from "./invitations.routes";
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
  .openapi(invitationRoutes.invite, handlers.invite)
  .openapi(invitationRoutes.listInvitations, handlers.listInvitations)
  .openapi(invitationRoutes.revokeInvitation, handlers.revokeInvitation)
  .openapi(invitationRoutes.accept, handlers.accept)
  .openapi(invitationRoutes.myMemberships, handlers.myMemberships);
