import { sql } from "drizzle-orm";
import { raw } from "../db/client";
import { counts } from "../db/schema";

/** The one row of `counts` (db/schema.ts: kept exact by triggers), as /metrics and the dashboard read it. */
export interface CountsRow {
  usersAdminPending: number;
  usersAdminVerified: number;
  usersUserPending: number;
  usersUserVerified: number;
  usersMfa: number;
  sessionsOpen: number;
  shops: number;
}

/** One row read, at any table size. */
export function readCounts() {
  return raw<CountsRow>(sql`SELECT
    ${counts.usersAdminPending} AS usersAdminPending, ${counts.usersAdminVerified} AS usersAdminVerified,
    ${counts.usersUserPending} AS usersUserPending, ${counts.usersUserVerified} AS usersUserVerified,
    ${counts.usersMfa} AS usersMfa, ${counts.sessionsOpen} AS sessionsOpen, ${counts.shops} AS shops
    FROM ${counts} WHERE ${counts.id} = 1`);
}
