import { env } from "cloudflare:test";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { loadConfig } from "../../src/config";
import { metricsStatements } from "../../src/metrics/service";
import {
  bindings,
  call,
  expectProblem,
  json,
  lastMail,
  makeAdmin,
  PASSWORD,
  runScheduled,
  type Session,
  signup,
  uniqueEmail,
  verifiedUser,
} from "../helpers/api";
import { BYSTANDER_COUNTS } from "../helpers/bystanders";
import { countingD1 } from "../helpers/d1";

const TOKEN = "metrics-token-for-tests-0123456789abcdefghijklmnop";
const metricsEnv = bindings({ METRICS_TOKEN: TOKEN });

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const scrape = (options: { token?: string; env?: Env; headers?: Record<string, string> } = {}) =>
  call("GET", "/metrics", { env: metricsEnv, ...options });

type Samples = Map<string, number>;

/**
 * Parses the text exposition strictly: every sample belongs to a metric announced by a HELP and
 * a TYPE line just before it; values are numbers. Keys are `name{labels}` as written.
 */
function parseExposition(text: string): Samples {
  expect(text.endsWith("\n")).toBe(true);
  const samples: Samples = new Map();
  let announced = "";
  const lines = text.trimEnd().split("\n");
  for (const [i, line] of lines.entries()) {
    const help = /^# HELP ([a-z_:][a-z0-9_:]*) \S.*$/.exec(line);
    if (help) {
      expect(lines[i + 1]).toBe(`# TYPE ${help[1]} gauge`);
      announced = help[1] ?? "";
      continue;
    }
    if (line.startsWith("# TYPE ")) continue;
    const sample = /^([a-z_:][a-z0-9_:]*)(\{(?:[a-z_]+="[^"\\\n]*",?)*\})? (-?[0-9.e+]+)$/.exec(
      line,
    );
    expect(sample, `not a sample line: ${line}`).not.toBeNull();
    expect(sample?.[1]).toBe(announced);
    const key = `${sample?.[1]}${sample?.[2] ?? ""}`;
    expect(samples.has(key), `duplicate sample ${key}`).toBe(false);
    samples.set(key, Number(sample?.[3]));
  }
  return samples;
}

describe("GET /metrics: who may scrape", () => {
  it("does not exist while METRICS_TOKEN is unset: the same 404 as an unknown path", async () => {
    const response = await call("GET", "/metrics", { token: TOKEN });
    const body = await expectProblem(response, 404, "not_found");
    const unknown = await expectProblem(await call("GET", "/no-such-path"), 404, "not_found");
    expect(body).toEqual(unknown);
  });

  it("refuses a missing, wrong or differently sent token with 401 and no numbers", async () => {
    // No bearer token at all: unauthorized; a bearer token that is wrong: invalid_token.
    const attempts: [Response, "unauthorized" | "invalid_token"][] = [
      [await scrape(), "unauthorized"],
      [await scrape({ token: `${TOKEN.slice(0, -1)}X` }), "invalid_token"],
      [await scrape({ token: "short" }), "invalid_token"],
      [
        await scrape({ headers: { Authorization: `Basic ${btoa(`prometheus:${TOKEN}`)}` } }),
        "unauthorized",
      ],
      [await scrape({ headers: { Authorization: TOKEN } }), "unauthorized"],
      [await scrape({ headers: { Authorization: `bearer  ${TOKEN}` } }), "unauthorized"],
      [await call("GET", `/metrics?token=${TOKEN}`, { env: metricsEnv }), "unauthorized"],
    ];
    for (const [response, code] of attempts) {
      expect(response.headers.get("WWW-Authenticate")).toMatch(/^Bearer realm="metrics"/);
      const body = await expectProblem(response, 401, code);
      expect(JSON.stringify(body)).not.toContain(TOKEN);
      expect(JSON.stringify(body)).not.toContain("accounts_");
    }
  });

  it("under a burst of guesses with one right token among them, only the right one gets numbers", async () => {
    const guesses = Array.from({ length: 12 }, (_, i) => `${TOKEN.slice(0, -2)}${i}x`);
    const responses = await Promise.all([...guesses, TOKEN].map((token) => scrape({ token })));
    const right = responses.pop();
    expect(right?.status).toBe(200);
    expect(await right?.text()).toContain("accounts_users{");
    for (const response of responses) await expectProblem(response, 401, "invalid_token");
  });

  it("refuses to start with a METRICS_TOKEN too weak to be a secret, naming it and not its value", async () => {
    const weak = bindings({ METRICS_TOKEN: "prometheus" });
    vi.spyOn(console, "error").mockImplementation(() => {});
    const ready = await call("GET", "/health/ready", { env: weak });
    const problem = await expectProblem(ready, 503, "unavailable");
    expect(problem.detail).toContain("METRICS_TOKEN is too short");
    expect(problem.detail).not.toContain("prometheus");
    await expectProblem(await scrape({ env: weak, token: "prometheus" }), 503, "unavailable");
  });
});

describe("GET /metrics: the numbers", () => {
  it("counts the accounts, sessions, MFA users, the day's events and the last purge as D1 has them", async () => {
    // Storage is per test file: nothing before this test wrote a user but the bystanders.
    const pending = [uniqueEmail("pending"), uniqueEmail("pending")];
    for (const email of pending) await signup(email);
    const verified = [await verifiedUser("v1"), await verifiedUser("v2"), await verifiedUser("v3")];
    const admin = await makeAdmin();
    await env.DB.prepare("UPDATE users SET mfa_enabled_at = ? WHERE id = ?")
      .bind(new Date().toISOString(), verified[0]?.session.user.id)
      .run();
    const wrong = await call("POST", "/v1/auth/login", {
      body: { email: verified[1]?.email, password: `${PASSWORD}-wrong` },
    });
    expect(wrong.status).toBe(401);
    const ended = await call("POST", "/v1/auth/logout", {
      body: { refresh_token: verified[2]?.session.refresh_token },
    });
    expect(ended.status).toBe(204);
    const purgedAt = new Date();
    await runScheduled("0 3 * * *", purgedAt, metricsEnv);
    // The mail consumer has sent what these requests recorded (the queue here only records): a
    // mail not in its hands two minutes on would be "waiting" (mail-outbox tests show that).
    await env.DB.prepare(
      "UPDATE mail_outbox SET delivered_at = created_at WHERE delivered_at IS NULL",
    ).run();

    // Two minutes on: whatever the scrapes above cached is stale, so this one reads D1.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 2 * 60_000);
    const response = await scrape({ token: TOKEN });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const text = await response.text();
    const samples = parseExposition(text);

    const by = BYSTANDER_COUNTS;
    expect(samples.get('accounts_users{role="user",status="pending"}')).toBe(
      pending.length + by.pending,
    );
    expect(samples.get('accounts_users{role="user",status="verified"}')).toBe(
      verified.length + by.verified,
    );
    expect(samples.get('accounts_users{role="admin",status="pending"}')).toBe(0);
    expect(samples.get('accounts_users{role="admin",status="verified"}')).toBe(1);
    expect(samples.get("accounts_users_mfa_enabled")).toBe(1 + by.mfaEnabled);
    // Three verify sessions and the admin's login; one of the verify sessions was logged out.
    expect(samples.get("accounts_sessions_active")).toBe(3 + by.activeSessions);
    expect(samples.get("accounts_signups_last_24h")).toBe(
      pending.length + verified.length + by.signups,
    );
    expect(samples.get("accounts_verifications_last_24h")).toBe(verified.length + by.verifications);
    expect(samples.get('accounts_logins_last_24h{outcome="success"}')).toBe(1);
    expect(samples.get('accounts_logins_last_24h{outcome="failure"}')).toBe(1);
    expect(samples.get('accounts_logins_last_24h{outcome="mfa_required"}')).toBe(0);
    const purgeSeconds = samples.get("accounts_purge_last_run_timestamp_seconds") ?? 0;
    expect(Math.abs(purgeSeconds - purgedAt.getTime() / 1000)).toBeLessThan(30);
    expect(samples.get('accounts_purge_last_run_deleted{kind="users"}')).toBe(0);
    expect(samples.has('accounts_purge_last_run_deleted{kind="refresh_tokens"}')).toBe(true);
    expect(samples.get("accounts_mail_outbox_waiting")).toBe(0);
    expect(samples.get("accounts_events_undelivered")).toBe(0);
    expect(samples.get("accounts_events_dead_lettered")).toBe(0);
    const generated = samples.get("accounts_metrics_generated_timestamp_seconds") ?? 0;
    expect(Math.abs(generated - Date.now() / 1000)).toBeLessThan(30);
    // Nothing that names a user.
    for (const who of [...pending, admin.email, ...verified.map((v) => v.email)]) {
      expect(text).not.toContain(who);
    }
    expect(text).not.toContain(admin.session.user.id);
  });

  it("serves a second scrape within 60 s from the cache (no D1 call), and reads D1 again after it", async () => {
    // Back on the real clock the last test's cached body is from "the future": read again.
    vi.useFakeTimers({ toFake: ["Date"] });
    const first = parseExposition(await (await scrape({ token: TOKEN })).text());
    await signup(uniqueEmail("later"));

    const counting = countingD1(env.DB);
    const countingEnv = bindings({ METRICS_TOKEN: TOKEN, DB: counting.binding });
    vi.setSystemTime(Date.now() + 45_000);
    const cachedText = await (await scrape({ token: TOKEN, env: countingEnv })).text();
    const cached = parseExposition(cachedText);
    expect(counting.calls).toBe(0);
    expect(cached).toEqual(first);

    vi.setSystemTime(Date.now() + 16_000);
    const fresh = parseExposition(await (await scrape({ token: TOKEN, env: countingEnv })).text());
    expect(counting.calls).toBe(1);
    expect(fresh.get('accounts_users{role="user",status="pending"}')).toBe(
      (first.get('accounts_users{role="user",status="pending"}') ?? 0) + 1,
    );
    expect(fresh.get("accounts_metrics_generated_timestamp_seconds")).toBeGreaterThan(
      first.get("accounts_metrics_generated_timestamp_seconds") ?? 0,
    );
  });

  it("a burst of scrapes on a cold cache all answer the same valid numbers", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 10 * 60_000); // past anything cached by the tests before
    const texts = await Promise.all(
      Array.from({ length: 6 }, async () => (await scrape({ token: TOKEN })).text()),
    );
    const parsed = texts.map(parseExposition);
    for (const samples of parsed) {
      const users = [...samples].filter(([key]) => key.startsWith("accounts_users{"));
      expect(users).toEqual(
        [...(parsed[0] ?? new Map())].filter(([key]) => key.startsWith("accounts_users{")),
      );
    }
  });

  it("its counters stay what COUNT(*) says under concurrent sign-ups, verifications, log-outs, MFA and deletions", async () => {
    const COLUMNS = `users_admin_pending, users_admin_verified, users_user_pending,
      users_user_verified, users_mfa, sessions_open, shops`;
    const kept = () => env.DB.prepare(`SELECT ${COLUMNS} FROM counts WHERE id = 1`).first();
    const counted = () =>
      env.DB.prepare(
        `SELECT (SELECT COUNT(*) FROM users WHERE role = 'admin' AND status = 'pending') AS users_admin_pending,
          (SELECT COUNT(*) FROM users WHERE role = 'admin' AND status = 'verified') AS users_admin_verified,
          (SELECT COUNT(*) FROM users WHERE role = 'user' AND status = 'pending') AS users_user_pending,
          (SELECT COUNT(*) FROM users WHERE role = 'user' AND status = 'verified') AS users_user_verified,
          (SELECT COUNT(*) FROM users WHERE mfa_enabled_at IS NOT NULL) AS users_mfa,
          (SELECT COUNT(*) FROM sessions WHERE revoked_at IS NULL) AS sessions_open,
          (SELECT COUNT(*) FROM shops) AS shops`,
      ).first();
    const perType = async (sql: string) =>
      Object.fromEntries(
        (await env.DB.prepare(sql).all<{ type: string; n: number }>()).results.map((r) => [
          r.type,
          r.n,
        ]),
      );
    const emails = Array.from({ length: 12 }, () => uniqueEmail("race"));
    // Twelve addresses signed up at once, six of them twice at the same moment.
    await Promise.all(
      [...emails, ...emails.slice(0, 6)].map((email) =>
        call("POST", "/v1/auth/signup", { body: { email, password: PASSWORD } }),
      ),
    );
    // Eight verified, each code presented twice at once (one wins).
    const verified = await Promise.all(
      emails.slice(0, 8).flatMap((email) => {
        const code = lastMail(email, "verification_code").code;
        return [1, 2].map(() =>
          call("POST", "/v1/auth/verify", { body: { email, password: PASSWORD, code } }),
        );
      }),
    );
    const sessions = await Promise.all(
      verified.filter((r) => r.status === 200).map((r) => json<Session>(r)),
    );
    expect(sessions).toHaveLength(8);
    // Every other session logged out twice at once; an MFA switch-on and an account deletion
    // racing them.
    const raced = await Promise.all([
      ...sessions
        .filter((_, i) => i !== 1)
        .slice(0, 4)
        .flatMap((s) =>
          [1, 2].map(() =>
            call("POST", "/v1/auth/logout", { body: { refresh_token: s.refresh_token } }),
          ),
        ),
      env.DB.prepare("UPDATE users SET mfa_enabled_at = ? WHERE id = ?")
        .bind(new Date().toISOString(), sessions[0]?.user.id)
        .run(),
      call("DELETE", "/v1/users/me", {
        token: sessions[1]?.access_token,
        body: { password: PASSWORD },
      }),
    ]);
    expect((raced.at(-1) as Response).status).toBe(204);
    expect(await kept()).toEqual(await counted());
    // The hourly event counts add up to the audit trail, type by type.
    expect(
      await perType("SELECT type, SUM(n) AS n FROM event_counts GROUP BY type ORDER BY type"),
    ).toEqual(
      await perType(`SELECT type, COUNT(*) AS n FROM audit_events WHERE type IN
        ('signup', 'verify', 'login.success', 'login.failure', 'login.mfa_required', 'admin.user_create')
        GROUP BY type ORDER BY type`),
    );
  });

  it("reads a bounded number of rows: every statement's plan searches a key or an index and sorts nothing", async () => {
    const parsed = loadConfig(metricsEnv);
    if (!parsed.ok) throw new Error(parsed.error.message);
    const dialect = new SQLiteSyncDialect();
    for (const statement of metricsStatements(new Date())) {
      const { sql, params } = dialect.sqlToQuery(statement.query);
      const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .bind(...params)
        .all<{ detail: string }>();
      const steps = results.map((r) => r.detail);
      const plan = steps.join(" | ");
      expect(plan, sql).toMatch(/USING (COVERING INDEX|INDEX|PRIMARY KEY|INTEGER PRIMARY KEY)/);
      expect(plan, sql).not.toMatch(/TEMP B-TREE/);
      for (const step of steps) expect(step, sql).not.toMatch(/^SCAN \w+$/);
    }
  });
});

describe("Analytics Engine: one data point per request", () => {
  interface Point {
    indexes?: unknown[];
    blobs?: unknown[];
    doubles?: unknown[];
  }
  const recorder = () => {
    const points: Point[] = [];
    const dataset = { writeDataPoint: (point: Point) => points.push(structuredClone(point)) };
    return { points, dataset: dataset as unknown as AnalyticsEngineDataset };
  };

  it("writes route pattern, method, status, colo and duration — never an id, email or token", async () => {
    const { email, session } = await verifiedUser("analytics");
    const { points, dataset } = recorder();
    const withAnalytics = bindings({ ANALYTICS: dataset });
    const me = await call("GET", "/v1/users/me", {
      env: withAnalytics,
      token: session.access_token,
      cf: { colo: "LIS" },
    });
    expect(me.status).toBe(200);
    const missing = await call("GET", `/v1/users/${session.user.id}`, { env: withAnalytics });
    expect(missing.status).toBe(401);

    expect(points).toHaveLength(2);
    const [first, second] = points;
    expect(first).toMatchObject({
      indexes: ["/v1/users/me"],
      blobs: ["/v1/users/me", "GET", "200", "LIS"],
    });
    expect(first?.doubles?.[1]).toBe(200);
    expect(first?.doubles?.[0]).toBeGreaterThanOrEqual(0);
    expect(second).toMatchObject({
      indexes: ["/v1/users/:id"],
      blobs: ["/v1/users/:id", "GET", "401", ""],
    });
    const written = JSON.stringify(points);
    for (const secret of [email, session.user.id, session.access_token, session.refresh_token]) {
      expect(written).not.toContain(secret);
    }
  });

  it("writes one point per request under a burst of concurrent requests", async () => {
    const { points, dataset } = recorder();
    const withAnalytics = bindings({ ANALYTICS: dataset });
    await Promise.all(
      Array.from({ length: 10 }, () => call("GET", "/health", { env: withAnalytics })),
    );
    expect(points).toHaveLength(10);
    expect(new Set(points.map((p) => JSON.stringify(p.blobs)))).toEqual(
      new Set([JSON.stringify(["/health", "GET", "200", ""])]),
    );
  });

  it("without the binding writes nothing, and a failing dataset never fails the request", async () => {
    const without = await call("GET", "/health", { env: bindings({ ANALYTICS: undefined }) });
    expect(without.status).toBe(200);

    vi.spyOn(console, "error").mockImplementation(() => {});
    const broken = {
      writeDataPoint: () => {
        throw new Error("dataset unavailable");
      },
    } as unknown as AnalyticsEngineDataset;
    const response = await call("GET", "/health", { env: bindings({ ANALYTICS: broken }) });
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({ status: "ok" });
  });
});
