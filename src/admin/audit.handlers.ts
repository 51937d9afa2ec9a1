import { listAuditEvents } from "../audit/service";
import { depsOf } from "../http/deps";
import type { AppRouteHandler } from "../http/types";
import type { ListRoute } from "./audit.routes";

export const list: AppRouteHandler<ListRoute> = async (c) => {
  const page = await listAuditEvents(depsOf(c), c.req.valid("query"));
  return c.json(page, 200);
};
