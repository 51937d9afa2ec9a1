import { ROLE_PERMISSIONS } from "../accounts/permissions";
import { depsOf } from "../http/deps";
import type { AppRouteHandler } from "../http/types";
import { callerActor } from "../middleware/auth";
import * as accepting from "./invitation-accept";
import * as invitations from "./invitations";
import type * as invitationRoutes from "./invitations.routes";
import * as members from "./members";
import * as service from "./service";
import type * as routes from "./shops.routes";

export const permissions: AppRouteHandler<routes.PermissionsRoute> = (c) =>
  c.json(
    {
      roles: {
        owner: [...ROLE_PERMISSIONS.owner],
        manager: [...ROLE_PERMISSIONS.manager],
        barista: [...ROLE_PERMISSIONS.barista],
      },
    },
    200,
  );

export const create: AppRouteHandler<routes.CreateRoute> = async (c) => {
  return c.json(await service.createShop(depsOf(c), c.get("user").id, c.req.valid("json")), 201);
};

export const list: AppRouteHandler<routes.ListRoute> = async (c) => {
  return c.json(await service.listShops(depsOf(c), callerActor(c), c.req.valid("query")), 200);
};

export const getOne: AppRouteHandler<routes.GetOneRoute> = async (c) => {
  const { id } = c.req.valid("param");
  return c.json(await service.getShop(depsOf(c), callerActor(c), id), 200);
};

export const patch: AppRouteHandler<routes.PatchRoute> = async (c) => {
  const { id } = c.req.valid("param");
  const shop = await service.updateShop(depsOf(c), callerActor(c), id, c.req.valid("json"));
  return c.json(shop, 200);
};

export const listMembers: AppRouteHandler<routes.ListMembersRoute> = async (c) => {
  const { id } = c.req.valid("param");
  const page = await members.listMembers(depsOf(c), callerActor(c), id, c.req.valid("query"));
  return c.json(page, 200);
};

export const patchMember: AppRouteHandler<routes.PatchMemberRoute> = async (c) => {
  const { id, user_id } = c.req.valid("param");
  const member = await members.changeRole(
    depsOf(c),
    callerActor(c),
    id,
    user_id,
    c.req.valid("json").role,
  );
  return c.json(member, 200);
};

export const removeMember: AppRouteHandler<routes.RemoveMemberRoute> = async (c) => {
  const { id, user_id } = c.req.valid("param");
  await members.removeMember(depsOf(c), callerActor(c), id, user_id);
  return c.body(null, 204);
};

export const invite: AppRouteHandler<invitationRoutes.InviteRoute> = async (c) => {
  const { id } = c.req.valid("param");
  const invitation = await invitations.invite(depsOf(c), callerActor(c), id, c.req.valid("json"));
  return c.json(invitation, 202);
};

export const listInvitations: AppRouteHandler<invitationRoutes.ListInvitationsRoute> = async (
  c,
) => {
  const { id } = c.req.valid("param");
  const page = await invitations.listInvitations(
    depsOf(c),
    callerActor(c),
    id,
    c.req.valid("query"),
  );
  return c.json(page, 200);
};

export const revokeInvitation: AppRouteHandler<invitationRoutes.RevokeInvitationRoute> = async (
  c,
) => {
  const { id, invitation_id } = c.req.valid("param");
  await invitations.revokeInvitation(depsOf(c), callerActor(c), id, invitation_id);
  return c.body(null, 204);
};

export const accept: AppRouteHandler<invitationRoutes.AcceptRoute> = async (c) => {
  const result = await accepting.acceptInvitation(
    depsOf(c),
    c.get("user"),
    c.req.valid("json").token,
  );
  return c.json(result, 200);
};

export const myMemberships: AppRouteHandler<invitationRoutes.MyMembershipsRoute> = async (c) => {
  return c.json(await service.myMemberships(depsOf(c), c.get("user").id), 200);
};
