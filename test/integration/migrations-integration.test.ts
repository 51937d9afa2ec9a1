import { applyD1Migrations, env } from "cloudflare:test";
import { describe, expect, it } from "vitest";

// The Part 4 migrations (0015 assurance, 0016–0019 rows written) on a database that already
// holds data: a D1 of this test's own is migrated up to 0014, seeded the way the service writes,
// then migrated to the end. Nothing is lost (but the codes an issue had already burned), the
// indexes are the new ones, the audit events create-admin wrote with random ids get time-ordered
// ones, the rebuilt tables keep their rows in their keys, and the counters start exact.

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
          created_at, consumed_at) VALUES
        ('c0', 'u2', 'verify_email', 'old', '2026-11-20T10:14:00.000Z', '2026-11-20T09:59:00.000Z', '${at}'),
        ('c1', 'u2', 'verify_email', 'cd', '2026-11-20T10:15:00.000Z', '${at}', NULL)`),
      db().prepare(`INSERT INTO console_sessions (token_digest, session_id, user_id, csrf,
          created_at, last_used_at) VALUES ('console-1', 's1', 'u3', 'csrf', '${at}', '${at}')`),
      db().prepare(`INSERT INTO audit_events (id, type, actor_id, target_id, created_at, data) VALUES
        ('${uuid}', 'admin.user_create', NULL, 'u1', '${at}', '{"via":"create-admin"}'),
        ('${timeOrdered}', 'login.success', 'u3', 'u3', '${later}', NULL)`),
      db().prepare(`INSERT INTO mail_cooldowns (email, next_allowed_at)
        VALUES ('bob@example.com', '${at}')`),
      db().prepare(`INSERT INTO mail_outbox (id, kind, to_email, data, created_at)
        VALUES ('m1', 'verification_code', 'bob@example.com', '{}', '${at}')`),
      // One shop as its admin opened it, one changed since (an owner may have renamed it).
      db().prepare(`INSERT INTO shops (id, slug, name, timezone, status, created_at, updated_at)
        VALUES ('sh1', 'alfama', 'Alfama Roastery', 'Europe/Lisbon', 'active', '${at}', '${at}'),
          ('sh2', 'rossio', 'Renamed by an owner', 'Europe/Lisbon', 'active', '${at}', '${later}')`),
    ]);
    const tables = [
      "users",
      "sessions",
      "console_sessions",
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
    expect(
      (await db().prepare("SELECT id, code_digest FROM one_time_codes ORDER BY id").all()).results,
    ).toEqual([
      { id: "c0", code_digest: "old" },
      { id: "c1", code_digest: "cd" },
    ]);
    expect(
      await db().prepare("SELECT session_id, token_version FROM console_sessions").first(),
    ).toEqual({ session_id: "s1", token_version: 0 });
    expect(
      await db().prepare("SELECT token_digest, family_id, replaced_by FROM refresh_tokens").first(),
    ).toEqual({ token_digest: "digest-1", family_id: "s1", replaced_by: null });
    // The previous release's own writes still run on the migrated database: a rollback within a
    // major version keeps working (CHANGELOG.md). Its refresh-token insert names `id`, and its
    // code issue burns the older code, then inserts one more of the same purpose.
    await db().batch([
      db().prepare(`INSERT INTO refresh_tokens (id, user_id, family_id, token_digest, expires_at,
          created_at) VALUES ('r2', 'u3', 's1', 'digest-2', '2026-12-20T10:00:00.000Z', '${later}')`),
      db().prepare(`UPDATE one_time_codes SET consumed_at = '${later}' WHERE purpose = 'verify_email'
          AND consumed_at IS NULL AND user_id IN (SELECT id FROM users WHERE email = 'bob@example.com')`),
      db().prepare(`INSERT INTO one_time_codes (id, user_id, purpose, code_digest, target_email,
          attempts, expires_at, created_at) SELECT 'c2', id, 'verify_email', 'cd2', NULL, 0,
          '2026-11-21T10:15:00.000Z', '${later}' FROM users WHERE email = 'bob@example.com'`),
    ]);
    expect(await count("refresh_tokens")).toBe(2);
    expect(
      await db()
        .prepare("SELECT COUNT(*) AS n FROM one_time_codes WHERE consumed_at IS NULL")
        .first(),
    ).toEqual({ n: 1 });
    // The rebuilt tables keep their rows in their primary key.
    const withoutRowid = (
      await db()
        .prepare(
          "SELECT name FROM pragma_table_list WHERE wr = 1 AND schema = 'main' ORDER BY name",
        )
        .all<{ name: string }>()
    ).results.map((r) => r.name);
    expect(withoutRowid).toEqual([
      "audit_events",
      "event_counts",
      "event_outbox",
      "identities",
      "link_tickets",
      "login_codes",
      "login_throttles",
      "mail_cooldowns",
      "mail_outbox",
      "oauth_codes",
      "oauth_consents",
      "oauth_states",
      "one_time_codes",
      "refresh_tokens",
      "sessions",
      "sms_sends",
      "used_id_tokens",
    ]);
    // Invitation mail may show a shop's name only as an admin set it (0025): kept for the shop
    // never changed since it was opened, not for the one changed since.
    expect(
      (await db().prepare("SELECT id, admin_name FROM shops ORDER BY id").all()).results,
    ).toEqual([
      { id: "sh1", admin_name: "Alfama Roastery" },
      { id: "sh2", admin_name: null },
    ]);
    // The counters start from the rows there are, and the triggers keep them from now on.
    const counts = () =>
      db()
        .prepare(
          "SELECT users_admin_pending, users_admin_verified, users_user_pending, users_user_verified, users_mfa, sessions_open, shops FROM counts WHERE id = 1",
        )
        .first();
    expect(await counts()).toEqual({
      users_admin_pending: 0,
      users_admin_verified: 1,
      users_user_pending: 1,
      users_user_verified: 1,
      users_mfa: 0,
      sessions_open: 1,
      shops: 2,
    });
    expect(
      (await db().prepare("SELECT type, hour, n FROM event_counts ORDER BY type").all()).results,
    ).toEqual([
      { type: "admin.user_create", hour: at.slice(0, 13), n: 1 },
      { type: "login.success", hour: later.slice(0, 13), n: 1 },
    ]);
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
    await db().batch([
      db().prepare("UPDATE users SET status = 'verified' WHERE id = 'u2'"),
      db().prepare("DELETE FROM users WHERE id = 'u3'"),
    ]);
    expect(await counts()).toMatchObject({
      users_user_pending: 0,
      users_user_verified: 1,
      sessions_open: 0,
    });
    // u3's session went with the account, and its token and console session with the session.
    expect(await count("refresh_tokens")).toBe(0);
    expect(await count("console_sessions")).toBe(0);
  });
});
