import { depsOf } from "../deps";
import type { AppRouteHandler } from "../lib/types";
import type { ListRoute } from "./audit.routes";
import { listAuditEvents } from "./service";

export const list: AppRouteHandler<ListRoute> = async (c) => {
  const page = await listAuditEvents(depsOf(c), c.req.valid("query"));
  return c.json(page, 200);
};
