import { depsOf } from "../http/deps";
import type { AppRouteHandler } from "../http/types";
import { callerActor } from "../middleware/auth";
import type * as routes from "./api-keys.routes";
import * as service from "./service";

export const create: AppRouteHandler<routes.CreateRoute> = async (c) => {
  const { id } = c.req.valid("param");
  const key = await service.createKey(depsOf(c), callerActor(c), id, c.req.valid("json"));
  return c.json(key, 201);
};

export const list: AppRouteHandler<routes.ListRoute> = async (c) => {
  const { id } = c.req.valid("param");
  const page = await service.listKeys(depsOf(c), callerActor(c), id, c.req.valid("query"));
  return c.json(page, 200);
};

export const revoke: AppRouteHandler<routes.RevokeRoute> = async (c) => {
  const { id, key_id } = c.req.valid("param");
  await service.revokeKey(depsOf(c), callerActor(c), id, key_id);
  return c.body(null, 204);
};

export const self: AppRouteHandler<routes.SelfRoute> = (c) => {
  const key = c.get("apiKey");
  return c.json(
    {
      id: key.id,
      shop_id: key.shop_id,
      scopes: key.scopes as ("till.open" | "shop.read")[],
      expires_at: key.expires_at,
    },
    200,
  );
};
