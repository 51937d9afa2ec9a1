import { type SQL, sql } from "drizzle-orm";
import type { z } from "zod";
import { type Page, paginate } from "../db/pagination";
import { auditEvents } from "../db/schema";
import type { Deps } from "../deps";
import { type AuditEventType, typeIs } from "./events";
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

interface AuditRow {
  id: string;
  type: string;
  actor_id: string | null;
  target_id: string | null;
  request_id: string | null;
  ip: string | null;
  created_at: string;
  data: string | null;
}

/**
 * Newest first (the id order: ids are time-ordered), keyset-paginated like the user list; each
 * filter reads its own index range. An actor's events are two ranges — the events about
 * themself (through the target index) and the ones about others (the actor index, which holds
 * only those) — each bounded by the page, merged.
 */
export function listAuditEvents(
  deps: Pick<Deps, "reads" | "config">,
  query: z.output<typeof AuditQuery>,
): Promise<Page<AuditEventDto>> {
  const filters: SQL[] = [];
  if (query.target) filters.push(sql`target_id = ${query.target}`);
  if (query.type) filters.push(typeIs(query.type));
  const range = (after: [string, string] | null, extra: SQL[]) => {
    const where = [...filters, ...extra, ...(after ? [sql`id < ${after[1]}`] : [])];
    return where.length > 0 ? sql`WHERE ${sql.join(where, sql` AND `)}` : sql``;
  };
  return paginate({
    secret: deps.config.codeHmacSecret,
    cursor: query.cursor,
    limit: query.limit,
    scope: { actor: query.actor ?? null, target: query.target ?? null, type: query.type ?? null },
    fetch: async (after, take) => {
      if (!query.actor) {
        return deps.reads.all<AuditRow>(sql`SELECT * FROM ${auditEvents} ${range(after, [])}
          ORDER BY id DESC LIMIT ${take}`);
      }
      const actor = query.actor;
      return deps.reads.all<AuditRow>(sql`
        SELECT * FROM (SELECT * FROM ${auditEvents}
            ${range(after, [sql`target_id = ${actor}`, sql`actor_id = ${actor}`])}
            ORDER BY id DESC LIMIT ${take})
        UNION ALL
        SELECT * FROM (SELECT * FROM ${auditEvents}
            ${range(after, [sql`actor_id = ${actor}`, sql`actor_id IS NOT NULL`, sql`actor_id IS NOT target_id`])}
            ORDER BY id DESC LIMIT ${take})
        ORDER BY id DESC LIMIT ${take}`);
    },
    keyOf: (row) => [row.created_at, row.id],
    toItem: (row) => ({
      id: row.id,
      // Only audit/events.ts writes the column, always from AUDIT_EVENT_TYPES.
      type: row.type as AuditEventType,
      actor_id: row.actor_id,
      target_id: row.target_id,
      request_id: row.request_id,
      ip: row.ip,
      created_at: row.created_at,
      data: row.data ? (JSON.parse(row.data) as Record<string, unknown>) : null,
    }),
  });
}
