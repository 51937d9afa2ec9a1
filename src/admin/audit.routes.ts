import { createRoute } from "@hono/zod-openapi";
import { AuditPage, AuditQuery } from "../audit/schemas";
import {
  ADMIN_ERRORS,
  BEARER,
  BOOKMARK_ERRORS,
  COMMON_ERRORS,
  jsonContent,
  problem,
} from "../lib/openapi";
import { requireAdmin, requireUser } from "../middleware/auth";
import { staleReads } from "../middleware/stale-reads";

export const list = createRoute({
  method: "get",
  path: "/audit",
  tags: ["Admin"],
  operationId: "listAuditEvents",
  summary: "Read the audit trail",
  description:
    "Security-relevant events, newest first, with the same keyset pagination as the user " +
    `list. Filters: \`actor\`, \`target\` (user ids), \`type\`. Events older than ` +
    "AUDIT_RETENTION_DAYS are pruned nightly.",
  middleware: [requireUser, requireAdmin, staleReads] as const,
  security: BEARER,
  request: { query: AuditQuery },
  responses: {
    ...BOOKMARK_ERRORS,
    200: jsonContent(AuditPage, "One page of events"),
    ...ADMIN_ERRORS,
    422: problem("Invalid query parameter or cursor", "validation_failed"),
    ...COMMON_ERRORS,
  },
});

export type ListRoute = typeof list;
