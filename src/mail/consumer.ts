import { type Config, loadConfig } from "../config";
import { open } from "../crypto/seal";
import { getDb, batch as runBatch, type Statement } from "../db/client";
import { errorName, log } from "../lib/log";
import { Mail, QueueMessage } from "./messages";
import { markDelivered, markRetrying } from "./outbox";
import { sendEmail } from "./provider";
import { renderMail } from "./templates";

export const RETRY_BASE_DELAY_SECONDS = 10;
export const RETRY_MAX_DELAY_SECONDS = 600;
/** Cloudflare Queues refuses longer delays. */
const QUEUE_MAX_DELAY_SECONDS = 43_200;

/** 10 s, 20 s, 40 s … capped at 10 min; a provider's Retry-After is honoured when longer. */
export function retryDelaySeconds(attempts: number, retryAfter?: number): number {
  const backoff = Math.min(
    RETRY_BASE_DELAY_SECONDS * 2 ** Math.max(0, attempts - 1),
    RETRY_MAX_DELAY_SECONDS,
  );
  return Math.min(Math.max(backoff, retryAfter ?? 0), QUEUE_MAX_DELAY_SECONDS);
}

/**
 * The MAIL_QUEUE consumer. The messages of a batch are sent concurrently, and each is settled on
 * its own — ack, retry with backoff, or (after max_retries) the dead-letter queue — never the
 * batch as a whole. What was settled for good is marked delivered in the outbox, in one write.
 */
export async function consumeMail(
  batch: MessageBatch<QueueMessage>,
  env: Env,
  _ctx?: ExecutionContext,
): Promise<void> {
  const parsed = loadConfig(env);
  if (!parsed.ok) {
    // Do not lose mail to a misconfiguration: retry once it is fixed (the error is logged once).
    for (const message of batch.messages) {
      message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
    }
    return;
  }
  const now = new Date();
  const settled = await Promise.all(
    batch.messages.map((message) => deliver(message, parsed.config, now)),
  );
  const done = settled.flatMap((s) => (s?.settled ? [s.id] : []));
  const retrying = settled.flatMap((s) => (s && !s.settled ? [s.id] : []));
  if (done.length === 0 && retrying.length === 0) return;
  const db = getDb(env.DB);
  try {
    const writes: Statement[] = [
      ...(done.length > 0 ? [markDelivered(db, done, now)] : []),
      ...(retrying.length > 0 ? [markRetrying(db, retrying, now)] : []),
    ];
    await runBatch(db, writes as [Statement, ...Statement[]]);
  } catch (error) {
    // The mails went out; only the operators' view of the outbox lags.
    log("warn", "mail delivery not recorded in the outbox", { error: errorName(error) });
  }
}

/** Opens a queue message into the mail it carries (null: not a message of ours, or tampered). */
async function openMessage(body: unknown, config: Config): Promise<Mail | null> {
  const message = QueueMessage.safeParse(body);
  if (!message.success) return null;
  const value = message.data;
  const code = value.secret ? await open(config.codeHmacSecret, "mail-outbox", value.secret) : null;
  if (value.secret && code === null) return null;
  const mail = Mail.safeParse({
    ...value.data,
    id: value.id,
    kind: value.kind,
    to: value.to,
    ...(code === null ? {} : { code }),
  });
  return mail.success ? mail.data : null;
}

/**
 * Sends one message; returns its outbox id and whether it is settled for good (sent or dropped)
 * or in the queue's retries — null for a message that is not ours.
 */
async function deliver(
  message: Message<QueueMessage>,
  config: Config,
  now: Date,
): Promise<{ id: string; settled: boolean } | null> {
  const fields = { message_id: message.id, attempts: message.attempts };
  const mail = await openMessage(message.body, config);
  if (!mail) {
    log("error", "mail dropped: unrecognised message", fields);
    message.ack();
    return null;
  }
  const context = { ...fields, kind: mail.kind, idempotency_key: mail.id };
  if ("expires_at" in mail && Date.parse(mail.expires_at) <= now.getTime()) {
    log("warn", "mail dropped: the code in it has expired", context);
    message.ack();
    return { id: mail.id, settled: true };
  }

  const rendered = renderMail(mail, now, {
    brand: config.mail.brand,
    publicUrl: config.publicUrl,
    appUrl: config.appUrl,
  });
  if (config.mail.provider === "log") {
    // Development only (EMAIL_PROVIDER=log): the whole mail, code included, on the console.
    console.log(
      `\n=== mail (EMAIL_PROVIDER=log) ===\nTo: ${mail.to}\nSubject: ${rendered.subject}\n\n${rendered.text}\n================================\n`,
    );
    message.ack();
    return { id: mail.id, settled: true };
  }

  const outcome = await sendEmail(config.mail, mail.to, rendered, mail.id);
  if (outcome.kind === "sent") {
    log("info", "mail sent", context);
    message.ack();
    return { id: mail.id, settled: true };
  }
  if (outcome.kind === "retry") {
    const delaySeconds = retryDelaySeconds(message.attempts, outcome.retryAfterSeconds);
    log("warn", "mail send failed; will retry", {
      ...context,
      reason: outcome.reason,
      delay_seconds: delaySeconds,
    });
    message.retry({ delaySeconds });
    return { id: mail.id, settled: false };
  }
  log("error", "mail rejected by the provider; not retried", {
    ...context,
    status: outcome.status,
  });
  message.ack();
  return { id: mail.id, settled: true };
}
