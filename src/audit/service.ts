import { and, desc, eq, type SQL, sql } from "drizzle-orm";
import type { z } from "zod";
import { type Page, paginate } from "../db/pagination";
import { auditEvents } from "../db/schema";
import type { Deps } from "../deps";
import type { AuditEventType } from "./events";
import type { AuditQuery } from "./schemas";

export interface AuditEventDto {
  id: string;
  type: AuditEventType;
  actor_id: string | null;
  target_id: string | null;
  request_id: string | null;
  ip: string | null;
  created_at: string;
  data: Record<string, unknown> | null;
}

/** Newest first, keyset-paginated like the user list; each filter has its own index. */
export function listAuditEvents(
  deps: Pick<Deps, "reads" | "config">,
  query: z.output<typeof AuditQuery>,
): Promise<Page<AuditEventDto>> {
  const conditions: SQL[] = [];
  if (query.actor) conditions.push(eq(auditEvents.actorId, query.actor));
  if (query.target) conditions.push(eq(auditEvents.targetId, query.target));
  if (query.type) conditions.push(eq(auditEvents.type, query.type));
  return paginate({
    secret: deps.config.codeHmacSecret,
    cursor: query.cursor,
    limit: query.limit,
    scope: { actor: query.actor ?? null, target: query.target ?? null, type: query.type ?? null },
    fetch: (after, take) =>
      deps.reads
        .select()
        .from(auditEvents)
        .where(
          and(
            ...conditions,
            after
              ? sql`(${auditEvents.createdAt}, ${auditEvents.id}) < (${after[0]}, ${after[1]})`
              : undefined,
          ),
        )
        .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
        .limit(take),
    keyOf: (row) => [row.createdAt, row.id],
    toItem: (row) => ({
      id: row.id,
      // Only audit/events.ts writes the column, always from AUDIT_EVENT_TYPES.
      type: row.type as AuditEventType,
      actor_id: row.actorId,
      target_id: row.targetId,
      request_id: row.requestId,
      ip: row.ip,
      created_at: row.createdAt,
      data: row.data ?? null,
    }),
  });
}
