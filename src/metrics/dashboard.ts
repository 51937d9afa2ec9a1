import { sql } from "drizzle-orm";
import { idFloor } from "../audit/events";
import { batch, raw } from "../db/client";
import { auditEvents, mailOutbox, shops, users } from "../db/schema";
import type { Deps } from "../deps";

/**
 * The console's dashboard: one batch on a replica (the numbers may be a moment stale). Users by
 * status; sign-ups, verifications and logins per day over 30 days (the audit trail's type index);
 * the outbox backlog; the last purge; the number of shops.
 */
export const DASHBOARD_DAYS = 30;
export const SERIES = ["signup", "verify", "login.success"] as const;

export interface Dashboard {
  byStatus: { status: string; n: number }[];
  days: string[];
  series: Record<(typeof SERIES)[number], number[]>;
  backlog: number;
  lastPurge: { at: string; users: number } | null;
  shops: number;
}

export async function dashboard(deps: Deps, now = new Date()): Promise<Dashboard> {
  const days = Array.from({ length: DASHBOARD_DAYS }, (_, i) =>
    new Date(now.getTime() - (DASHBOARD_DAYS - 1 - i) * 86_400_000).toISOString().slice(0, 10),
  );
  const since = `${days[0]}T00:00:00.000Z`;
  const [byStatus, perDay, backlog, purge, shopCount] = await batch(deps.reads, [
    // Pending from its partial index, verified as the rest (no index per status: db/schema.ts).
    raw<{ status: string; n: number }>(sql`
      SELECT 'pending' AS status, (SELECT COUNT(*) FROM ${users} WHERE "users"."status" = 'pending') AS n
      UNION ALL SELECT 'verified', (SELECT COUNT(*) FROM ${users})
        - (SELECT COUNT(*) FROM ${users} WHERE "users"."status" = 'pending')`),
    raw<{ day: string; type: string; n: number }>(sql`
      SELECT substr(created_at, 1, 10) AS day, type, COUNT(*) AS n FROM ${auditEvents}
      WHERE type IN ${[...SERIES, "admin.user_create"]} AND id >= ${idFloor(since)}
      GROUP BY type, day`),
    raw<{ n: number }>(sql`SELECT COUNT(*) AS n FROM ${mailOutbox} WHERE enqueued_at IS NULL`),
    raw<{ at: string; data: string }>(sql`SELECT created_at AS at, data FROM ${auditEvents}
      WHERE type = 'purge.run' ORDER BY created_at DESC LIMIT 1`),
    raw<{ n: number }>(sql`SELECT COUNT(*) AS n FROM ${shops}`),
  ] as const);
  const series = Object.fromEntries(
    SERIES.map((type) => [
      type,
      days.map((day) =>
        perDay
          // Accounts an admin created are sign-ups too.
          .filter(
            (r) =>
              r.day === day &&
              (r.type === type || (type === "signup" && r.type === "admin.user_create")),
          )
          .reduce((sum, r) => sum + r.n, 0),
      ),
    ]),
  ) as Dashboard["series"];
  const last = purge[0];
  return {
    byStatus,
    days,
    series,
    backlog: backlog[0]?.n ?? 0,
    lastPurge: last
      ? { at: last.at, users: Number((JSON.parse(last.data) as { users?: number }).users ?? 0) }
      : null,
    shops: shopCount[0]?.n ?? 0,
  };
}
