import { and, asc, inArray, isNull, lte, SQL, sql } from "drizzle-orm";
import type { Config } from "../config";
import { seal } from "../crypto/seal";
import { batch, type Database, raw } from "../db/client";
import { mailOutbox, users } from "../db/schema";
import { errorName, log } from "../lib/log";
import type { MailKind, OutboxMessage } from "./messages";

/**
 * The transactional outbox: a mail that a request promises (a 202 "a mail is on its way", a
 * security notice) is recorded in the same D1 batch as the change that promises it, so the two
 * happen together or not at all. After the response the row is handed to MAIL_QUEUE
 * (`handOver`, in `waitUntil`); if that fails — a Queues incident — the minutely cron hands it
 * over again (`sweep`). The row id is the provider's Idempotency-Key: however many times a row
 * is enqueued, the provider mails it once. A Queues outage delays mail; it never loses it, never
 * fails the request, and never claims a mail cooldown for a mail that will not go out.
 *
 * The request's own hand-over writes nothing (D1 bills every row written, and a sign-up's budget
 * is 15): a row is known to be in the queue once the consumer has delivered it (`delivered_at`),
 * is retrying it (it sets `enqueued_at`), or the cron handed it over (it sets `enqueued_at`). A
 * row with none of these a minute after it was written is the cron's; in a consumer backlog
 * longer than that, a mail is enqueued twice and still sent once (the Idempotency-Key).
 */

export interface OutboxRow {
  id: string;
  kind: string;
  toEmail: string;
  /** JSON text as RETURNING gives it. */
  data: string;
  secret: string | null;
}

/** A row not handed over this long after it was written is the cron's to hand over. */
export const HANDOVER_GRACE_SECONDS = 60;
/** Rows per sweep: one `sendBatch` (at most 100 messages) and one UPDATE (at most 100 parameters). */
export const SWEEP_BATCH = 50;

/**
 * The insert of one mail, written only `WHERE guard` holds when the batch reaches it — the
 * same condition as the change the mail belongs to. `to` and `data` may be SQL over the rows of
 * `from` (e.g. `FROM users WHERE …`, to greet an account holder by the name stored now).
 */
export function recordMail(input: {
  kind: MailKind;
  to: string | SQL;
  data: Record<string, unknown> | SQL;
  /** A code mail's code, sealed with `sealCode`. */
  secret?: string;
  from?: SQL;
  guard: SQL;
  now: Date;
}) {
  const data = input.data instanceof SQL ? input.data : JSON.stringify(input.data);
  const where = input.from ? sql`${input.from} AND ${input.guard}` : sql`WHERE ${input.guard}`;
  return raw<OutboxRow>(sql`
    INSERT INTO ${mailOutbox} (id, kind, to_email, data, secret, created_at)
    SELECT ${crypto.randomUUID()}, ${input.kind}, ${input.to}, ${data}, ${input.secret ?? null},
      ${input.now.toISOString()}
    ${where}
    RETURNING id, kind, to_email AS toEmail, data, secret`);
}

/**
 * A security notice to an account holder, at the address and with the name stored when the batch
 * reaches it — recorded only `WHERE guard` holds (the change it tells of happened). Notices are
 * never held back by the mail cooldown. `extra` adds non-secret template fields.
 */
export function recordNotice(input: {
  kind: MailKind;
  userId: string;
  guard: SQL;
  now: Date;
  /** Another address than the one stored (the old one, after an email change). */
  to?: string;
  extra?: Record<string, string>;
}) {
  const extra = Object.entries(input.extra ?? {}).map(([key, value]) => sql`, ${key}, ${value}`);
  return recordMail({
    kind: input.kind,
    to: input.to ?? sql`${users.email}`,
    data: sql`json_object('name', ${users.name}${sql.join(extra)})`,
    from: sql`FROM ${users} WHERE ${users.id} = ${input.userId}`,
    guard: input.guard,
    now: input.now,
  });
}

/** A code as the outbox keeps it: sealed under a key derived for the outbox only. */
export function sealCode(config: Config, code: string): Promise<string> {
  return seal(config.codeHmacSecret, "mail-outbox", code);
}

export function toQueueMessage(row: OutboxRow): OutboxMessage {
  return {
    v: 2,
    id: row.id,
    kind: row.kind,
    to: row.toEmail,
    data: JSON.parse(row.data) as Record<string, unknown>,
    secret: row.secret,
  };
}

/**
 * Hands recorded rows to the queue; `mark` (the cron) records that it did. Never throws: a
 * failure is logged (by name only) and left to the cron, which finds the rows still waiting.
 */
export async function handOver(
  db: Database,
  queue: Queue,
  rows: readonly OutboxRow[],
  now = new Date(),
  mark = true,
): Promise<void> {
  if (rows.length === 0) return;
  try {
    await queue.sendBatch(rows.map((row) => ({ body: toQueueMessage(row), contentType: "json" })));
  } catch (error) {
    log("warn", "mail hand-over failed; the cron will retry", {
      rows: rows.length,
      error: errorName(error),
    });
    return;
  }
  if (!mark) return;
  try {
    await batch(db, [
      db
        .update(mailOutbox)
        .set({ enqueuedAt: now.toISOString() })
        .where(
          inArray(
            mailOutbox.id,
            rows.map((row) => row.id),
          ),
        ),
    ] as const);
  } catch (error) {
    // Enqueued but not marked: the cron enqueues it again, and the Idempotency-Key holds.
    log("warn", "mail hand-over not recorded", { rows: rows.length, error: errorName(error) });
  }
}

/**
 * The minutely cron: rows written more than a minute ago and still not handed over, oldest
 * first, a bounded batch per run.
 */
export async function sweep(db: Database, queue: Queue, config: Config, now = new Date()) {
  const cutoff = new Date(now.getTime() - HANDOVER_GRACE_SECONDS * 1000).toISOString();
  const [waiting] = await batch(db, [
    db
      .select({
        id: mailOutbox.id,
        kind: mailOutbox.kind,
        toEmail: mailOutbox.toEmail,
        data: sql<string>`${mailOutbox.data}`,
        secret: mailOutbox.secret,
      })
      .from(mailOutbox)
      // A row the consumer has settled is never handed over again, marked enqueued or not.
      .where(
        and(
          isNull(mailOutbox.enqueuedAt),
          isNull(mailOutbox.deliveredAt),
          lte(mailOutbox.createdAt, cutoff),
        ),
      )
      .orderBy(asc(mailOutbox.createdAt))
      .limit(SWEEP_BATCH),
    forgetExpiredCodes(config, now),
  ] as const);
  await handOver(db, queue, waiting, now);
  return { enqueued: waiting.length };
}

/**
 * A sealed code stays in the outbox only while it can still be used: rows older than a code's
 * lifetime lose it. A delivered row's code went with its mark (`markDelivered`), so the rows
 * that still hold one are among the undelivered (mail_outbox_undelivered_idx). Bounded per run.
 */
function forgetExpiredCodes(config: Config, now: Date) {
  const expired = new Date(now.getTime() - config.codeTtlSeconds * 1000).toISOString();
  return raw(sql`UPDATE ${mailOutbox} SET secret = NULL
    WHERE id IN (SELECT id FROM ${mailOutbox} AS sealed
      WHERE sealed.delivered_at IS NULL AND sealed.secret IS NOT NULL
        AND sealed.created_at <= ${expired}
      LIMIT ${SWEEP_BATCH * 10})`);
}

/** The consumer's record of the rows it is retrying: the cron leaves them to the queue. */
export function markRetrying(db: Database, ids: readonly string[], now = new Date()) {
  return db
    .update(mailOutbox)
    .set({ enqueuedAt: now.toISOString() })
    .where(and(inArray(mailOutbox.id, [...ids]), isNull(mailOutbox.deliveredAt)));
}

/**
 * The consumer's record of what it has settled for good (sent, or dropped as undeliverable): the
 * sealed code goes with it — a delivered mail's code is never needed again.
 */
export function markDelivered(db: Database, ids: readonly string[], now = new Date()) {
  return db
    .update(mailOutbox)
    .set({ deliveredAt: now.toISOString(), secret: null })
    .where(inArray(mailOutbox.id, [...ids]));
}

/**
 * After the response: the rows a request's batch recorded go to the queue, unmarked (see the top
 * of this file). The hand-over starts from a timer, once the response is on its way, so its
 * queue call is never on the request's latency path.
 */
export function handOverLater(
  deps: { db: Database; env: Env; waitUntil(work: Promise<unknown>): void },
  rows: readonly OutboxRow[],
): void {
  if (rows.length === 0) return;
  deps.waitUntil(
    new Promise((resolve) => setTimeout(resolve, 0)).then(() =>
      handOver(deps.db, deps.env.MAIL_QUEUE, rows, new Date(), false),
    ),
  );
}
