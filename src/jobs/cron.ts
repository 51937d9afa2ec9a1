import { loadConfig } from "../config";
import { getDb } from "../db/client";
import { sweepEvents } from "../events/outbox";
import { log } from "../lib/log";
import { sweep } from "../mail/outbox";
import { purge } from "./purge";

/** The Cron Triggers of wrangler.toml. */
export const PURGE_CRON = "0 3 * * *";
export const OUTBOX_CRON = "* * * * *";

/** One scheduled invocation: the nightly purge, or the minutely outbox sweep. */
export async function runCron(cron: string, env: Env, scheduledTime: Date): Promise<void> {
  if (cron === PURGE_CRON) {
    await purge(env, scheduledTime);
    return;
  }
  const parsed = loadConfig(env);
  if (!parsed.ok) return; // the configuration error is already logged, once
  const db = getDb(env.DB);
  const [mail, events] = await Promise.all([
    sweep(db, env.MAIL_QUEUE, parsed.config, scheduledTime),
    sweepEvents(db, env.EVENTS_QUEUE, scheduledTime),
  ]);
  if (mail.enqueued > 0) log("info", "outbox sweep", { enqueued: mail.enqueued });
  if (events.enqueued > 0) log("info", "event outbox sweep", { enqueued: events.enqueued });
}
