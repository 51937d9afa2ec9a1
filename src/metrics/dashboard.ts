import { sql } from "drizzle-orm";
import { latestEvent } from "../audit/events";
import { batch, raw } from "../db/client";
import { eventCounts, mailOutbox } from "../db/schema";
import type { Deps } from "../deps";
import { isoIn } from "../lib/time";
import { HANDOVER_GRACE_SECONDS } from "../mail/outbox";
import { readCounts } from "./counts";

/**
 * The console's dashboard: one batch on a replica (the numbers may be a moment stale), a bounded
 * read at any size. Users by status and the number of shops (the row of `counts`); sign-ups,
 * verifications and logins per day over 30 days (hourly `event_counts`); the outbox backlog; the
 * last purge.
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
  const [[row], perDay, backlog, purge] = await batch(deps.reads, [
    readCounts(),
    // At most 24 hourly rows per type and day (event_counts), whatever the traffic.
    raw<{ day: string; type: string; n: number }>(sql`
      SELECT substr(hour, 1, 10) AS day, type, SUM(n) AS n FROM ${eventCounts}
      WHERE type IN ${[...SERIES, "admin.user_create"]} AND hour >= ${since.slice(0, 13)}
      GROUP BY type, day`),
    raw<{ n: number }>(sql`SELECT COUNT(*) AS n FROM ${mailOutbox}
      WHERE delivered_at IS NULL AND enqueued_at IS NULL
        AND created_at <= ${isoIn(now, -HANDOVER_GRACE_SECONDS)}`),
    latestEvent("purge.run"),
  ] as const);
  const byStatus = [
    { status: "pending", n: (row?.usersAdminPending ?? 0) + (row?.usersUserPending ?? 0) },
    { status: "verified", n: (row?.usersAdminVerified ?? 0) + (row?.usersUserVerified ?? 0) },
  ];
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
      ? {
          at: last.createdAt,
          users: Number((JSON.parse(last.data ?? "{}") as { users?: number }).users ?? 0),
        }
      : null,
    shops: row?.shops ?? 0,
  };
}
