// npm run bench — see docs/benchmark.md. Starts the product and the floors fixture under
// `wrangler dev`, measures Worker CPU per request (from the Worker's own workerd process) for
// each hot path against its floor in interleaved rounds, checks the D1 round-trip budgets, the
// cold start, the list at depth and the purge at 100 000 accounts, and writes bench/RESULTS.md.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type autocannon from "autocannon";
import { sign } from "hono/jwt";
import { type LocalWorker, startLocalWorker } from "../scripts/local-worker";
import { hashPassword } from "../src/crypto/password";
import { type LoadCase, type LoadResult, measure } from "./load";
import { renderReport, type Spread, spread, type Target } from "./report";
import { BENCH_PASSWORD, executeSql, seedEmail, seedUsersSql } from "./seed";

const ROOT = new URL("..", import.meta.url).pathname;
const SECRETS = {
  JWT_SECRET: "bench-jwt-secret-0123456789abcdefghijklmnopqrstuvwxyz",
  CODE_HMAC_SECRET: "bench-code-hmac-secret-0123456789abcdefghijklmnopqrs",
  MFA_ENCRYPTION_KEY: "bench-mfa-encryption-key-0123456789abcdefghijklmnop",
};
/** Interleaved rounds of each floor/product pair; the report gives medians and the spread. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = 16;
/** PBKDF2 is CPU-bound: a few connections keep the 2 cores busy without queueing seconds. */
const LOGIN_CONNECTIONS = 4;
const LIST_SMALL = 1_000;
const LIST_LARGE = 100_000;
const STALE = 100_000;

const log = (message: string) => console.log(`bench: ${message}`);
const packageVersion = (name: string) =>
  (
    JSON.parse(readFileSync(join(ROOT, "node_modules", name, "package.json"), "utf8")) as {
      version: string;
    }
  ).version;

/**
 * fetch, tried once more when the connection it reused was already closed: wrangler dev drops
 * idle keep-alive sockets (while the other Worker starts, or during seeding), and undici only
 * notices on the next request ("other side closed").
 */
async function request(url: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    if ((error as { cause?: { code?: string } }).cause?.code !== "UND_ERR_SOCKET") throw error;
    return fetch(url, init);
  }
}

async function postJson<T>(url: string, body: unknown, token?: string): Promise<T> {
  const response = await request(url, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${url} → ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

interface Session {
  access_token: string;
  refresh_token: string;
}

const login = (api: string, email: string) =>
  postJson<Session>(`${api}/v1/auth/login`, { email, password: BENCH_PASSWORD });

/** The JavaScript bundle `wrangler deploy` would upload, raw and gzip, in KiB. */
function bundleSize(): { raw: number; gzip: number } {
  const outdir = mkdtempSync(join(tmpdir(), "bench-bundle-"));
  try {
    execFileSync(
      join(ROOT, "node_modules/.bin/wrangler"),
      ["deploy", "--dry-run", "--outdir", outdir],
      { cwd: ROOT, stdio: "ignore" },
    );
    const code = readFileSync(join(outdir, "index.js"));
    return { raw: code.length / 1024, gzip: gzipSync(code).length / 1024 };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** Startup CPU of a new isolate (`wrangler check startup`, "Active"), in ms, per run. */
function coldStarts(runs: number): number[] {
  const profile = join(mkdtempSync(join(tmpdir(), "bench-startup-")), "startup.cpuprofile");
  const values: number[] = [];
  for (let i = 0; i < runs; i++) {
    const result = spawnSync(
      join(ROOT, "node_modules/.bin/wrangler"),
      ["check", "startup", "--outfile", profile],
      { cwd: ROOT, encoding: "utf8" },
    );
    const active = /Active: ([\d.]+) ms/.exec(result.stdout + result.stderr)?.[1];
    if (active) values.push(Number(active));
  }
  return values;
}

/** The D1 round-trip budgets, as `test/integration/round-trips-integration.test.ts` checks them. */
function roundTripBudgets(): { name: string; passed: boolean }[] {
  const out = join(mkdtempSync(join(tmpdir(), "bench-budgets-")), "report.json");
  spawnSync(
    join(ROOT, "node_modules/.bin/vitest"),
    [
      "run",
      "test/integration/round-trips-integration.test.ts",
      "--reporter=json",
      `--outputFile=${out}`,
    ],
    { cwd: ROOT, stdio: "ignore" },
  );
  if (!existsSync(out)) return [];
  const report = JSON.parse(readFileSync(out, "utf8")) as {
    testResults: { assertionResults: { title: string; status: string }[] }[];
  };
  return report.testResults.flatMap((file) =>
    file.assertionResults.map((t) => ({ name: t.title, passed: t.status === "passed" })),
  );
}

/** A cursor half-way through the admin listing: walks it page by page like a client would. */
async function cursorHalfway(api: string, token: string, total: number): Promise<string> {
  let cursor = "";
  for (let seen = 0; seen < total / 2; seen += 100) {
    const response = await request(`${api}/v1/users?limit=100${cursor && `&cursor=${cursor}`}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    const page = (await response.json()) as { next_cursor: string | null };
    if (!page.next_cursor) throw new Error("the listing ended before half-way");
    cursor = encodeURIComponent(page.next_cursor);
  }
  return cursor;
}

async function run(c: LoadCase, worker: LocalWorker): Promise<LoadResult> {
  const result = await measure(c, worker.cpuSeconds);
  log(
    `${c.name} @${c.connections}: ${result.cpuMs.toFixed(2)} ms CPU/request, ${result.rps.toFixed(0)} req/s, p50 ${result.p50.toFixed(2)} ms${result.failures ? `, ${result.failures} FAILED` : ""}`,
  );
  return result;
}

const started = Date.now();
const workers: LocalWorker[] = [];
try {
  log(
    "measuring the bundle (wrangler deploy --dry-run) and the cold start (wrangler check startup)",
  );
  const bundle = bundleSize();
  const startups = coldStarts(ROUNDS);
  log(`startup: ${startups.map((v) => v.toFixed(1)).join(", ")} ms`);
  log("checking the D1 round-trip budgets (vitest)");
  const budgets = roundTripBudgets();

  log("starting the product and the floors fixture under wrangler dev");
  // One after the other: two wrangler dev starting at once can race for the same port.
  const product = await startLocalWorker({
    port: 8799,
    migrate: true,
    vars: { ...SECRETS, PASSWORD_PEPPER: "", EMAIL_PROVIDER: "log", RATE_LIMITS: "off" },
    extraArgs: ["--test-scheduled"],
  });
  workers.push(product);
  const floors = await startLocalWorker({
    config: "bench/floors/wrangler.toml",
    port: 8798,
    migrate: true,
    vars: SECRETS,
  });
  workers.push(floors);
  const api = product.url;

  log(`seeding ${LIST_SMALL} verified users and an admin`);
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  executeSql(
    product,
    [
      seedUsersSql({
        from: 0,
        count: 1,
        prefix: "admin",
        passwordHash,
        role: "admin",
        verified: true,
      }),
      seedUsersSql({ from: 1, count: LIST_SMALL, prefix: "u", passwordHash, verified: true }),
    ].join("\n"),
  );
  executeSql(
    floors,
    seedUsersSql({ from: 1, count: 1, prefix: "u", passwordHash, verified: true }),
  );
  const admin = await login(api, seedEmail("admin", 0));
  const user = await login(api, seedEmail("u", 1));
  const floorToken = await sign(
    { sub: "00000000-0000-4000-8000-000000000001", exp: Math.floor(Date.now() / 1000) + 3600 },
    SECRETS.JWT_SECRET,
    "HS256",
  );

  // Each pair: the floor (the least work the case can do) and the product, measured back to
  // back in every round, so both see the same machine state.
  const pairs = {
    health: {
      floor: { name: "floor: no-I/O route", url: `${floors.url}/health`, connections: CONNECTIONS },
      product: { name: "GET /health", url: `${api}/health`, connections: CONNECTIONS },
    },
    me: {
      floor: {
        name: "floor: JWT verify + D1 PK read",
        url: `${floors.url}/jwt-d1`,
        connections: CONNECTIONS,
        headers: { Authorization: `Bearer ${floorToken}` },
      },
      product: {
        name: "GET /v1/users/me",
        url: `${api}/v1/users/me`,
        connections: CONNECTIONS,
        headers: { Authorization: `Bearer ${user.access_token}` },
      },
    },
    login: {
      floor: {
        name: "floor: PBKDF2 100k",
        url: `${floors.url}/pbkdf2`,
        connections: LOGIN_CONNECTIONS,
        method: "POST" as const,
        body: BENCH_PASSWORD,
      },
      product: {
        name: "POST /v1/auth/login",
        url: `${api}/v1/auth/login`,
        connections: LOGIN_CONNECTIONS,
        method: "POST" as const,
        body: JSON.stringify({ email: seedEmail("u", 2), password: BENCH_PASSWORD }),
      },
    },
  } satisfies Record<string, { floor: LoadCase; product: LoadCase }>;

  const results: LoadResult[] = [];
  const ratios: Record<keyof typeof pairs, number[]> = { health: [], me: [], login: [] };
  for (let round = 1; round <= ROUNDS; round++) {
    log(`round ${round} of ${ROUNDS}`);
    for (const [key, pair] of Object.entries(pairs) as [
      keyof typeof pairs,
      (typeof pairs)["health"],
    ][]) {
      const floor = await run(pair.floor, floors);
      const measured = await run(pair.product, product);
      results.push(floor, measured);
      ratios[key].push(measured.cpuMs / floor.cpuMs);
    }
  }
  const reference = await run(
    {
      name: "reference: no-I/O route + the spec's log line and headers",
      url: `${floors.url}/health-logged`,
      connections: CONNECTIONS,
    },
    floors,
  );
  results.push(reference);

  // Each refresh spends its token: every connection follows its own session's chain. autocannon
  // resets a connection's context after each pass over `requests`, so one pass is made longer
  // than any run can finish.
  // One user per chain: logins of one address at once would meet the password backoff.
  const sessions = await Promise.all(
    Array.from({ length: 2 * CONNECTIONS }, (_, i) => login(api, seedEmail("u", 10 + i))),
  );
  const tokens = sessions.map((session) => session.refresh_token);
  const refreshRequest: autocannon.Request = {
    method: "POST",
    path: "/v1/auth/refresh",
    setupRequest: (req, context: { token?: string }) => {
      context.token ??= tokens.pop();
      return { ...req, body: JSON.stringify({ refresh_token: context.token }) };
    },
    onResponse: (status, body, context: { token?: string }) => {
      if (status === 200) context.token = (JSON.parse(body) as Session).refresh_token;
    },
  };
  results.push(
    await run(
      {
        name: "POST /v1/auth/refresh",
        url: api,
        connections: CONNECTIONS,
        requests: Array.from({ length: 10_000 }, () => refreshRequest),
      },
      product,
    ),
  );

  const listCase = async (total: number) => {
    const cursor = await cursorHalfway(api, admin.access_token, total);
    return run(
      {
        name: `GET /v1/users?limit=50, half-way through ${total.toLocaleString("en")} users`,
        url: `${api}/v1/users?limit=50&cursor=${cursor}`,
        connections: 1,
        headers: { Authorization: `Bearer ${admin.access_token}` },
      },
      product,
    );
  };
  const listSmall = await listCase(LIST_SMALL + 1);
  log(`seeding up to ${LIST_LARGE} users`);
  executeSql(
    product,
    seedUsersSql({
      from: LIST_SMALL + 1,
      count: LIST_LARGE - LIST_SMALL - 1,
      prefix: "u",
      passwordHash,
      verified: true,
    }),
  );
  const listLarge = await listCase(LIST_LARGE);
  results.push(listSmall, listLarge);

  log(`seeding ${STALE} never-verified accounts older than 48 h, then one scheduled run`);
  executeSql(
    product,
    seedUsersSql({
      from: 1_000_000,
      count: STALE,
      prefix: "stale",
      passwordHash,
      verified: false,
      ageDays: 3,
    }),
  );
  const purgeStart = performance.now();
  const scheduled = await request(`${api}/__scheduled?cron=${encodeURIComponent("0 3 * * *")}`);
  const purgeSeconds = (performance.now() - purgeStart) / 1000;
  const pending = await request(`${api}/v1/users?status=pending&limit=1`, {
    headers: { Authorization: `Bearer ${admin.access_token}` },
  });
  const left = ((await pending.json()) as { items: unknown[] }).items.length;
  log(
    `purge: ${scheduled.status}, ${purgeSeconds.toFixed(2)} s, ${left === 0 ? "no" : "some"} never-verified accounts left`,
  );

  const cpu: Record<keyof typeof pairs, Spread> = {
    health: spread(ratios.health),
    me: spread(ratios.me),
    login: spread(ratios.login),
  };
  const startup = spread(startups);
  const budgetsMet = budgets.length > 0 && budgets.every((b) => b.passed);
  const targets: Target[] = [
    {
      label: "login Worker CPU ÷ one PBKDF2 (floor)",
      value: cpu.login.median,
      spread: cpu.login,
      bound: 1.1,
      atMost: true,
      unit: "×",
    },
    {
      label: "/v1/users/me Worker CPU ÷ JWT verify + D1 read (floor)",
      value: cpu.me.median,
      spread: cpu.me,
      bound: 1.3,
      atMost: true,
      unit: "×",
    },
    {
      label: "/health Worker CPU ÷ no-I/O route (floor)",
      value: cpu.health.median,
      spread: cpu.health,
      bound: 1.5,
      atMost: true,
      unit: "×",
    },
    {
      label: "D1 round trips per endpoint = budget (round-trips-integration tests)",
      value: budgets.filter((b) => b.passed).length,
      bound: budgets.length,
      atMost: false,
      unit: ` of ${budgets.length}`,
    },
    {
      label: "cold start: startup CPU of a new isolate (wrangler check startup)",
      value: startup.median,
      spread: startup,
      bound: 30,
      atMost: true,
      unit: " ms",
    },
    {
      label: "list p50 at 100 000 users ÷ at 1 000 (1 conn)",
      value: listLarge.p50 / listSmall.p50,
      bound: 1.3,
      atMost: true,
      unit: "×",
    },
    {
      label: "purge of 100 000 stale accounts (one scheduled run)",
      value: purgeSeconds,
      bound: 10,
      atMost: true,
      unit: " s",
    },
    {
      label: "JavaScript bundle, gzip",
      value: bundle.gzip,
      bound: 250,
      atMost: true,
      unit: " KiB",
    },
  ];
  const failures = results.filter((r) => r.failures > 0).map((r) => `${r.name} @${r.connections}`);
  const notesFile = join(ROOT, "bench/NOTES.md");
  const healthFloor = results.filter((r) => r.name === pairs.health.floor.name);
  const report = renderReport({
    date: new Date(),
    versions: {
      node: process.version,
      wrangler: packageVersion("wrangler"),
      workerd: packageVersion("workerd"),
      hono: packageVersion("hono"),
      "drizzle-orm": packageVersion("drizzle-orm"),
      autocannon: packageVersion("autocannon"),
    },
    rounds: ROUNDS,
    results,
    targets,
    facts: [
      `Purge: ${STALE.toLocaleString("en")} never-verified accounts in ${purgeSeconds.toFixed(2)} s (\`/__scheduled\` answered ${scheduled.status}; ${left === 0 ? "none" : "some"} left afterwards).`,
      `Bundle (\`wrangler deploy --dry-run --outdir\`): JavaScript ${bundle.raw.toFixed(0)} KiB raw, ${bundle.gzip.toFixed(0)} KiB gzip; the docs' browser files and the password list ride along as text modules.`,
      `D1 budgets: ${budgets.map((b) => `${b.passed ? "✓" : "✗"} ${b.name}`).join("; ") || "the test run produced no report"}.`,
      budgetsMet ? "Every D1 budget holds." : "**A D1 budget test failed or did not run.**",
      failures.length
        ? `**Cases with failed requests (their numbers are not valid): ${failures.join(", ")}.**`
        : "Every request of every case answered 2xx.",
      `Reference (not a target): the no-I/O route that also writes the spec's log line and headers costs ${(reference.cpuMs / spread(healthFloor.map((r) => r.cpuMs)).median).toFixed(2)}× the bare floor's CPU.`,
      `Whole run: ${((Date.now() - started) / 1000).toFixed(0)} s.`,
    ],
    notes: existsSync(notesFile) ? [readFileSync(notesFile, "utf8").trim()] : [],
  });
  writeFileSync(join(ROOT, "bench/RESULTS.md"), report);
  console.log(`\n${report}`);
  if (failures.length > 0 || left !== 0 || scheduled.status !== 200 || !budgetsMet) {
    process.exitCode = 1;
  }
} catch (error) {
  // What wrangler printed says why a Worker stopped answering.
  for (const worker of workers)
    console.error(`--- ${worker.config} (${worker.url}):\n${worker.output()}`);
  throw error;
} finally {
  await Promise.all(workers.map((worker) => worker.stop()));
}
