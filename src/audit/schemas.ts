import { z } from "@hono/zod-openapi";
import { PageCursor, PageLimit } from "../lib/openapi";
import { AUDIT_EVENT_TYPES } from "./events";

export const AuditEventSchema = z
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

export const AuditQuery = z.object({
  limit: PageLimit,
  cursor: PageCursor,
  actor: z.string().max(64).optional(),
  target: z.string().max(64).optional(),
  type: z.enum(AUDIT_EVENT_TYPES).optional(),
});

export const AuditPage = z
  .object({ items: z.array(AuditEventSchema), next_cursor: z.string().nullable() })
  .openapi("AuditPage");
