import { applyD1Migrations, env } from "cloudflare:test";
import { describe, expect, it } from "vitest";

// The Part 4 migrations (0015 assurance, 0016–0018 rows written) on a database that already
// holds data: a D1 of this test's own is migrated up to 0014, seeded the way the service writes,
// then migrated to the end. Nothing is lost, the indexes are the new ones, and the audit events
// create-admin wrote with random ids get time-ordered ones.

const db = () => env.MIGRATION_DB;
const BEFORE_PART_4 = (name: string) => name < "0015";

async function count(table: string): Promise<number> {
  return (await db().prepare(`SELECT COUNT(*) AS n FROM ${table}`).first<{ n: number }>())?.n ?? 0;
}

describe("the Part 4 migrations on a populated database", () => {
  it("keep every row, swap the indexes, and give old create-admin events time-ordered ids", async () => {
    await applyD1Migrations(
      db(),
      env.TEST_MIGRATIONS.filter((m) => BEFORE_PART_4(m.name)),
    );
    const at = "2026-11-20T10:00:00.000Z";
    const later = "2026-11-21T10:00:00.000Z";
    const uuid = "fbf60180-d0a1-4b67-8a21-d2eada574639";
    const timeOrdered = `${Date.parse(later).toString(16).padStart(12, "0")}-000000-0123456789abcdef`;
    await db().batch([
      db().prepare(`INSERT INTO users (id, email, password_hash, role, status, token_version,
          created_at, updated_at, verified_at) VALUES
        ('u1', 'ada@example.com', 'h', 'admin', 'verified', 0, '${at}', '${at}', '${at}'),
        ('u2', 'bob@example.com', 'h', 'user', 'pending', 0, '${at}', '${at}', NULL),
        ('u3', 'cy@example.com', 'h', 'user', 'verified', 2, '${at}', '${at}', '${at}')`),
      db().prepare(`INSERT INTO sessions (id, user_id, created_at, last_used_at, expires_at, amr)
        VALUES ('s1', 'u3', '${at}', '${at}', '2027-02-18T10:00:00.000Z', '["pwd"]')`),
      db().prepare(`INSERT INTO refresh_tokens (id, user_id, family_id, token_digest, expires_at,
          created_at) VALUES ('r1', 'u3', 's1', 'digest-1', '2026-12-20T10:00:00.000Z', '${at}')`),
      db().prepare(`INSERT INTO one_time_codes (id, user_id, purpose, code_digest, expires_at,
          created_at) VALUES ('c1', 'u2', 'verify_email', 'cd', '2026-11-20T10:15:00.000Z', '${at}')`),
      db().prepare(`INSERT INTO audit_events (id, type, actor_id, target_id, created_at, data) VALUES
        ('${uuid}', 'admin.user_create', NULL, 'u1', '${at}', '{"via":"create-admin"}'),
        ('${timeOrdered}', 'login.success', 'u3', 'u3', '${later}', NULL)`),
      db().prepare(`INSERT INTO mail_cooldowns (email, next_allowed_at)
        VALUES ('bob@example.com', '${at}')`),
      db().prepare(`INSERT INTO mail_outbox (id, kind, to_email, data, created_at)
        VALUES ('m1', 'verification_code', 'bob@example.com', '{}', '${at}')`),
    ]);
    const tables = [
      "users",
      "sessions",
      "refresh_tokens",
      "one_time_codes",
      "audit_events",
      "mail_cooldowns",
      "mail_outbox",
    ];
    const before = Object.fromEntries(
      await Promise.all(tables.map(async (t) => [t, await count(t)])),
    );

    await applyD1Migrations(db(), env.TEST_MIGRATIONS);

    const after = Object.fromEntries(
      await Promise.all(tables.map(async (t) => [t, await count(t)])),
    );
    expect(after).toEqual(before);
    const users = await db()
      .prepare("SELECT id, email, role, status, token_version FROM users ORDER BY id")
      .all();
    expect(users.results).toEqual([
      { id: "u1", email: "ada@example.com", role: "admin", status: "verified", token_version: 0 },
      { id: "u2", email: "bob@example.com", role: "user", status: "pending", token_version: 0 },
      { id: "u3", email: "cy@example.com", role: "user", status: "verified", token_version: 2 },
    ]);
    // The old create-admin event: a time-ordered id from its own time; the other one untouched.
    const events = await db()
      .prepare("SELECT id, type FROM audit_events ORDER BY id")
      .all<{ id: string; type: string }>();
    expect(events.results.map((e) => e.type)).toEqual(["admin.user_create", "login.success"]);
    expect(events.results[0]?.id.slice(0, 13)).toBe(
      `${Date.parse(at).toString(16).padStart(12, "0")}-`,
    );
    expect(events.results[1]?.id).toBe(timeOrdered);
    const indexes = (
      await db()
        .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'")
        .all<{ name: string }>()
    ).results.map((r) => r.name);
    expect(indexes).toEqual(
      expect.arrayContaining([
        "users_admin_created_idx",
        "users_pending_created_idx",
        "audit_events_actor_idx",
        "audit_events_target_idx",
      ]),
    );
    for (const gone of [
      "users_role_status_email_idx",
      "users_unverified_created_at_idx",
      "audit_events_created_at_id_idx",
      "sessions_active_expires_idx",
      "refresh_tokens_expires_at_idx",
    ]) {
      expect(indexes).not.toContain(gone);
    }
    // The pending account is found the way the purge and the lists now look for it.
    const pending = await db()
      .prepare("SELECT id FROM users WHERE status = 'pending' AND verified_at IS NULL")
      .all<{ id: string }>();
    expect(pending.results).toEqual([{ id: "u2" }]);
  });
});
