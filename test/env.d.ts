import type { D1Migration } from "@cloudflare/vitest-plugin";

declare global {
  namespace Cloudflare {
    interface Env {
      TEST_MIGRATIONS: D1Migration[];
      /** An empty D1 of the migration test's own (vitest.config.ts). */
      MIGRATION_DB: D1Database;
      /** The settings vitest.config.ts pins (every one the Worker reads). */
      TEST_PINNED_SETTINGS: string[];
      /** Accounts the /metrics scale test grows the table to (vitest.config.ts). */
      TEST_SCALE_USERS: string;
    }
  }
}
