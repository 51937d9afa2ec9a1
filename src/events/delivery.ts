import { eq, inArray, sql } from "drizzle-orm";
import { type Config, type EventSubscriber, loadConfig } from "../config";
import { batch, type Database, getDb, type Statement } from "../db/client";
import { eventOutbox } from "../db/schema";
import { errorName, log } from "../lib/log";
import { type EventMessage, subscribes } from "./outbox";

/**
 * The EVENTS_QUEUE consumer: delivery per the Standard Webhooks spec (standardwebhooks.com). Each
 * message names an outbox row; the row is read (gone: delivered already, or its change never
 * happened), posted to every subscriber that takes its type and does not have it yet, and then
 * deleted — or, for the subscribers still missing it, retried with backoff under the same
 * `webhook-id`, and after EVENT_MAX_ATTEMPTS tries kept as dead-lettered for the console.
 */

export const EVENT_MAX_ATTEMPTS = 8;
const RETRY_BASE_SECONDS = 30;
const RETRY_MAX_SECONDS = 3600;
/** A subscriber that has not answered in this long has failed this try. */
export const DELIVERY_TIMEOUT_MS = 10_000;

/** 30 s, 1 min, 2 min … capped at an hour: eight tries span about an hour. */
export function eventRetryDelay(attempts: number): number {
  return Math.min(RETRY_BASE_SECONDS * 2 ** Math.max(0, attempts - 1), RETRY_MAX_SECONDS);
}

interface Row {
  id: string;
  type: string;
  data: string;
  createdAt: string;
  deliveredTo: string | null;
  failedAt: string | null;
}

export async function consumeEvents(
  messages: MessageBatch<unknown>,
  env: Env,
  now = new Date(),
): Promise<void> {
  const parsed = loadConfig(env);
  if (!parsed.ok) {
    for (const message of messages.messages) {
      message.retry({ delaySeconds: eventRetryDelay(message.attempts) });
    }
    return;
  }
  const db = getDb(env.DB);
  const wanted = new Map<string, Message<unknown>[]>();
  for (const message of messages.messages) {
    const id = messageId(message.body);
    if (!id) {
      log("error", "event dropped: unrecognised message", { message_id: message.id });
      message.ack();
      continue;
    }
    wanted.set(id, [...(wanted.get(id) ?? []), message]);
  }
  if (wanted.size === 0) return;
  let rows: Row[];
  try {
    [rows] = await batch(db, [
      db
        .select({
          id: eventOutbox.id,
          type: eventOutbox.type,
          data: eventOutbox.data,
          createdAt: eventOutbox.createdAt,
          deliveredTo: eventOutbox.deliveredTo,
          failedAt: eventOutbox.failedAt,
        })
        .from(eventOutbox)
        .where(inArray(eventOutbox.id, [...wanted.keys()])),
    ] as const);
  } catch (error) {
    log("warn", "events not read; retrying", { error: errorName(error) });
    for (const message of messages.messages) {
      message.retry({ delaySeconds: eventRetryDelay(message.attempts) });
    }
    return;
  }
  const byId = new Map(rows.map((row) => [row.id, row]));
  const writes: Statement[] = [];
  const settle: (() => void)[] = [];
  await Promise.all(
    [...wanted].map(async ([id, copies]) => {
      const row = byId.get(id);
      // Copies of one message in a batch (a sweep and a hand-over crossing): one delivery.
      const [message, ...duplicates] = copies;
      for (const copy of duplicates) copy.ack();
      if (!message) return;
      if (!row || row.failedAt) {
        message.ack();
        return;
      }
      const outcome = await deliverRow(env, parsed.config, row, message.attempts, now);
      writes.push(...outcome.writes(db));
      settle.push(outcome.settle(message));
    }),
  );
  try {
    if (writes.length > 0) await batch(db, writes as [Statement, ...Statement[]]);
  } catch (error) {
    // Delivered or not, the row says otherwise: every message comes again (the same ids).
    log("warn", "event deliveries not recorded; retrying", { error: errorName(error) });
    for (const message of messages.messages) {
      message.retry({ delaySeconds: eventRetryDelay(message.attempts) });
    }
    return;
  }
  for (const done of settle) done();
}

function messageId(body: unknown): string | null {
  const message = body as Partial<EventMessage> | null;
  return message?.v === 1 && typeof message.id === "string" && /^msg_[\w-]{1,80}$/.test(message.id)
    ? message.id
    : null;
}

/** Posts one row to the subscribers still missing it; what to write and how to settle after. */
async function deliverRow(env: Env, config: Config, row: Row, attempts: number, now: Date) {
  const had = parseList(row.deliveredTo);
  const targets = config.eventSubscribers.filter(
    (subscriber) => subscribes(subscriber, row.type) && !had.includes(subscriber.id),
  );
  const body = JSON.stringify({
    type: row.type,
    timestamp: row.createdAt,
    data: JSON.parse(row.data) as unknown,
  });
  const results = await Promise.all(
    targets.map(async (subscriber) => ({
      subscriber: subscriber.id,
      error: await post(env, subscriber, row.id, body, now),
    })),
  );
  const failed = results.filter((result) => result.error !== null);
  const delivered = [...had, ...results.filter((r) => r.error === null).map((r) => r.subscriber)];
  const fields = { event_id: row.id, type: row.type, attempts };
  if (failed.length === 0) {
    if (targets.length > 0)
      log("info", "event delivered", { ...fields, subscribers: targets.length });
    return {
      writes: (db: Database) => [db.delete(eventOutbox).where(eq(eventOutbox.id, row.id))],
      settle: (message: Message<unknown>) => () => message.ack(),
    };
  }
  const lastError = JSON.stringify(Object.fromEntries(failed.map((f) => [f.subscriber, f.error])));
  const dead = attempts >= EVENT_MAX_ATTEMPTS;
  const delaySeconds = eventRetryDelay(attempts);
  log(dead ? "error" : "warn", dead ? "event dead-lettered" : "event delivery failed; will retry", {
    ...fields,
    failed: failed.map((f) => `${f.subscriber}: ${f.error}`),
    ...(dead ? {} : { delay_seconds: delaySeconds }),
  });
  const at = now.toISOString();
  return {
    writes: (db: Database) => [
      db
        .update(eventOutbox)
        .set({
          deliveredTo: JSON.stringify(delivered),
          attempts: sql`MAX(${eventOutbox.attempts}, ${attempts})`,
          lastError,
          retryingAt: dead ? null : at,
          failedAt: dead ? at : null,
        })
        .where(eq(eventOutbox.id, row.id)),
    ],
    settle: (message: Message<unknown>) => () =>
      dead ? message.ack() : message.retry({ delaySeconds }),
  };
}

function parseList(value: string | null): string[] {
  if (!value) return [];
  try {
    const list = JSON.parse(value) as unknown;
    return Array.isArray(list)
      ? list.filter((item): item is string => typeof item === "string")
      : [];
  } catch {
    return [];
  }
}

/**
 * One try: the body signed per Standard Webhooks (`v1,` + base64 HMAC-SHA256 of
 * `id.timestamp.body` under each of the subscriber's keys: two during a rotation). Returns null
 * on a 2xx, else why it failed — a status or "timeout"/"unreachable", never a response's text.
 */
async function post(
  env: Env,
  subscriber: EventSubscriber,
  id: string,
  body: string,
  now: Date,
): Promise<string | null> {
  const timestamp = Math.floor(now.getTime() / 1000).toString();
  const signatures = await Promise.all(
    subscriber.secrets.map((key) => sign(key, `${id}.${timestamp}.${body}`)),
  );
  const headers = {
    "content-type": "application/json",
    "user-agent": "coffee-shop-accounts-events/1",
    "webhook-id": id,
    "webhook-timestamp": timestamp,
    "webhook-signature": signatures.map((s) => `v1,${s}`).join(" "),
  };
  const init: RequestInit = {
    method: "POST",
    headers,
    body,
    redirect: "manual",
    signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
  };
  try {
    const service = subscriber.service
      ? (env as unknown as Record<string, Fetcher | undefined>)[subscriber.service]
      : undefined;
    const response = service
      ? await service.fetch(`https://${subscriber.id}.service/events`, init)
      : await fetch(subscriber.url ?? "", init);
    await response.body?.cancel();
    return response.ok ? null : `http ${response.status}`;
  } catch (error) {
    return error instanceof DOMException && error.name === "TimeoutError"
      ? "timeout"
      : "unreachable";
  }
}

const keys = new WeakMap<Uint8Array, Promise<CryptoKey>>();

async function sign(secret: Uint8Array, content: string): Promise<string> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", secret, { name: "HMAC", hash: "SHA-256" }, false, [
      "sign",
    ]);
    keys.set(secret, key);
  }
  const mac = await crypto.subtle.sign("HMAC", await key, new TextEncoder().encode(content));
  return btoa(String.fromCharCode(...new Uint8Array(mac)));
}
