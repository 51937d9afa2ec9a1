import { type Config, loadConfig } from "../config";
import { log } from "../lib/log";
import { MailMessage } from "./messages";
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
 * batch as a whole.
 */
export async function consumeMail(
  batch: MessageBatch<MailMessage>,
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
  await Promise.all(batch.messages.map((message) => deliver(message, parsed.config.mail, now)));
}

async function deliver(
  message: Message<MailMessage>,
  mail: Config["mail"],
  now: Date,
): Promise<void> {
  const fields = { message_id: message.id, attempts: message.attempts };
  // The queue is typed, but a body from an older version (or a bug) is not trusted.
  const decoded = MailMessage.safeParse(message.body);
  if (!decoded.success) {
    log("error", "mail dropped: unrecognised message", fields);
    message.ack();
    return;
  }
  const body = decoded.data;
  const context = { ...fields, kind: body.kind, idempotency_key: body.idempotency_key };
  if ("expires_at" in body && Date.parse(body.expires_at) <= now.getTime()) {
    log("warn", "mail dropped: the code in it has expired", context);
    message.ack();
    return;
  }

  const rendered = renderMail(body, now);
  if (mail.provider === "log") {
    // Development only (EMAIL_PROVIDER=log): the whole mail, code included, on the console.
    console.log(
      `\n=== mail (EMAIL_PROVIDER=log) ===\nTo: ${body.to}\nSubject: ${rendered.subject}\n\n${rendered.text}\n================================\n`,
    );
    message.ack();
    return;
  }

  const outcome = await sendEmail(mail, body.to, rendered, body.idempotency_key);
  if (outcome.kind === "sent") {
    log("info", "mail sent", context);
    message.ack();
  } else if (outcome.kind === "retry") {
    const delaySeconds = retryDelaySeconds(message.attempts, outcome.retryAfterSeconds);
    log("warn", "mail send failed; will retry", {
      ...context,
      reason: outcome.reason,
      delay_seconds: delaySeconds,
    });
    message.retry({ delaySeconds });
  } else {
    log("error", "mail rejected by the provider; not retried", {
      ...context,
      status: outcome.status,
    });
    message.ack();
  }
}
