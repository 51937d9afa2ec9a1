import type { MiddlewareHandler } from "hono";
import { BOOKMARK_PATTERN, replicaReads } from "../db/client";
import type { AppBindings } from "../http/types";
import { ApiError } from "../lib/errors";

export const BOOKMARK_HEADER = "x-d1-bookmark";

/**
 * For the routes whose reads may be a moment stale (admin lists, search, the audit trail,
 * /metrics): their services read through a D1 session on a replica (`Deps.reads`). A client that
 * wrote a moment ago sends the bookmark it got back (`x-d1-bookmark`) to read at least that
 * fresh; a malformed bookmark is 400 `invalid_bookmark` — never a 500. The answer carries the
 * session's bookmark. Routes without this middleware read the primary only.
 */
export const staleReads: MiddlewareHandler<AppBindings> = async (c, next) => {
  const sent = c.req.header(BOOKMARK_HEADER);
  if (sent !== undefined && !BOOKMARK_PATTERN.test(sent)) {
    throw new ApiError("invalid_bookmark", `The ${BOOKMARK_HEADER} header is not a D1 bookmark.`);
  }
  const replica = replicaReads(c.env.DB, sent);
  c.set("replica", replica);
  await next();
  const bookmark = replica.bookmark();
  if (bookmark) c.header(BOOKMARK_HEADER, bookmark);
};
