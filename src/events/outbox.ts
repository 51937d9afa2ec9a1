import { and, asc, inArray, isNull, lt, or, SQL, sql } from "drizzle-orm";
import type { Config, EventSubscriber } from "../config";
import { eventId, idFloor } from "../crypto/event-id";
import { batch, type Database, type Raw, raw } from "../db/client";
import { eventOutbox, users } from "../db/schema";
import { errorName, log } from "../lib/log";

/**
 * Events for the platform's other services (docs/events.md) — the mail outbox's pattern. An event
 * is one row written in the same D1 batch as the change it tells of (`WHERE guard`: the same
 * condition as the change), so the two happen together or not at all. After the response its id
 * goes to EVENTS_QUEUE; the consumer reads the row, delivers it and deletes it. If the hand-over
 * did not happen (a Queues incident, an isolate gone), the minutely cron finds the row and hands
 * it over. Nothing is written for an event no subscriber takes.
 *
 * The request writes the row and nothing else: no "handed over" mark. A row neither delivered
 * nor in the queue's hands (`retrying_at`: set by the consumer's retry and by the cron's own
 * hand-over) two minutes after it was written is the cron's; at worst a backlog longer than that
 * is delivered twice, under the same `webhook-id` (at least once).
 */

export const EVENT_TYPES = [
  "user.created",
  "user.verified",
  "user.updated",
  "user.deleted",
  "user.banned",
  "user.unbanned",
  "sessions.revoked",
  "membership.created",
  "membership.updated",
  "membership.deleted",
  "api_key.revoked",
  "oauth_client.created",
  "oauth_client.updated",
  "oauth_client.revoked",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** The queue message: the row's id; the consumer reads the rest from D1, where it is the truth. */
export interface EventMessage {
  v: 1;
  id: string;
}

/** A row not handed over this long after it was written is the cron's to hand over. */
export const EVENT_HANDOVER_GRACE_SECONDS = 120;
/** A row in retries this long without news (its queue message lost) is handed over again. */
export const EVENT_STUCK_SECONDS = 2 * 3600;
/** Rows per sweep: one `sendBatch` (at most 100 messages). */
export const EVENT_SWEEP_BATCH = 50;

/** Does `subscriber` take events of `type` (`*`, `user.*` or the type itself)? */
export function subscribes(subscriber: EventSubscriber, type: string): boolean {
  return subscriber.events.some(
    (pattern) =>
      pattern === "*" ||
      pattern === type ||
      (pattern.endsWith(".*") && type.startsWith(pattern.slice(0, -1))),
  );
}

/** Where a request leaves the ids of the events it recorded, for the hand-over after it. */
export interface EventSink {
  config: Config;
  events: string[];
}

/**
 * The insert of one event, written only `WHERE guard` holds when the batch reaches it. `data` may
 * be SQL over the rows of `from` (e.g. `FROM users WHERE …`: the account as the batch leaves it).
 * No subscriber takes the type: a statement that touches nothing, so a batch's results keep
 * their positions whatever the configuration.
 */
export function recordEvent(
  sink: EventSink,
  input: {
    type: EventType;
    data: Record<string, unknown> | SQL;
    from?: SQL;
    guard: SQL;
    now: Date;
  },
): Raw<never> {
  if (!sink.config.eventSubscribers.some((s) => subscribes(s, input.type))) return NOTHING;
  const id = `msg_${eventId(input.now.getTime())}`;
  sink.events.push(id);
  const data = input.data instanceof SQL ? input.data : JSON.stringify(input.data);
  const where = input.from ? sql`${input.from} AND ${input.guard}` : sql`WHERE ${input.guard}`;
  return raw(sql`
    INSERT INTO ${eventOutbox} (id, type, data, created_at)
    SELECT ${id}, ${input.type}, ${data}, ${input.now.toISOString()}
    ${where}`);
}

const NOTHING = raw(sql`SELECT 1 WHERE 0`);

/**
 * One event per row of `from` (a bulk change: the nightly purge), each id the batch's time-ordered
 * prefix and the row's `key`. RETURNING the ids, for the hand-over.
 */
export function recordEventPerRow(
  config: Config,
  input: { type: EventType; key: SQL; data: SQL; from: SQL; now: Date },
): Raw<{ id: string }> {
  if (!config.eventSubscribers.some((s) => subscribes(s, input.type))) return NOTHING;
  return raw(sql`
    INSERT INTO ${eventOutbox} (id, type, data, created_at)
    SELECT ${`msg_${eventId(input.now.getTime())}-`} || ${input.key}, ${input.type}, ${input.data},
      ${input.now.toISOString()}
    ${input.from}
    RETURNING id`);
}

/** The account's event fields as the batch leaves them: ids and profile, never a secret. */
export const USER_FIELDS = sql`json_object('id', ${users.id}, 'email', ${users.email},
  'name', ${users.name}, 'surname', ${users.surname}, 'role', ${users.role},
  'status', ${users.status})`;

/** `FROM users WHERE id = …`: the row the event's data is read from. */
export function fromUser(userId: string | SQL): SQL {
  return sql`FROM ${users} WHERE ${users.id} = ${userId}`;
}

/** A `user.*` event about one account, with its fields as the batch leaves them. */
export function recordUserEvent(
  sink: EventSink,
  type: "user.created" | "user.verified" | "user.updated" | "user.banned" | "user.unbanned",
  userId: string | SQL,
  guard: SQL,
  now: Date,
  extra: Record<string, unknown> = {},
) {
  const more = Object.entries(extra).map(
    ([key, value]) =>
      sql`, ${`$.${key}`}, ${Array.isArray(value) ? sql`json(${JSON.stringify(value)})` : value}`,
  );
  return recordEvent(sink, {
    type,
    data: sql`json_insert(${USER_FIELDS}${sql.join(more)})`,
    from: fromUser(userId),
    guard,
    now,
  });
}

/**
 * Hands recorded events to the queue; false if it could not. Never throws: what it misses, the
 * cron hands over.
 */
export async function handOverEvents(
  queue: Queue | undefined,
  ids: readonly string[],
): Promise<boolean> {
  if (ids.length === 0 || !queue) return false;
  try {
    await queue.sendBatch(
      ids.map((id) => ({
        body: { v: 1, id } satisfies EventMessage,
        contentType: "json" as const,
      })),
    );
  } catch (error) {
    log("warn", "event hand-over failed; the cron will retry", {
      events: ids.length,
      error: errorName(error),
    });
    return false;
  }
  return true;
}

/**
 * The minutely cron: events written more than two minutes ago that are neither in the queue's
 * retries nor dead-lettered, and those whose retries went quiet — oldest first, bounded. A
 * subscriber list emptied since leaves rows the consumer settles at once.
 */
export async function sweepEvents(db: Database, queue: Queue | undefined, now = new Date()) {
  if (!queue) return { enqueued: 0 };
  const grace = new Date(now.getTime() - EVENT_HANDOVER_GRACE_SECONDS * 1000).toISOString();
  const stuck = new Date(now.getTime() - EVENT_STUCK_SECONDS * 1000).toISOString();
  const [waiting] = await batch(db, [
    db
      .select({ id: eventOutbox.id })
      .from(eventOutbox)
      .where(
        and(
          // Time-ordered ids: the rows written before the grace are a key range.
          lt(eventOutbox.id, `msg_${idFloor(grace)}`),
          isNull(eventOutbox.failedAt),
          or(isNull(eventOutbox.retryingAt), lt(eventOutbox.retryingAt, stuck)),
        ),
      )
      .orderBy(asc(eventOutbox.id))
      .limit(EVENT_SWEEP_BATCH),
  ] as const);
  const ids = waiting.map((row) => row.id);
  if (ids.length === 0) return { enqueued: 0 };
  if (!(await handOverEvents(queue, ids))) return { enqueued: 0 };
  // Marked as in the queue's hands, so the next minutes' sweeps leave them to it.
  await batch(db, [
    db
      .update(eventOutbox)
      .set({ retryingAt: now.toISOString() })
      .where(and(inArray(eventOutbox.id, ids), isNull(eventOutbox.failedAt))),
  ] as const);
  return { enqueued: ids.length };
}
