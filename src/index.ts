import type { QueueMessage } from "./mail/messages";

/**
 * The Worker: the HTTP API, the mail queue consumer and the cron jobs. Each is imported on its
 * first use, so a new isolate starts by evaluating only this file: the HTTP app (Hono, every
 * route's zod schemas) is built by the first request, and a queue or cron invocation never
 * builds it at all. See README, "Benchmark" (cold start).
 */
let app: Promise<typeof import("./app").app> | undefined;
const httpApp = () => (app ??= import("./app").then((module) => module.app));

export default {
  async fetch(request, env, ctx) {
    return (await httpApp()).fetch(request, env, ctx);
  },
  async queue(batch, env, ctx) {
    const { consumeMail } = await import("./mail/consumer");
    await consumeMail(batch, env, ctx);
  },
  async scheduled(controller, env, _ctx) {
    const { runCron } = await import("./jobs/cron");
    await runCron(controller.cron, env, new Date(controller.scheduledTime));
  },
} satisfies ExportedHandler<Env, QueueMessage>;
