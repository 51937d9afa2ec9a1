import { app } from "./app";
import { purge } from "./jobs/purge";
import { consumeMail } from "./mail/consumer";
import type { MailMessage } from "./mail/messages";

/** The Worker: the HTTP API, the mail queue consumer and the nightly purge. */
export default {
  fetch: app.fetch,
  queue: consumeMail,
  async scheduled(controller, env, _ctx) {
    await purge(env, new Date(controller.scheduledTime));
  },
} satisfies ExportedHandler<Env, MailMessage>;
