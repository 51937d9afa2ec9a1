// Seeding for `npm run bench`: users are inserted by one recursive-CTE statement per batch, run
// by `wrangler d1 execute` against the local D1 of a running `wrangler dev` (--persist-to), so
// 100 000 accounts take seconds. Every seeded account shares one real PBKDF2 hash of
// BENCH_PASSWORD (made by the product's own hashPassword), so any of them can log in.
import { execFileSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { LocalWorker } from "../scripts/local-worker";

export const BENCH_PASSWORD = "bench-espresso-doppio-2026";

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

export function seedEmail(prefix: string, n: number): string {
  return `${prefix}${String(n).padStart(7, "0")}@bench.example`;
}

/** Runs SQL against the worker's local D1 (the database `wrangler dev` is serving). */
export function executeSql(worker: LocalWorker, sql: string): void {
  const file = join(worker.persistTo, "..", "seed.sql");
  writeFileSync(file, sql);
  try {
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
        "--file",
        file,
      ],
      { stdio: "ignore", env: { ...process.env, CI: "true" } },
    );
  } finally {
    rmSync(file, { force: true });
  }
}
