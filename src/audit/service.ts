import { and, desc, eq, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { randomBytes, toHex } from "../crypto/encoding";
import type { Database } from "../db/client";
import { auditEvents } from "../db/schema";
import { decodeCursor, encodeCursor } from "../lib/cursor";
import { ApiError } from "../lib/errors";

export const AUDIT_EVENT_TYPES = [
  "signup",
  "verify",
  "login.success",
  "login.failure",
  "refresh.reuse",
  "logout",
  "logout_all",
  "password.change",
  "password.reset",
  "account.delete",
  "admin.user_create",
  "admin.user_update",
  "admin.user_delete",
  "admin.role_change",
  "purge.run",
] as const;
export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

/** Who asked, from where: attached to every audit event. */
export interface RequestMeta {
  requestId: string | null;
  ip: string | null;
}

export interface AuditEvent {
  type: AuditEventType;
  actorId?: string | null;
  targetId?: string | null;
  /** Non-secret details only: never a password, token, code or hash. */
  data?: Record<string, unknown>;
}

let lastMs = 0;
let sequence = 0;

/**
 * Time-ordered ids (ms timestamp, a per-isolate sequence, randomness), so events written in the
 * same millisecond still list in the order they happened.
 */
function eventId(ms: number): string {
  if (ms > lastMs) {
    lastMs = ms;
    sequence = 0;
  } else sequence += 1;
  const random = toHex(randomBytes(8));
  return `${lastMs.toString(16).padStart(12, "0")}-${sequence.toString(16).padStart(6, "0")}-${random}`;
}

/** The insert for one event, to run alone or inside a `db.batch` with the change it records. */
export function auditInsert(db: Database, meta: RequestMeta, event: AuditEvent, now = new Date()) {
  return db.insert(auditEvents).values({
    id: eventId(now.getTime()),
    type: event.type,
    actorId: event.actorId ?? null,
    targetId: event.targetId ?? null,
    requestId: meta.requestId,
    ip: meta.ip,
    createdAt: now.toISOString(),
    data: event.data ?? null,
  });
}

const AuditCursor = z.object({
  actor: z.string().nullable(),
  target: z.string().nullable(),
  type: z.string().nullable(),
  key: z.tuple([z.string(), z.string()]),
});

export interface ListAuditQuery {
  limit: number;
  cursor?: string;
  actor?: string;
  target?: string;
  type?: AuditEventType;
}

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
export async function listAuditEvents(
  deps: { db: Database; config: { jwtSecret: string } },
  query: ListAuditQuery,
): Promise<{ items: AuditEventDto[]; next_cursor: string | null }> {
  const scope = {
    actor: query.actor ?? null,
    target: query.target ?? null,
    type: query.type ?? null,
  };
  const conditions: SQL[] = [];
  if (query.actor) conditions.push(eq(auditEvents.actorId, query.actor));
  if (query.target) conditions.push(eq(auditEvents.targetId, query.target));
  if (query.type) conditions.push(eq(auditEvents.type, query.type));
  if (query.cursor) {
    const after = await decodeCursor(deps.config.jwtSecret, query.cursor, AuditCursor);
    const { key, ...cursorScope } = after;
    if (JSON.stringify(cursorScope) !== JSON.stringify(scope)) {
      throw new ApiError("validation_failed", "The cursor belongs to another query.", {
        errors: [{ path: "cursor", message: "Cursor does not match the filters" }],
      });
    }
    conditions.push(sql`(${auditEvents.createdAt}, ${auditEvents.id}) < (${key[0]}, ${key[1]})`);
  }
  const rows = await deps.db
    .select()
    .from(auditEvents)
    .where(and(...conditions))
    .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const next_cursor =
    rows.length > query.limit && last
      ? await encodeCursor(deps.config.jwtSecret, { ...scope, key: [last.createdAt, last.id] })
      : null;
  return {
    items: page.map((row) => ({
      id: row.id,
      // Only this module writes the column, always from AUDIT_EVENT_TYPES.
      type: row.type as AuditEventType,
      actor_id: row.actorId,
      target_id: row.targetId,
      request_id: row.requestId,
      ip: row.ip,
      created_at: row.createdAt,
      data: row.data ?? null,
    })),
    next_cursor,
  };
}
