import { eq, type SQL, sql } from "drizzle-orm";
import type { z } from "zod";
import { auditWhere } from "../audit/events";
import { ALWAYS, claimed, newClaim } from "../db/claim";
import { batch } from "../db/client";
import { type SessionRow, sessions, users } from "../db/schema";
import type { Deps } from "../deps";
import { recordEvent } from "../events/outbox";
import type { AuthMethod } from "../lib/domain";
import { ApiError } from "../lib/errors";
import type { AuthSession } from "../lib/types";
import { endedCount, endSession, endSessions } from "./revocation";
import { SESSIONS_LISTED, type SessionInfo } from "./schemas";
import { listSessions } from "./store";

type SessionDto = z.output<typeof SessionInfo>;

function toSessionDto(
  row: SessionRow & { clientName: string | null },
  currentId: string,
): SessionDto {
  return {
    id: row.id,
    created_at: row.createdAt,
    last_used_at: row.lastUsedAt,
    expires_at: row.expiresAt,
    ip: row.ip,
    user_agent: row.userAgent,
    country: row.country,
    amr: row.amr as AuthMethod[],
    current: row.id === currentId,
    client: row.clientId ? { id: row.clientId, name: row.clientName ?? row.clientId } : null,
  };
}

function userNotFound(): ApiError {
  return new ApiError("not_found", "No user with this id.");
}

/** The caller's live sessions, newest first; exactly one is `current`. */
export async function listMySessions(deps: Deps, userId: string, current: AuthSession) {
  const rows = await listSessions(deps.db, deps.config, userId, new Date(), SESSIONS_LISTED);
  return { items: rows.map((row) => toSessionDto(row, current.id)) };
}

/** Ends one of the caller's sessions: its tokens fail on their next use. 404 if not theirs. */
export async function endMySession(deps: Deps, userId: string, sessionId: string): Promise<void> {
  const { db, meta } = deps;
  const now = new Date();
  const claim = newClaim();
  // A grant to an app (the OpenID provider) is named by its client in the audit row and event.
  const client = sql`(SELECT ended.client_id FROM ${sessions} AS ended WHERE ended.id = ${sessionId})`;
  const withClient = (fields: SQL) =>
    sql`json_patch(${fields}, CASE WHEN ${client} IS NULL THEN '{}'
      ELSE json_object('client_id', ${client}) END)`;
  const [ended] = await batch(db, [
    endSession(db, userId, sessionId, claim, now),
    auditWhere(
      meta,
      {
        type: "session.revoke",
        actorId: userId,
        targetId: userId,
        data: withClient(sql`json_object('session_id', ${sessionId})`),
      },
      claimed(sessions, sessions.id, sessionId, sessions.claim, claim),
      now,
    ),
    recordEvent(deps, {
      type: "sessions.revoked",
      data: withClient(
        sql`json_object('user_id', ${userId}, 'session_id', ${sessionId}, 'reason', 'user')`,
      ),
      guard: claimed(sessions, sessions.id, sessionId, sessions.claim, claim),
      now,
    }),
  ] as const);
  if (ended.length === 0) throw new ApiError("not_found", "No live session of yours has this id.");
}

/** "Sign out everywhere else": every session of the caller but the current one ends. */
export async function endMyOtherSessions(deps: Deps, userId: string, current: AuthSession) {
  const { db, meta } = deps;
  const now = new Date();
  const claim = newClaim();
  await batch(db, [
    endSessions(db, userId, now, { keep: current.id, claim }),
    auditWhere(
      meta,
      {
        type: "session.revoke",
        actorId: userId,
        targetId: userId,
        data: endedCount(userId, claim),
      },
      ALWAYS,
      now,
    ),
    recordEvent(deps, {
      type: "sessions.revoked",
      data: { user_id: userId, kept_session_id: current.id, reason: "user" },
      guard: ALWAYS,
      now,
    }),
  ] as const);
}

/** An admin's view of any user's live sessions (404 for an unknown user). */
export async function listUserSessions(deps: Deps, userId: string, caller: AuthSession) {
  const { db, config } = deps;
  const [exists, rows] = await batch(db, [
    db.select({ id: users.id }).from(users).where(eq(users.id, userId)),
    listSessions(db, config, userId, new Date(), SESSIONS_LISTED),
  ] as const);
  if (exists.length === 0) throw userNotFound();
  return { items: rows.map((row) => toSessionDto(row, caller.id)) };
}

/** Force log-out: every session of the user ends, so every token of theirs fails at once. */
export async function endUserSessions(deps: Deps, actorId: string, userId: string) {
  const { db, meta } = deps;
  const now = new Date();
  const claim = newClaim();
  const [, exists] = await batch(db, [
    endSessions(db, userId, now, { claim }),
    db.select({ id: users.id }).from(users).where(eq(users.id, userId)),
    auditWhere(
      meta,
      { type: "admin.sessions_revoke", actorId, targetId: userId, data: endedCount(userId, claim) },
      sql`EXISTS (SELECT 1 FROM ${users} WHERE ${users.id} = ${userId})`,
      now,
    ),
    recordEvent(deps, {
      type: "sessions.revoked",
      data: { user_id: userId, reason: "admin" },
      guard: sql`EXISTS (SELECT 1 FROM ${users} WHERE ${users.id} = ${userId})`,
      now,
    }),
  ] as const);
  if (exists.length === 0) throw userNotFound();
}
