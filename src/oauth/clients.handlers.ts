import { depsOf } from "../http/deps";
import type { AppRouteHandler } from "../http/types";
import * as clients from "./clients";
import type * as routes from "./clients.routes";

export const createClient: AppRouteHandler<routes.CreateClientRoute> = async (c) => {
  return c.json(await clients.createClient(depsOf(c), c.get("user").id, c.req.valid("json")), 201);
};

export const listClients: AppRouteHandler<routes.ListClientsRoute> = async (c) => {
  return c.json(await clients.listClients(depsOf(c)), 200);
};

export const getClient: AppRouteHandler<routes.GetClientRoute> = async (c) => {
  return c.json(await clients.getClient(depsOf(c), c.req.valid("param").id), 200);
};

export const updateClient: AppRouteHandler<routes.UpdateClientRoute> = async (c) => {
  const { id } = c.req.valid("param");
  return c.json(
    await clients.updateClient(depsOf(c), c.get("user").id, id, c.req.valid("json")),
    200,
  );
};

export const revokeClient: AppRouteHandler<routes.RevokeClientRoute> = async (c) => {
  await clients.revokeClient(depsOf(c), c.get("user").id, c.req.valid("param").id);
  return c.body(null, 204);
};
