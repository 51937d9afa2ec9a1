import { WorkerEntrypoint } from "cloudflare:workers";
import type { QueueMessage } from "./mail/messages";
import type { Authorization, VerifiedApiKey, VerifiedCaller } from "./rpc/verify";

/**
 * The Worker: the HTTP API, the mail queue consumer, the cron jobs and (below) the RPC
 * entrypoint for sibling Workers. Each is imported on its
 * first use, so a new isolate starts by evaluating only this file: the HTTP app (Hono, every
 * route's zod schemas) is built by the first request, and a queue or cron invocation never
 * builds it at all. See docs/benchmark.md (cold start).
 */
let app: Promise<typeof import("./app").app> | undefined;
const httpApp = () => (app ??= import("./app").then((module) => module.app));

export default {
  async fetch(request, env, ctx) {
    return (await httpApp()).fetch(request, env, ctx);
  },
  async queue(batch, env, ctx) {
    // Two queues, one consumer each: events (docs/events.md) and mail.
    if (batch.queue.endsWith("-events")) {
      const { consumeEvents } = await import("./events/delivery");
      await consumeEvents(batch, env);
      return;
    }
    const { consumeMail } = await import("./mail/consumer");
    await consumeMail(batch as MessageBatch<QueueMessage>, env, ctx);
  },
  async scheduled(controller, env, _ctx) {
    const { runCron } = await import("./jobs/cron");
    await runCron(controller.cron, env, new Date(controller.scheduledTime));
  },
} satisfies ExportedHandler<Env, unknown>;

export type { Authorization, VerifiedApiKey, VerifiedCaller };

/**
 * The Service Binding entrypoint for the platform's other Workers (docs/api.md, "Tokens other
 * services verify"): bind with `services = [{ binding = "ACCOUNTS", service =
 * "coffee-shop-accounts", entrypoint = "AccountsService" }]`, then
 * `await env.ACCOUNTS.verifyAccessToken(token)`. No network hop, and the same revocation checks
 * as the API.
 */
export class AccountsService extends WorkerEntrypoint<Env> {
  /** The caller behind a live access token, or null (invalid, expired or revoked). */
  async verifyAccessToken(token: string): Promise<VerifiedCaller | null> {
    const { verifyForService } = await import("./rpc/verify");
    return verifyForService(this.env, token);
  }

  /**
   * May the caller behind `token` do `permission` (GET /v1/permissions) in shop `shopId`, as D1
   * has it now? `{allowed, role}`; an invalid token or an unknown permission is not allowed.
   */
  async authorize(token: string, shopId: string, permission: string): Promise<Authorization> {
    const { authorizeForService } = await import("./rpc/verify");
    return authorizeForService(this.env, token, shopId, permission);
  }

  /**
   * A till's or kiosk's key (`csk_…`) → `{id, shop_id, scopes, expires_at, rate_limited}` or
   * null. Cached in the isolate for 30 s: a revoked key stops working within 30 s.
   */
  async verifyApiKey(key: string): Promise<VerifiedApiKey | null> {
    const { verifyApiKeyForService } = await import("./rpc/verify");
    return verifyApiKeyForService(this.env, key, (work) => this.ctx.waitUntil(work));
  }
}
