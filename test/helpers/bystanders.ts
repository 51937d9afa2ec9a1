import { env } from "cloudflare:test";
import { afterEach, beforeAll, beforeEach, expect } from "vitest";
import { enableMfa, signup, uniqueEmail, verifiedUser } from "./api";

/**
 * Bystanders: accounts that no test drives, present in the database of every integration test
 * file (this module is a setup file, so a new test file gets it without asking). After each test
 * every row that belongs to them — in every table, found by its columns, so a new table is
 * covered the day it is added — must be exactly what it was before the test. A write that forgets
 * to name its subject (an UPDATE whose WHERE is an uncorrelated guard, say) changes their rows,
 * and the test that made that write fails, whatever it asserted about its own account.
 *
 * - `plain`: verified, with a live session (a refresh token and an access token);
 * - `mfa`: verified, TOTP on, recovery codes, a second-factor session;
 * - `pending`: signed up, never verified, a live verification code;
 * - `member`: verified, a barista of a shop of its own (the shop's row is watched too), whose
 *   till has a key.
 */
export interface Bystander {
  id: string;
  email: string;
}

export const bystanders: {
  plain?: Bystander & { refreshToken: string; accessToken: string };
  mfa?: Bystander & { secret: string; recoveryCodes: string[]; refreshToken: string };
  pending?: Bystander;
  member?: Bystander & { shopId: string; accessToken: string };
} = {};

/** What the bystanders add to counts over the whole database (for tests that count everyone). */
export const BYSTANDER_COUNTS = {
  pending: 1,
  verified: 3,
  mfaEnabled: 1,
  activeSessions: 3,
  signups: 4,
  verifications: 3,
} as const;

/** A test that changes bystanders on purpose (a purge far in the future) says so, and why. */
let exemptReason: string | null = null;
export function bystandersMayChange(reason: string): void {
  exemptReason = reason;
}

async function seed(): Promise<void> {
  const plain = await verifiedUser("bystander-plain");
  bystanders.plain = {
    id: plain.session.user.id,
    email: plain.email,
    refreshToken: plain.session.refresh_token,
    accessToken: plain.session.access_token,
  };

  const mfa = await verifiedUser("bystander-mfa");
  const { secret, recoveryCodes: recovery_codes } = await enableMfa(mfa.session.access_token);
  bystanders.mfa = {
    id: mfa.session.user.id,
    email: mfa.email,
    secret,
    recoveryCodes: recovery_codes,
    refreshToken: mfa.session.refresh_token,
  };

  const pendingEmail = uniqueEmail("bystander-pending");
  await signup(pendingEmail);
  const row = await env.DB.prepare("SELECT id FROM users WHERE email = ?")
    .bind(pendingEmail)
    .first<{ id: string }>();
  if (!row) throw new Error("the pending bystander was not created");
  bystanders.pending = { id: row.id, email: pendingEmail };

  // A fixture, written directly: making it through the API would need an admin in every file.
  const staff = await verifiedUser("bystander-member");
  const shopId = crypto.randomUUID();
  const at = new Date().toISOString();
  await env.DB.batch([
    env.DB.prepare(
      "INSERT INTO shops (id, slug, name, timezone, status, created_at, updated_at) VALUES (?, ?, 'Bystander Beans', 'Europe/Lisbon', 'active', ?, ?)",
    ).bind(shopId, `bystander-${shopId.slice(0, 8)}`, at, at),
    env.DB.prepare(
      "INSERT INTO memberships (shop_id, user_id, role, created_at, updated_at) VALUES (?, ?, 'barista', ?, ?)",
    ).bind(shopId, staff.session.user.id, at, at),
    env.DB.prepare(
      `INSERT INTO api_keys (id, shop_id, name, prefix, key_digest, scopes, created_by, created_at)
       VALUES (?, ?, 'Bystander till', 'csk_bystnd', ?, '["till.open"]', NULL, ?)`,
    ).bind(crypto.randomUUID(), shopId, `bystander-digest-${shopId}`, at),
  ]);
  bystanders.member = {
    id: staff.session.user.id,
    email: staff.email,
    shopId,
    accessToken: staff.session.access_token,
  };
  // Their mail went out, as the queue consumer would have marked it: otherwise a test's
  // minutely cron would rightly hand it over again (mail/outbox.ts).
  const people = everyone();
  await env.DB.prepare(
    `UPDATE mail_outbox SET delivered_at = created_at, secret = NULL
     WHERE to_email IN (${people.map(() => "?").join(", ")})`,
  )
    .bind(...people.map((p) => p.email))
    .run();
}

function everyone(): Bystander[] {
  return [bystanders.plain, bystanders.mfa, bystanders.pending, bystanders.member].filter(
    (b): b is NonNullable<typeof b> => b !== undefined,
  );
}

/** Which rows of a table belong to the bystanders, by the columns the table has. */
const OWNER_COLUMNS: Record<string, (people: Bystander[]) => unknown[]> = {
  user_id: (people) => people.map((p) => p.id),
  actor_id: (people) => people.map((p) => p.id),
  target_id: (people) => people.map((p) => p.id),
  email: (people) => people.map((p) => p.email),
  to_email: (people) => people.map((p) => p.email),
};

/** The bystanders' shops: their rows, and every row of any table that names them. */
function shopIds(): string[] {
  return bystanders.member ? [bystanders.member.shopId] : [];
}

async function ownedRows(table: string, columns: string[], people: Bystander[]) {
  const filters: string[] = [];
  const values: unknown[] = [];
  if (table === "users") {
    filters.push(`id IN (${people.map(() => "?").join(", ")})`);
    values.push(...people.map((p) => p.id));
  }
  if (table === "shops" && shopIds().length > 0) {
    filters.push(
      `id IN (${shopIds()
        .map(() => "?")
        .join(", ")})`,
    );
    values.push(...shopIds());
  }
  if (columns.includes("shop_id") && shopIds().length > 0) {
    filters.push(
      `shop_id IN (${shopIds()
        .map(() => "?")
        .join(", ")})`,
    );
    values.push(...shopIds());
  }
  for (const column of columns) {
    const keys = OWNER_COLUMNS[column]?.(people);
    if (!keys) continue;
    filters.push(`"${column}" IN (${keys.map(() => "?").join(", ")})`);
    values.push(...keys);
  }
  if (filters.length === 0) return null;
  const { results } = await env.DB.prepare(
    // Every column, in order: a stable order for WITHOUT ROWID tables too (they have no rowid).
    `SELECT * FROM "${table}" WHERE ${filters.join(" OR ")} ORDER BY ${columns.map((_, i) => i + 1).join(", ")}`,
  )
    .bind(...values)
    .all();
  return results;
}

/** Every row of every table that belongs to a bystander, table by table. */
export async function snapshotBystanders(): Promise<Record<string, unknown[]>> {
  const people = everyone();
  if (people.length === 0) return {};
  const { results: tables } = await env.DB.prepare(
    `SELECT name FROM sqlite_master WHERE type = 'table'
       AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'd1_%'
     ORDER BY name`,
  ).all<{ name: string }>();
  const snapshot: Record<string, unknown[]> = {};
  for (const { name } of tables) {
    const { results: info } = await env.DB.prepare(`SELECT name FROM pragma_table_info(?)`)
      .bind(name)
      .all<{ name: string }>();
    const rows = await ownedRows(
      name,
      info.map((c) => c.name),
      people,
    );
    if (rows) snapshot[name] = rows;
  }
  return snapshot;
}

let before: Record<string, unknown[]> = {};

beforeAll(async () => {
  await seed();
}, 60_000);

beforeEach(async () => {
  exemptReason = null;
  before = await snapshotBystanders();
});

afterEach(async () => {
  if (exemptReason !== null) return;
  const after = await snapshotBystanders();
  expect(after, "a bystander's rows changed: a write reached beyond its subject").toEqual(before);
});
