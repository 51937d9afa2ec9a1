import { desc, isNotNull, sql } from "drizzle-orm";
import { batch, type Database, raw } from "../db/client";
import { eventOutbox } from "../db/schema";
import { handOverEvents } from "./outbox";

/** A dead-lettered event as the console lists it: no payload, only what says what failed. */
export interface FailedEvent {
  id: string;
  type: string;
  createdAt: string;
  failedAt: string;
  attempts: number;
  /** Subscriber id → how its last try failed ("http 500", "timeout", "unreachable"). */
  errors: Record<string, string>;
}

/** Rows shown per page; the table holds only undelivered events, so this is the rare case. */
export const FAILED_EVENTS_LIMIT = 100;

export async function listFailedEvents(db: Database): Promise<FailedEvent[]> {
  const [rows] = await batch(db, [
    db
      .select({
        id: eventOutbox.id,
        type: eventOutbox.type,
        createdAt: eventOutbox.createdAt,
        failedAt: sql<string>`${eventOutbox.failedAt}`,
        attempts: eventOutbox.attempts,
        lastError: eventOutbox.lastError,
      })
      .from(eventOutbox)
      .where(isNotNull(eventOutbox.failedAt))
      .orderBy(desc(eventOutbox.id))
      .limit(FAILED_EVENTS_LIMIT),
  ] as const);
  return rows.map(({ lastError, ...row }) => ({ ...row, errors: parseErrors(lastError) }));
}

function parseErrors(value: string | null): Record<string, string> {
  try {
    const parsed = JSON.parse(value ?? "{}") as unknown;
    return parsed && typeof parsed === "object" ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}

/**
 * Sends a dead-lettered event again, to the subscribers still missing it, with a fresh count of
 * tries and the same `webhook-id`. Only a row still dead-lettered is taken back (one statement:
 * two replays at once enqueue it once). False: no such failed event.
 */
export async function replayEvent(
  db: Database,
  queue: Queue | undefined,
  id: string,
): Promise<boolean> {
  const [taken] = await batch(db, [
    raw<{ id: string }>(sql`
      UPDATE ${eventOutbox} SET failed_at = NULL, retrying_at = NULL, attempts = 0
      WHERE ${eventOutbox.id} = ${id} AND ${eventOutbox.failedAt} IS NOT NULL
      RETURNING id`),
  ] as const);
  if (taken.length === 0) return false;
  await handOverEvents(queue, [id]);
  return true;
}
