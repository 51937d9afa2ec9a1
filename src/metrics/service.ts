import { sql } from "drizzle-orm";
import { countEventsSince, latestEvent } from "../audit/events";
import { batch, type Database, raw } from "../db/client";
import { eventOutbox, mailOutbox } from "../db/schema";
import { ROLES, type Role, STATUSES, type Status } from "../lib/domain";
import { isoIn } from "../lib/time";
import { HANDOVER_GRACE_SECONDS } from "../mail/outbox";
import { readCounts } from "./counts";

/** The Prometheus text exposition format, version 0.0.4. */
export const EXPOSITION_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

/** What the last purge deleted, as its `purge.run` audit event records it (jobs/purge.ts). */
const PURGED = [
  "users",
  "codes",
  "sessions",
  "refresh_tokens",
  "audit_events",
  "mail_cooldowns",
  "mail_outbox",
  "login_throttles",
] as const;

const COUNTED = [
  "signup",
  "verify",
  "login.success",
  "login.failure",
  "login.mfa_required",
] as const;
const DAY_SECONDS = 86_400;

/**
 * The statements behind the gauges, run as one D1 batch (one round trip), each a bounded read at
 * any table size: the users, MFA, open sessions and shops from the one row of `counts` (kept by
 * triggers), the day's events from at most 25 hourly rows per type of `event_counts`, the last
 * purge as one row of the type index, the waiting mail from the index of undelivered rows (the
 * mail in flight, not the table).
 */
/** The event gauges count up to this many rows (more reads as this number). */
export const EVENT_COUNT_BOUND = 10_000;

export function metricsStatements(now: Date) {
  return [
    readCounts(),
    countEventsSince(COUNTED, isoIn(now, -DAY_SECONDS)),
    latestEvent("purge.run"),
    // Waiting: neither delivered nor in the queue's hands a minute after it was written — what
    // the cron is there for. A Queues incident shows here first.
    raw<{ n: number; oldest: string | null }>(
      sql`SELECT COUNT(*) AS n, MIN(${mailOutbox.createdAt}) AS oldest FROM ${mailOutbox}
        WHERE ${mailOutbox.deliveredAt} IS NULL AND ${mailOutbox.enqueuedAt} IS NULL
          AND ${mailOutbox.createdAt} <= ${isoIn(now, -HANDOVER_GRACE_SECONDS)}`,
    ),
    // The event outbox holds only what is not delivered yet; each count stops at a bound, so a
    // subscriber's long outage never makes a scrape read its backlog.
    raw<{ undelivered: number; failed: number }>(
      sql`SELECT
        (SELECT COUNT(*) FROM (SELECT 1 FROM ${eventOutbox} WHERE ${eventOutbox.id} >= 'msg_'
          LIMIT ${EVENT_COUNT_BOUND})) AS undelivered,
        (SELECT COUNT(*) FROM (SELECT 1 FROM ${eventOutbox} WHERE ${eventOutbox.failedAt} IS NOT NULL
          LIMIT ${EVENT_COUNT_BOUND})) AS failed`,
    ),
  ] as const;
}

type Labels = Record<string, string>;
interface Gauge {
  name: string;
  help: string;
  samples: [labels: Labels, value: number][];
}

const seconds = (iso: string) => Date.parse(iso) / 1000;

/** The gauges, computed from D1 in one round trip. */
export async function collectMetrics(db: Database, now: Date): Promise<Gauge[]> {
  const [[row], [events], [purge], [outbox], [webhooks]] = await batch(db, metricsStatements(now));
  const cells: Record<Role, Record<Status, number>> = {
    admin: { pending: row?.usersAdminPending ?? 0, verified: row?.usersAdminVerified ?? 0 },
    user: { pending: row?.usersUserPending ?? 0, verified: row?.usersUserVerified ?? 0 },
  };
  const count = (role: Role, status: Status) => cells[role][status];
  const summary = parseSummary(purge?.data);
  return [
    {
      name: "accounts_users",
      help: "Accounts by role and status (pending: not yet verified).",
      samples: ROLES.flatMap((role) =>
        STATUSES.map((status): [Labels, number] => [{ role, status }, count(role, status)]),
      ),
    },
    {
      name: "accounts_users_mfa_enabled",
      help: "Accounts with TOTP MFA on.",
      samples: [[{}, row?.usersMfa ?? 0]],
    },
    {
      name: "accounts_sessions_active",
      help: "Sessions not ended (log-out, revocation, reuse); a session past its end or idle leaves at the nightly purge.",
      samples: [[{}, row?.sessionsOpen ?? 0]],
    },
    {
      name: "accounts_signups_last_24h",
      help: "Sign-ups accepted (new or re-sent pending accounts) in the last 24 hours.",
      samples: [[{}, events?.signup ?? 0]],
    },
    {
      name: "accounts_verifications_last_24h",
      help: "Email addresses verified in the last 24 hours.",
      samples: [[{}, events?.verify ?? 0]],
    },
    {
      name: "accounts_logins_last_24h",
      help: "Password logins in the last 24 hours by outcome (mfa_required: password right, second factor asked).",
      samples: [
        [{ outcome: "success" }, events?.["login.success"] ?? 0],
        [{ outcome: "failure" }, events?.["login.failure"] ?? 0],
        [{ outcome: "mfa_required" }, events?.["login.mfa_required"] ?? 0],
      ],
    },
    {
      name: "accounts_purge_last_run_timestamp_seconds",
      help: "When the last nightly purge finished (Unix time; 0: no purge on record).",
      samples: [[{}, purge ? seconds(purge.createdAt) : 0]],
    },
    {
      name: "accounts_purge_last_run_deleted",
      help: "Rows the last purge deleted, by kind.",
      samples: summary ? summary.deleted.map(([kind, n]): [Labels, number] => [{ kind }, n]) : [],
    },
    {
      name: "accounts_purge_last_run_duration_seconds",
      help: "How long the last purge took.",
      samples: summary ? [[{}, summary.durationMs / 1000]] : [],
    },
    {
      name: "accounts_mail_outbox_waiting",
      help: "Mails neither delivered nor in the queue a minute after they were recorded (the minutely cron hands them over).",
      samples: [[{}, outbox?.n ?? 0]],
    },
    {
      name: "accounts_mail_outbox_oldest_waiting_age_seconds",
      help: "Age of the oldest mail waiting for its hand-over (0: none waiting).",
      samples: [
        [{}, outbox?.oldest ? Math.max(0, now.getTime() / 1000 - seconds(outbox.oldest)) : 0],
      ],
    },
    {
      name: "accounts_events_undelivered",
      help: "Events not yet delivered to every subscriber, dead letters included (counted up to 10 000).",
      samples: [[{}, webhooks?.undelivered ?? 0]],
    },
    {
      name: "accounts_events_dead_lettered",
      help: "Events a subscriber never took in 8 tries (the console lists them and can send them again; counted up to 10 000).",
      samples: [[{}, webhooks?.failed ?? 0]],
    },
    {
      name: "accounts_metrics_generated_timestamp_seconds",
      help: "When these numbers were read from D1 (a scrape within 60 s of it is served from cache).",
      samples: [[{}, now.getTime() / 1000]],
    },
  ];
}

/** The purge's counts from its audit event; null when there is none or it is not readable. */
function parseSummary(data: string | null | undefined) {
  if (!data) return null;
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(data) as Record<string, unknown>;
  } catch {
    return null;
  }
  const number = (key: string) => (typeof parsed[key] === "number" ? parsed[key] : 0);
  return {
    deleted: PURGED.map((kind) => [kind, number(kind)] as const),
    durationMs: number("duration_ms"),
  };
}

const escapeLabel = (value: string) =>
  value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');

/** Renders gauges in the text exposition format: HELP, TYPE, one line per sample. */
export function renderExposition(gauges: Gauge[]): string {
  const lines: string[] = [];
  for (const gauge of gauges) {
    lines.push(`# HELP ${gauge.name} ${gauge.help}`, `# TYPE ${gauge.name} gauge`);
    for (const [labels, value] of gauge.samples) {
      const pairs = Object.entries(labels).map(([key, v]) => `${key}="${escapeLabel(v)}"`);
      lines.push(`${gauge.name}${pairs.length ? `{${pairs.join(",")}}` : ""} ${value}`);
    }
  }
  return `${lines.join("\n")}\n`;
}
