import { createRoute, z } from "@hono/zod-openapi";
import { PageCursor, PageLimit } from "../admin/admin.schemas";
import { BEARER, COMMON_ERRORS, jsonContent, problem } from "../lib/openapi";
import { requireAdmin, requireUser } from "../middleware/auth";
import { AUDIT_EVENT_TYPES } from "./service";

const AuditEventSchema = z
  .object({
    id: z.string(),
    type: z.enum(AUDIT_EVENT_TYPES),
    actor_id: z
      .string()
      .nullable()
      .openapi({ description: "Who did it (null: anonymous or system)." }),
    target_id: z.string().nullable().openapi({ description: "The user acted upon." }),
    request_id: z.string().nullable(),
    ip: z.string().nullable(),
    created_at: z.string(),
    data: z
      .record(z.string(), z.unknown())
      .nullable()
      .openapi({ description: "Non-secret details (never a password, token, code or hash)." }),
  })
  .openapi("AuditEvent");

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
  middleware: [requireUser, requireAdmin] as const,
  security: BEARER,
  request: {
    query: z.object({
      limit: PageLimit,
      cursor: PageCursor,
      actor: z.string().max(64).optional(),
      target: z.string().max(64).optional(),
      type: z.enum(AUDIT_EVENT_TYPES).optional(),
    }),
  },
  responses: {
    200: jsonContent(
      z
        .object({ items: z.array(AuditEventSchema), next_cursor: z.string().nullable() })
        .openapi("AuditPage"),
      "One page of events",
    ),
    401: problem(
      "Missing, invalid, expired or revoked access token",
      "unauthorized",
      "invalid_token",
    ),
    403: problem("The caller is not an admin", "forbidden"),
    422: problem("Invalid query parameter or cursor", "validation_failed"),
    ...COMMON_ERRORS,
  },
});

export type ListRoute = typeof list;
