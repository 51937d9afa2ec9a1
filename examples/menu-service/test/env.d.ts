import type { D1Migration } from "@cloudflare/vitest-plugin";

declare global {
  namespace Cloudflare {
    interface Env {
      /** Test-only: the accounts Worker's default (HTTP) entrypoint and its database. */
      ACCOUNTS_HTTP: Fetcher;
      ACCOUNTS_DB: D1Database;
      TEST_MIGRATIONS: D1Migration[];
    }
  }
}
