import type { Database } from "../db/client";
import { auditEvents } from "../db/schema";

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

/** The insert for one event, to run alone or inside a `db.batch` with the change it records. */
export function auditInsert(db: Database, meta: RequestMeta, event: AuditEvent, now = new Date()) {
  return db.insert(auditEvents).values({
    id: crypto.randomUUID(),
    type: event.type,
    actorId: event.actorId ?? null,
    targetId: event.targetId ?? null,
    requestId: meta.requestId,
    ip: meta.ip,
    createdAt: now.toISOString(),
    data: event.data ?? null,
  });
}
