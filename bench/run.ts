// npm run bench — see bench/README.md. Starts the product and the floors fixture under
// `wrangler dev`, seeds them, drives each case with autocannon at 1 and 16 connections, times
// a purge of 100 000 stale accounts, measures the bundle, and writes bench/RESULTS.md.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type autocannon from "autocannon";
import { sign } from "hono/jwt";
import { type LocalWorker, startLocalWorker } from "../scripts/local-worker";
import { hashPassword } from "../src/crypto/password";
import { type LoadCase, type LoadResult, measure } from "./load";
import { renderReport, type Target } from "./report";
import { BENCH_PASSWORD, executeSql, seedEmail, seedUsersSql } from "./seed";

const ROOT = new URL("..", import.meta.url).pathname;
const SECRETS = {
  JWT_SECRET: "bench-jwt-secret-0123456789abcdefghijklmnopqrstuvwxyz",
  CODE_HMAC_SECRET: "bench-code-hmac-secret-0123456789abcdefghijklmnopqrs",
};
const CONNECTIONS = [1, 16];
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

async function postJson<T>(url: string, body: unknown, token?: string): Promise<T> {
  const response = await fetch(url, {
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

/** The bundle `wrangler deploy` would upload, raw and gzip, in KiB. */
function bundleSize(): { raw: number; gzip: number } {
  const outdir = mkdtempSync(join(tmpdir(), "bench-bundle-"));
  try {
    execFileSync(
      join(ROOT, "node_modules/.bin/wrangler"),
      ["deploy", "--dry-run", "--outdir", outdir],
      {
        cwd: ROOT,
        stdio: "ignore",
      },
    );
    const code = readFileSync(join(outdir, "index.js"));
    return { raw: code.length / 1024, gzip: gzipSync(code).length / 1024 };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** A cursor half-way through the admin listing: walks it page by page like a client would. */
async function cursorHalfway(api: string, token: string, total: number): Promise<string> {
  let cursor = "";
  for (let seen = 0; seen < total / 2; seen += 100) {
    const response = await fetch(`${api}/v1/users?limit=100${cursor && `&cursor=${cursor}`}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    const page = (await response.json()) as { next_cursor: string | null };
    if (!page.next_cursor) throw new Error("the listing ended before half-way");
    cursor = encodeURIComponent(page.next_cursor);
  }
  return cursor;
}

async function both(
  make: (connections: number) => LoadCase | Promise<LoadCase>,
): Promise<LoadResult[]> {
  const results: LoadResult[] = [];
  for (const connections of CONNECTIONS) {
    const c = await make(connections);
    const result = await measure(c);
    log(
      `${c.name} @${connections}: ${result.rps.toFixed(0)} req/s, p50 ${result.p50.toFixed(2)} ms, p99 ${result.p99.toFixed(2)} ms${result.failures ? `, ${result.failures} FAILED` : ""}`,
    );
    results.push(result);
  }
  return results;
}

const started = Date.now();
const workers: LocalWorker[] = [];
try {
  log("measuring the bundle (wrangler deploy --dry-run)");
  const bundle = bundleSize();

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
  const userEmail = seedEmail("u", 1);
  const admin = await login(api, seedEmail("admin", 0));
  const user = await login(api, userEmail);

  const results: LoadResult[] = [];
  const floorToken = await sign(
    { sub: "00000000-0000-4000-8000-000000000001", exp: Math.floor(Date.now() / 1000) + 3600 },
    SECRETS.JWT_SECRET,
    "HS256",
  );
  const floorHealth = await both((n) => ({
    name: "floor: no-I/O route",
    url: `${floors.url}/health`,
    connections: n,
  }));
  const floorPbkdf2 = await both((n) => ({
    name: "floor: PBKDF2 100k",
    url: `${floors.url}/pbkdf2`,
    connections: n,
    method: "POST",
    body: BENCH_PASSWORD,
  }));
  const floorJwt = await both((n) => ({
    name: "floor: JWT verify + D1 PK read",
    url: `${floors.url}/jwt-d1`,
    connections: n,
    headers: { Authorization: `Bearer ${floorToken}` },
  }));
  const floorLogged = await both((n) => ({
    name: "reference: no-I/O route + the spec's log line and headers",
    url: `${floors.url}/health-logged`,
    connections: n,
  }));
  results.push(...floorHealth, ...floorLogged, ...floorPbkdf2, ...floorJwt);

  const health = await both((n) => ({ name: "GET /health", url: `${api}/health`, connections: n }));
  const loginCase = await both((n) => ({
    name: "POST /v1/auth/login",
    url: `${api}/v1/auth/login`,
    connections: n,
    method: "POST",
    body: JSON.stringify({ email: userEmail, password: BENCH_PASSWORD }),
  }));
  const me = await both((n) => ({
    name: "GET /v1/users/me",
    url: `${api}/v1/users/me`,
    connections: n,
    headers: { Authorization: `Bearer ${user.access_token}` },
  }));
  // Each refresh spends its token: every connection follows its own session's chain. autocannon
  // resets a connection's context after each pass over `requests`, so one pass is made longer
  // than any run can finish.
  const refresh = await both(async (n) => {
    const sessions = await Promise.all(Array.from({ length: 2 * n }, () => login(api, userEmail)));
    const tokens = sessions.map((session) => session.refresh_token);
    const request: autocannon.Request = {
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
    const requests = Array.from({ length: 10_000 }, () => request);
    return { name: "POST /v1/auth/refresh", url: api, connections: n, requests };
  });
  results.push(...health, ...loginCase, ...me, ...refresh);

  const listCase = async (total: number) => {
    const cursor = await cursorHalfway(api, admin.access_token, total);
    return both((n) => ({
      name: `GET /v1/users?limit=50, half-way through ${total.toLocaleString("en")} users`,
      url: `${api}/v1/users?limit=50&cursor=${cursor}`,
      connections: n,
      headers: { Authorization: `Bearer ${admin.access_token}` },
    }));
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
  results.push(...listSmall, ...listLarge);

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
  const scheduled = await fetch(`${api}/__scheduled?cron=${encodeURIComponent("0 3 * * *")}`);
  const purgeSeconds = (performance.now() - purgeStart) / 1000;
  const pending = await fetch(`${api}/v1/users?status=pending&limit=1`, {
    headers: { Authorization: `Bearer ${admin.access_token}` },
  });
  const left = ((await pending.json()) as { items: unknown[] }).items.length;
  log(
    `purge: ${scheduled.status}, ${purgeSeconds.toFixed(2)} s, ${left === 0 ? "no" : "some"} never-verified accounts left`,
  );

  const at = (rs: LoadResult[], n: number) => {
    const r = rs.find((x) => x.connections === n);
    if (!r) throw new Error(`no result at ${n} connections`);
    return r;
  };
  const targets: Target[] = [
    {
      label: "login p50 ÷ PBKDF2 floor p50 (1 conn)",
      value: at(loginCase, 1).p50 / at(floorPbkdf2, 1).p50,
      bound: 1.15,
      atMost: true,
      unit: "×",
    },
    {
      label: "/v1/users/me req/s ÷ JWT + D1 floor req/s (16 conn)",
      value: at(me, 16).rps / at(floorJwt, 16).rps,
      bound: 0.85,
      atMost: false,
      unit: "×",
    },
    {
      label: "/health req/s ÷ no-I/O floor req/s (16 conn)",
      value: at(health, 16).rps / at(floorHealth, 16).rps,
      bound: 0.9,
      atMost: false,
      unit: "×",
    },
    {
      label: "list p50 at 100 000 users ÷ at 1 000 (1 conn)",
      value: at(listLarge, 1).p50 / at(listSmall, 1).p50,
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
    { label: "bundle, gzip", value: bundle.gzip, bound: 250, atMost: true, unit: " KiB" },
  ];
  const reference = at(health, 16).rps / at(floorLogged, 16).rps;
  const failures = results.filter((r) => r.failures > 0).map((r) => `${r.name} @${r.connections}`);
  const notesFile = join(ROOT, "bench/NOTES.md");
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
    results,
    targets,
    facts: [
      `Purge: ${STALE.toLocaleString("en")} never-verified accounts in ${purgeSeconds.toFixed(2)} s (\`/__scheduled\` answered ${scheduled.status}; ${left === 0 ? "none" : "some"} left afterwards).`,
      `Bundle (\`wrangler deploy --dry-run --outdir\`): ${bundle.raw.toFixed(0)} KiB raw, ${bundle.gzip.toFixed(0)} KiB gzip.`,
      failures.length
        ? `**Cases with failed requests (their numbers are not valid): ${failures.join(", ")}.**`
        : "Every request of every case answered 2xx.",
      `Reference (not a target): /health req/s ÷ the no-I/O route that also writes the spec's log line and headers, 16 conn: ${reference.toFixed(2)}×; that route alone ÷ the bare floor: ${(at(floorLogged, 16).rps / at(floorHealth, 16).rps).toFixed(2)}×.`,
      `Whole run: ${((Date.now() - started) / 1000).toFixed(0)} s.`,
    ],
    notes: existsSync(notesFile) ? [readFileSync(notesFile, "utf8").trim()] : [],
  });
  writeFileSync(join(ROOT, "bench/RESULTS.md"), report);
  console.log(`\n${report}`);
  if (failures.length > 0 || left !== 0 || scheduled.status !== 200) process.exitCode = 1;
} finally {
  await Promise.all(workers.map((worker) => worker.stop()));
}
