import { loadConfig } from "../config";
import { getDb } from "../db/client";
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
  const { enqueued } = await sweep(getDb(env.DB), env.MAIL_QUEUE, parsed.config, scheduledTime);
  if (enqueued > 0) log("info", "outbox sweep", { enqueued });
}
