// Seeding for `npm run bench`: users are inserted by one recursive-CTE statement per batch, run
// by `wrangler d1 execute` against the local D1 of a running `wrangler dev` (--persist-to), so
// 100 000 accounts take seconds. Every seeded account shares one real PBKDF2 hash of
// BENCH_PASSWORD (made by the product's own hashPassword), so any of them can log in.
import { execFileSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { LocalWorker } from "../scripts/local-worker";

export const BENCH_PASSWORD = "bench-espresso-doppio-2026";

/** The throwaway secrets the bench's local Workers run with (never a real deployment's). */
export const BENCH_SECRETS = {
  JWT_SECRET: "bench-jwt-secret-0123456789abcdefghijklmnopqrstuvwxyz",
  CODE_HMAC_SECRET: "bench-code-hmac-secret-0123456789abcdefghijklmnopqrs",
  MFA_ENCRYPTION_KEY: "bench-mfa-encryption-key-0123456789abcdefghijklmnop",
};

export interface SeedUsers {
  /** Ids and emails are numbered from `from` (inclusive), so batches never collide. */
  from: number;
  count: number;
  prefix: string;
  passwordHash: string;
  role?: "user" | "admin";
  /** Verified accounts, or never-verified ones created `ageDays` ago (purge candidates). */
  verified: boolean;
  ageDays?: number;
}

export function seedUsersSql(seed: SeedUsers): string {
  const { from, count, prefix, passwordHash, role = "user", verified, ageDays = 0 } = seed;
  // One second apart, newest first: created_at is distinct and sorts like real sign-ups.
  const createdAt = `strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-${ageDays} days', '-' || n || ' seconds')`;
  return [
    "INSERT INTO users (id, email, password_hash, name, surname, role, status, token_version, created_at, updated_at, verified_at)",
    `WITH RECURSIVE seq(n) AS (SELECT ${from} UNION ALL SELECT n + 1 FROM seq WHERE n < ${from + count - 1})`,
    `SELECT printf('00000000-0000-4000-8000-%012d', n), printf('${prefix}%07d@bench.example', n),`,
    `  '${passwordHash}', 'Bench', printf('User %d', n), '${role}', '${verified ? "verified" : "pending"}', 0,`,
    `  ${createdAt}, ${createdAt}, ${verified ? createdAt : "NULL"}`,
    "FROM seq;",
  ].join("\n");
}

/**
 * `count` active shops numbered from `from`, each owned by the seeded user of the same number
 * plus `ownerOffset` (so owners are ordinary seeded accounts).
 */
export function seedShopsSql(seed: { from: number; count: number; ownerOffset: number }): string {
  const { from, count, ownerOffset } = seed;
  const seq = `WITH RECURSIVE seq(n) AS (SELECT ${from} UNION ALL SELECT n + 1 FROM seq WHERE n < ${from + count - 1})`;
  const at = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || n || ' minutes')";
  const shopId = "printf('00000000-0000-4000-9000-%012d', n)";
  return [
    "INSERT INTO shops (id, slug, name, timezone, status, created_at, updated_at)",
    seq,
    `SELECT ${shopId}, printf('bench-shop-%05d', n), printf('Bench Coffee %d', n), 'Europe/Rome', 'active', ${at}, ${at} FROM seq;`,
    "INSERT INTO memberships (shop_id, user_id, role, created_at, updated_at)",
    seq,
    `SELECT ${shopId}, printf('00000000-0000-4000-8000-%012d', n + ${ownerOffset}), 'owner', ${at}, ${at} FROM seq;`,
  ].join("\n");
}

export function seedEmail(prefix: string, n: number): string {
  return `${prefix}${String(n).padStart(7, "0")}@bench.example`;
}

const d1Execute = (worker: LocalWorker, args: string[], json: boolean) =>
  execFileSync(
    "node_modules/.bin/wrangler",
    [
      "d1",
      "execute",
      "DB",
      "--local",
      "--config",
      worker.config,
      "--persist-to",
      worker.persistTo,
      ...args,
      ...(json ? ["--json"] : []),
    ],
    {
      encoding: "utf8",
      maxBuffer: 64 * 2 ** 20,
      stdio: ["ignore", json ? "pipe" : "ignore", "ignore"],
      env: { ...process.env, CI: "true" },
    },
  );

/** Runs SQL against the worker's local D1 (the database `wrangler dev` is serving). */
export function executeSql(worker: LocalWorker, sql: string): void {
  const file = join(worker.persistTo, "..", "seed.sql");
  writeFileSync(file, sql);
  try {
    d1Execute(worker, ["--file", file], false);
  } finally {
    rmSync(file, { force: true });
  }
}

/** The rows of one read-only statement against the worker's local D1. */
export function querySql<Row>(worker: LocalWorker, sql: string): Row[] {
  const out = JSON.parse(d1Execute(worker, ["--command", sql], true)) as { results: Row[] }[];
  return out[0]?.results ?? [];
}
