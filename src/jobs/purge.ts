import { type SQL, sql } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import { auditInsert, EVENT_COUNT_DAYS, idFloor } from "../audit/events";
import { type Config, loadConfig } from "../config";
import { batch, type Database, getDb, raw } from "../db/client";
import {
  addressCodeAttempts,
  auditEvents,
  consoleSessions,
  eventCounts,
  eventOutbox,
  invitations,
  linkTickets,
  loginCodes,
  loginThrottles,
  mailCooldowns,
  mailOutbox,
  mfaChallenges,
  oauthCodes,
  oauthStates,
  oneTimeCodes,
  refreshTokens,
  sessions,
  smsSends,
  usedIdTokens,
  users,
  webauthnChallenges,
} from "../db/schema";
import { handOverEvents, recordEventPerRow } from "../events/outbox";
import { log } from "../lib/log";
import { NO_REQUEST } from "../lib/request";
import { CONSOLE_IDLE_SECONDS } from "../sessions/console";

/**
 * Rows per DELETE. Each statement binds two parameters (far under D1's 100) and touches a
 * bounded number of rows, so it stays well inside D1's per-statement time limit; the job
 * loops until a batch comes back short.
 */
export const PURGE_BATCH_SIZE = 1000;
/** Throttle rows idle this long are forgotten (their block, if any, ended long ago). */
const THROTTLE_IDLE_SECONDS = 24 * 3600;

export interface PurgeSummary {
  users: number;
  codes: number;
  sessions: number;
  refresh_tokens: number;
  audit_events: number;
  mail_cooldowns: number;
  mail_outbox: number;
  login_throttles: number;
  /** Past their end: WebAuthn challenges, invitations, idle console sessions, hourly event counts, provider sign-in states, login codes, spent ID tokens. */
  expired: number;
  batches: number;
  duration_ms: number;
}

/**
 * Deletes the accounts matching `condition` batch by batch, each batch with a `user.deleted`
 * event per account (subscribers saw them created: erasure must reach their copies too). The
 * event insert and the DELETE pick the same rows: the same condition and order, in one batch.
 */
async function purgeAccounts(
  env: Env,
  config: Config,
  condition: SQL,
  now: Date,
  counter: { batches: number },
): Promise<number> {
  const db = getDb(env.DB);
  const chosen = sql`FROM ${users} WHERE ${condition}
    ORDER BY ${users.createdAt}, ${users.id} LIMIT ${PURGE_BATCH_SIZE}`;
  let total = 0;
  for (;;) {
    const [events, deleted] = await batch(db, [
      recordEventPerRow(config, {
        type: "user.deleted",
        key: sql`${users.id}`,
        data: sql`json_object('id', ${users.id})`,
        from: chosen,
        now,
      }),
      raw<{
        id: string;
      }>(sql`DELETE FROM ${users} WHERE ${users.id} IN (SELECT ${users.id} ${chosen})
        RETURNING ${users.id} AS id`),
    ] as const);
    counter.batches += 1;
    total += deleted.length;
    await handOverEvents(
      env.EVENTS_QUEUE,
      events.map((event) => event.id),
    );
    if (deleted.length < PURGE_BATCH_SIZE) return total;
  }
}

/** Deletes the rows of `table` matching `condition`, batch by batch, until none are left. */
async function deleteInBatches(
  db: Database,
  table: SQLiteTable,
  key: string | readonly string[],
  condition: SQL,
  counter: { batches: number },
): Promise<number> {
  // A composite key is a row value: `(user_id, purpose) IN (SELECT user_id, purpose …)`.
  const id =
    typeof key === "string"
      ? sql.identifier(key)
      : sql`(${sql.join(
          key.map((k) => sql.identifier(k)),
          sql`, `,
        )})`;
  const columns =
    typeof key === "string"
      ? id
      : sql.join(
          key.map((k) => sql.identifier(k)),
          sql`, `,
        );
  let total = 0;
  for (;;) {
    // RETURNING counts the rows of *this* table: D1's meta.changes also counts the codes and
    // tokens removed by ON DELETE CASCADE.
    const rows = await db.all(
      sql`DELETE FROM ${table} WHERE ${id} IN (SELECT ${columns} FROM ${table} WHERE ${condition} LIMIT ${PURGE_BATCH_SIZE}) RETURNING 1`,
    );
    const deleted = rows.length;
    counter.batches += 1;
    total += deleted;
    if (deleted < PURGE_BATCH_SIZE) return total;
  }
}

/**
 * The nightly purge: never-verified accounts (`verified_at IS NULL` — whatever `status` says)
 * older than UNVERIFIED_USER_TTL_SECONDS with their codes and sessions (ON DELETE CASCADE);
 * expired codes; ended, expired and idle sessions with their tokens; expired refresh tokens;
 * audit events past AUDIT_RETENTION_DAYS; stale cooldown and throttle rows; WebAuthn challenges,
 * invitations and console sessions past their end. Every step is a conditional delete, so overlapping or retried runs are safe.
 */
export async function purge(env: Env, now = new Date()): Promise<PurgeSummary | null> {
  const parsed = loadConfig(env);
  if (!parsed.ok) return null; // the configuration error is already logged, once
  const { config } = parsed;
  const db = getDb(env.DB);
  const started = performance.now();
  const at = now.toISOString();
  const unverifiedCutoff = new Date(
    now.getTime() - config.unverifiedUserTtlSeconds * 1000,
  ).toISOString();
  const auditCutoff = new Date(
    now.getTime() - config.auditRetentionDays * 86_400_000,
  ).toISOString();
  const throttleCutoff = new Date(now.getTime() - THROTTLE_IDLE_SECONDS * 1000).toISOString();
  const counter = { batches: 0 };

  const purgeWhere = (table: SQLiteTable, key: string | readonly string[], condition: SQL) =>
    deleteInBatches(db, table, key, condition, counter);

  // Served by the partial index users_pending_created_idx: an account never verified is pending
  // (verification, an admin's create or patch to verified all set verified_at).
  const stale = await purgeAccounts(
    env,
    config,
    sql`${users.status} = 'pending' AND ${users.verifiedAt} IS NULL AND ${users.createdAt} < ${unverifiedCutoff}`,
    now,
    counter,
  );
  const codes =
    (await purgeWhere(
      oneTimeCodes,
      ["user_id", "purpose", "id"],
      sql`${oneTimeCodes.expiresAt} < ${at}`,
    )) +
    (await purgeWhere(mfaChallenges, "id", sql`${mfaChallenges.expiresAt} < ${at}`)) +
    (await purgeWhere(addressCodeAttempts, "email", sql`${addressCodeAttempts.expiresAt} < ${at}`));
  // Sessions that ended (logout, reuse, revocation), reached their absolute end, or sat idle past
  // the refresh-token lifetime (their tokens go with them: ON DELETE CASCADE); then expired tokens
  // of live sessions.
  const idleCutoff = new Date(now.getTime() - config.refreshTokenTtlSeconds * 1000).toISOString();
  const ended = await purgeWhere(
    sessions,
    "id",
    sql`${sessions.revokedAt} IS NOT NULL OR ${sessions.expiresAt} < ${at} OR ${sessions.lastUsedAt} < ${idleCutoff}`,
  );
  const tokens = await purgeWhere(
    refreshTokens,
    "token_digest",
    sql`${refreshTokens.expiresAt} < ${at}`,
  );
  const audits = await purgeWhere(
    auditEvents,
    "id",
    // Time-ordered ids: the events before the cutoff are an id range of the primary key.
    sql`${auditEvents.id} < ${idFloor(auditCutoff)}`,
  );
  const cooldowns = await purgeWhere(
    mailCooldowns,
    "email",
    sql`${mailCooldowns.nextAllowedAt} < ${at}`,
  );
  // Delivered a day ago, or (delivered or not — a dead letter) written a week ago: codes in it
  // expired long before, and Queues keeps a message at most 4 days.
  const dayAgo = new Date(now.getTime() - 86_400_000).toISOString();
  const weekAgo = new Date(now.getTime() - 7 * 86_400_000).toISOString();
  const outbox = await purgeWhere(
    mailOutbox,
    "id",
    sql`${mailOutbox.deliveredAt} < ${dayAgo} OR ${mailOutbox.createdAt} < ${weekAgo}`,
  );
  const throttles = await purgeWhere(
    loginThrottles,
    "email",
    sql`${loginThrottles.updatedAt} < ${throttleCutoff}`,
  );

  // Every other row that expires: WebAuthn challenges (an anonymous sign-in start writes one),
  // invitations past their 7 days (pending, accepted or revoked), idle console sessions, and the
  // hourly event counts older than the dashboard's 30 days, dead-lettered events past 30 days,
  // SMS counts past their window, provider sign-ins' states, login codes, authorization codes
  // and spent ID tokens past their end.
  const consoleIdle = new Date(now.getTime() - CONSOLE_IDLE_SECONDS * 1000).toISOString();
  const hourAgo = new Date(now.getTime() - 3_600_000).toISOString();
  const countsCutoff = new Date(now.getTime() - EVENT_COUNT_DAYS * 86_400_000)
    .toISOString()
    .slice(0, 13);
  const expired =
    (await purgeWhere(eventCounts, ["type", "hour"], sql`${eventCounts.hour} < ${countsCutoff}`)) +
    (await purgeWhere(oauthStates, "state_digest", sql`${oauthStates.expiresAt} < ${at}`)) +
    (await purgeWhere(loginCodes, "code_digest", sql`${loginCodes.expiresAt} < ${at}`)) +
    // Authorization codes an hour past their 60 seconds (a replay within the hour still ends
    // the grant the code started).
    (await purgeWhere(oauthCodes, "code_digest", sql`${oauthCodes.expiresAt} < ${hourAgo}`)) +
    (await purgeWhere(usedIdTokens, "digest", sql`${usedIdTokens.expiresAt} < ${at}`)) +
    (await purgeWhere(linkTickets, "digest", sql`${linkTickets.expiresAt} < ${at}`)) +
    (await purgeWhere(
      webauthnChallenges,
      "challenge",
      sql`${webauthnChallenges.expiresAt} < ${at}`,
    )) +
    (await purgeWhere(invitations, "id", sql`${invitations.expiresAt} < ${at}`)) +
    // SMS counts whose longest window (an hour) is over.
    (await purgeWhere(smsSends, "key", sql`${smsSends.windowStart} < ${hourAgo}`)) +
    // Events no subscriber took in 30 days (dead letters the console could still replay).
    (await purgeWhere(
      eventOutbox,
      "id",
      sql`${eventOutbox.id} < ${`msg_${idFloor(new Date(now.getTime() - 30 * 86_400_000).toISOString())}`}`,
    )) +
    (await purgeWhere(
      consoleSessions,
      "token_digest",
      sql`${consoleSessions.lastUsedAt} < ${consoleIdle}`,
    ));

  const summary: PurgeSummary = {
    users: stale,
    codes,
    sessions: ended,
    refresh_tokens: tokens,
    audit_events: audits,
    mail_cooldowns: cooldowns,
    mail_outbox: outbox,
    login_throttles: throttles,
    expired,
    batches: counter.batches,
    duration_ms: Math.round(performance.now() - started),
  };
  await auditInsert(db, NO_REQUEST, { type: "purge.run", data: { ...summary } });
  log("info", "purge", { ...summary });
  return summary;
}
