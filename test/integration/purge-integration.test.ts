import { env } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { idFloor } from "../../src/crypto/event-id";
import {
  call,
  expectProblem,
  makeAdmin,
  PASSWORD,
  runScheduled,
  signup,
  uniqueEmail,
  verifiedUser,
} from "../helpers/api";

const HOUR = 3600_000;
const TTL = Number(env.UNVERIFIED_USER_TTL_SECONDS) * 1000;

afterEach(() => vi.restoreAllMocks());

/** Runs the Worker's scheduled entry point as the cron would, at `at`; returns the summary line. */
async function runCron(at = new Date()) {
  const lines = await runScheduled("0 3 * * *", at, env);
  const summaries = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === "purge");
  expect(summaries).toHaveLength(1);
  return summaries[0] as Record<string, number>;
}

async function userExists(email: string) {
  return (await env.DB.prepare("SELECT 1 FROM users WHERE email = ?").bind(email).first()) !== null;
}

async function ageUser(email: string, createdAt: Date) {
  await env.DB.prepare("UPDATE users SET created_at = ? WHERE email = ?")
    .bind(createdAt.toISOString(), email)
    .run();
}

describe("the nightly purge of never-verified accounts", () => {
  it("deletes only never-verified accounts older than 48 h, with their codes and tokens", async () => {
    const now = new Date();
    const justOver = uniqueEmail("just-over");
    const justUnder = uniqueEmail("just-under");
    await signup(justOver);
    await signup(justUnder);
    await ageUser(justOver, new Date(now.getTime() - TTL - 1000));
    await ageUser(justUnder, new Date(now.getTime() - TTL + 60_000));

    const oldVerified = await verifiedUser("old-verified");
    await ageUser(oldVerified.email, new Date(now.getTime() - 400 * 24 * HOUR));
    // Verified once, later set back to pending by an admin: verified_at stays, so it stays.
    const suspended = await verifiedUser("suspended");
    const admin = await makeAdmin("purger");
    await call("PATCH", `/v1/users/${suspended.session.user.id}`, {
      token: admin.session.access_token,
      body: { status: "pending" },
    });
    await ageUser(suspended.email, new Date(now.getTime() - 400 * 24 * HOUR));

    const staleId = (
      await env.DB.prepare("SELECT id FROM users WHERE email = ?")
        .bind(justOver)
        .first<{ id: string }>()
    )?.id;
    // A session and its token (as if the account had signed in before it was set back): they go
    // with the account (sessions by their foreign key, the token with its session).
    const family = crypto.randomUUID();
    await env.DB.batch([
      env.DB.prepare(
        "INSERT INTO sessions (id, user_id, created_at, last_used_at, expires_at, amr) VALUES (?, ?, ?, ?, ?, '[\"pwd\"]')",
      ).bind(
        family,
        staleId,
        now.toISOString(),
        now.toISOString(),
        new Date(now.getTime() + HOUR).toISOString(),
      ),
      env.DB.prepare(
        "INSERT INTO refresh_tokens (token_digest, user_id, family_id, expires_at, created_at) VALUES (?, ?, ?, ?, ?)",
      ).bind(
        crypto.randomUUID(),
        staleId,
        family,
        new Date(now.getTime() + HOUR).toISOString(),
        now.toISOString(),
      ),
    ]);

    const summary = await runCron(now);

    expect(await userExists(justOver)).toBe(false);
    expect(await userExists(justUnder)).toBe(true);
    expect(await userExists(oldVerified.email)).toBe(true);
    expect(await userExists(suspended.email)).toBe(true);
    expect(summary.users).toBe(1);
    for (const table of ["one_time_codes", "refresh_tokens"]) {
      const left = await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE user_id = ?`)
        .bind(staleId)
        .first<{ n: number }>();
      expect(left?.n).toBe(0);
    }
    expect(
      (
        await call("POST", "/v1/auth/login", {
          body: { email: oldVerified.email, password: PASSWORD },
        })
      ).status,
    ).toBe(200);
  });

  it("deletes expired codes and refresh tokens but keeps live ones", async () => {
    const { session } = await verifiedUser("expiry");
    const past = new Date(Date.now() - HOUR).toISOString();
    await env.DB.prepare("UPDATE refresh_tokens SET expires_at = ? WHERE user_id = ?")
      .bind(past, session.user.id)
      .run();
    const live = await verifiedUser("live");
    const pendingEmail = uniqueEmail("live-code");
    await signup(pendingEmail);

    const summary = await runCron();
    expect(summary.refresh_tokens).toBeGreaterThanOrEqual(1);
    const expired = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM refresh_tokens WHERE user_id = ?",
    )
      .bind(session.user.id)
      .first<{ n: number }>();
    expect(expired?.n).toBe(0);
    expect(
      (
        await call("POST", "/v1/auth/refresh", {
          body: { refresh_token: live.session.refresh_token },
        })
      ).status,
    ).toBe(200);
    const codes = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM one_time_codes c JOIN users u ON u.id = c.user_id WHERE u.email = ?",
    )
      .bind(pendingEmail)
      .first<{ n: number }>();
    expect(codes?.n).toBe(1);
  });

  it("prunes audit events older than AUDIT_RETENTION_DAYS and records its own run", async () => {
    // Event ids are time-ordered (crypto/event-id.ts): the purge reads them as an id range.
    const oldAt = Date.now() - 91 * 24 * HOUR;
    const recentAt = Date.now() - 89 * 24 * HOUR;
    const idAt = (ms: number) => `${idFloor(new Date(ms).toISOString())}-000000-0123456789abcdef`;
    const oldId = idAt(oldAt);
    const recentId = idAt(recentAt);
    await env.DB.batch([
      env.DB.prepare(
        "INSERT INTO audit_events (id, type, created_at) VALUES (?, 'signup', ?)",
      ).bind(oldId, new Date(oldAt).toISOString()),
      env.DB.prepare(
        "INSERT INTO audit_events (id, type, created_at) VALUES (?, 'signup', ?)",
      ).bind(recentId, new Date(recentAt).toISOString()),
    ]);
    const summary = await runCron();
    expect(summary.audit_events).toBeGreaterThanOrEqual(1);
    const ids = (
      await env.DB.prepare("SELECT id FROM audit_events WHERE id IN (?, ?)")
        .bind(oldId, recentId)
        .all<{ id: string }>()
    ).results;
    expect(ids.map((r) => r.id)).toEqual([recentId]);
    const run = await env.DB.prepare(
      "SELECT data FROM audit_events WHERE type = 'purge.run' ORDER BY created_at DESC LIMIT 1",
    ).first<{ data: string }>();
    expect(JSON.parse(run?.data ?? "{}")).toMatchObject({
      users: expect.any(Number),
      audit_events: summary.audit_events,
    });
  });

  it("is idempotent: a second run deletes nothing", async () => {
    const email = uniqueEmail("twice");
    await signup(email);
    await ageUser(email, new Date(Date.now() - TTL - HOUR));
    const first = await runCron();
    expect(first.users).toBeGreaterThanOrEqual(1);
    const second = await runCron();
    expect(second).toMatchObject({ users: 0, codes: 0, refresh_tokens: 0, audit_events: 0 });
  });

  it("a purged address can sign up again from scratch", async () => {
    const email = uniqueEmail("again");
    await signup(email);
    await ageUser(email, new Date(Date.now() - TTL - HOUR));
    await env.DB.prepare("DELETE FROM mail_cooldowns WHERE email = ?").bind(email).run();
    await runCron();
    const code = await signup(email);
    const ok = await call("POST", "/v1/auth/verify", { body: { email, password: PASSWORD, code } });
    expect(ok.status).toBe(200);
    await expectProblem(
      await call("POST", "/v1/auth/verify", { body: { email, password: PASSWORD, code } }),
      409,
      "conflict",
    );
  });
});

describe("the purge at scale", () => {
  it("purges 100 000 stale accounts mixed with verified ones in one invocation", async () => {
    const stale = 100_000;
    const keep = 2_000;
    const old = new Date(Date.now() - 30 * 24 * HOUR).toISOString();
    // Generated inside D1 in one statement per kind (no bound-parameter limits to worry about).
    await env.DB.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${stale})
       INSERT INTO users (id, email, password_hash, role, status, token_version, created_at, updated_at, verified_at)
       SELECT 'stale-' || i, 'stale-' || i || '@example.com', 'x', 'user', 'pending', 0, ?1, ?1, NULL FROM n`,
    )
      .bind(old)
      .run();
    await env.DB.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${keep})
       INSERT INTO users (id, email, password_hash, role, status, token_version, created_at, updated_at, verified_at)
       SELECT 'keep-' || i, 'keep-' || i || '@example.com', 'x', 'user', CASE WHEN i % 2 = 0 THEN 'pending' ELSE 'verified' END, 0, ?1, ?1, ?1 FROM n`,
    )
      .bind(old)
      .run();
    await env.DB.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
       INSERT INTO one_time_codes (id, user_id, purpose, code_digest, attempts, expires_at, created_at)
       SELECT 'code-' || i, 'stale-' || i, 'verify_email', 'd', 0, ?1, ?1 FROM n`,
    )
      .bind(new Date(Date.now() + HOUR).toISOString())
      .run();

    const summary = await runCron();
    expect(summary.users).toBe(stale);
    const counts = await env.DB.prepare(
      "SELECT (SELECT COUNT(*) FROM users WHERE id LIKE 'stale-%') AS stale, (SELECT COUNT(*) FROM users WHERE id LIKE 'keep-%') AS keep, (SELECT COUNT(*) FROM one_time_codes WHERE id LIKE 'code-%') AS codes",
    ).first<{ stale: number; keep: number; codes: number }>();
    expect(counts).toEqual({ stale: 0, keep: keep, codes: 0 });
  }, 120_000);
});
