import { SQL, sql } from "drizzle-orm";
import { eventId, idFloor } from "../crypto/event-id";
import { type Database, raw } from "../db/client";
import { auditEvents } from "../db/schema";
import type { RequestMeta } from "../lib/request";

export { eventId, idFloor };

/**
 * Writing the audit trail. Every feature records its events here; only audit/ reads them (and the
 * two counting statements at the end of this file, for /metrics).
 */
export const AUDIT_EVENT_TYPES = [
  "signup",
  "verify",
  "login.success",
  "login.failure",
  "login.mfa_required",
  "login.refused",
  "mfa.enable",
  "mfa.disable",
  "mfa.recovery_codes",
  "mfa.recovery_code_used",
  "refresh.reuse",
  "logout",
  "logout_all",
  "session.revoke",
  "password.change",
  "password.reset",
  "email.change_request",
  "email.change",
  "account.delete",
  "admin.user_create",
  "admin.user_update",
  "admin.user_delete",
  "admin.role_change",
  "admin.sessions_revoke",
  "admin.mfa_reset",
  "admin.ban",
  "admin.unban",
  "shop.create",
  "shop.update",
  "member.add",
  "member.role",
  "member.remove",
  "invitation.create",
  "invitation.revoke",
  "invitation.accept",
  "key.create",
  "key.revoke",
  "passkey.add",
  "passkey.remove",
  "purge.run",
] as const;
export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

export interface AuditEvent {
  type: AuditEventType;
  actorId?: string | null;
  targetId?: string | null;
  /** Non-secret details only: never a password, token, code or hash. */
  data?: Record<string, unknown>;
}

/** The insert for one event, to run inside the `batch` of the change it records. */
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

type Value = string | null | SQL;

/**
 * The same, written only `WHERE guard` holds when the batch reaches it — for events of a
 * conditional change (see db/claim.ts). Actor and target may be SQL (a subquery for the user).
 */
export function auditWhere(
  meta: RequestMeta,
  event: {
    type: AuditEventType;
    actorId?: Value;
    targetId?: Value;
    data?: Record<string, unknown> | SQL;
  },
  guard: SQL,
  now = new Date(),
) {
  const data =
    event.data instanceof SQL ? event.data : event.data ? JSON.stringify(event.data) : null;
  return raw(sql`
    INSERT INTO ${auditEvents} (id, type, actor_id, target_id, request_id, ip, created_at, data)
    SELECT ${eventId(now.getTime())}, ${event.type}, ${event.actorId ?? null}, ${event.targetId ?? null},
      ${meta.requestId}, ${meta.ip}, ${now.toISOString()}, ${data}
    WHERE ${guard}`);
}

/**
 * One row: for each type, how many events of it were recorded after `since` — each count a
 * range of `audit_events_type_idx` (type, created_at), so the cost is the events counted, not
 * the table.
 */
export function countEventsSince<const T extends AuditEventType>(
  types: readonly T[],
  since: string,
) {
  const counts = types.map(
    (type) =>
      sql`(SELECT COUNT(*) FROM ${auditEvents} WHERE ${auditEvents.type} = ${type} AND ${auditEvents.id} > ${idFloor(since)}) AS ${sql.identifier(type)}`,
  );
  return raw<Record<T, number>>(sql`SELECT ${sql.join(counts, sql`, `)}`);
}

/** The newest event of a type (at most one row, read from the end of its index range). */
export function latestEvent(type: AuditEventType) {
  return raw<{ createdAt: string; data: string | null }>(sql`
    SELECT ${auditEvents.createdAt} AS createdAt, ${auditEvents.data} AS data FROM ${auditEvents}
    WHERE ${auditEvents.type} = ${type}
    ORDER BY ${auditEvents.id} DESC LIMIT 1`);
}
