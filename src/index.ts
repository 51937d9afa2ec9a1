import { app } from "./app";
import { consumeMail } from "./mail/consumer";

/** The Worker: the HTTP API and the mail queue consumer. */
export default {
  fetch: app.fetch,
  queue: consumeMail,
} satisfies ExportedHandler<Env>;
