import { SQL, sql } from "drizzle-orm";
import { eventId, idFloor } from "../crypto/event-id";
import { type Database, raw } from "../db/client";
import { auditEvents, eventCounts } from "../db/schema";
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
  "mfa.sms_add",
  "mfa.sms_remove",
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
  "identity.add",
  "identity.remove",
  "oauth_client.create",
  "oauth_client.update",
  "oauth_client.revoke",
  "oauth.consent",
  "oauth.grant",
  "oauth.code_reuse",
  "purge.run",
] as const;
export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

/**
 * The events of every sign-in, left out of the type index (`audit_events_type_idx` is partial, so
 * each of them writes one index entry fewer): filtered by type, they are found by walking the
 * trail newest first, where they are most of the rows. The list must match migration 0019.
 */
export const FREQUENT_AUDIT_TYPES = [
  "signup",
  "verify",
  "login.success",
  "logout",
] as const satisfies readonly AuditEventType[];

/** Types counted per hour into `event_counts` by a trigger (migration 0019). */
export const COUNTED_AUDIT_TYPES = [
  "signup",
  "verify",
  "login.success",
  "login.failure",
  "login.mfa_required",
  "admin.user_create",
] as const satisfies readonly AuditEventType[];
export type CountedAuditType = (typeof COUNTED_AUDIT_TYPES)[number];
/** Hours of `event_counts` kept: the dashboard's 30 days and a day to spare. */
export const EVENT_COUNT_DAYS = 31;

/**
 * `type = ?`, with the partial index's own condition when the type is in that index: SQLite uses
 * a partial index only when the query repeats its WHERE.
 */
export function typeIs(type: AuditEventType): SQL {
  return (FREQUENT_AUDIT_TYPES as readonly string[]).includes(type)
    ? sql`type = ${type}`
    : sql`type = ${type} AND type NOT IN ('signup', 'verify', 'login.success', 'logout')`;
}

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
 * One row: for each type, how many events of it were recorded from the hour of `since` on — the
 * hourly rows of `event_counts`, at most 25 per type at any traffic (hour-granular: the count of a
 * day starts at the top of the hour 24 hours ago).
 */
export function countEventsSince<const T extends CountedAuditType>(
  types: readonly T[],
  since: string,
) {
  const counts = types.map(
    (type) =>
      sql`(SELECT COALESCE(SUM(n), 0) FROM ${eventCounts} WHERE ${eventCounts.type} = ${type} AND ${eventCounts.hour} >= ${since.slice(0, 13)}) AS ${sql.identifier(type)}`,
  );
  return raw<Record<T, number>>(sql`SELECT ${sql.join(counts, sql`, `)}`);
}

/** The newest event of a type (at most one row, read from the end of its index range). */
export function latestEvent(type: AuditEventType) {
  return raw<{ createdAt: string; data: string | null }>(sql`
    SELECT ${auditEvents.createdAt} AS createdAt, ${auditEvents.data} AS data FROM ${auditEvents}
    WHERE ${typeIs(type)}
    ORDER BY ${auditEvents.id} DESC LIMIT 1`);
}
