import { app } from "./app";

/** The Worker: HTTP API. */
export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
