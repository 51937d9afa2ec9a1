import { env } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { bindings, call } from "../helpers/api";
import { countingD1 } from "../helpers/d1";

// What an uncached /metrics scrape reads, from D1's own meta, at a thousand accounts and again
// after the table has grown (20 000 here, a million under `npm run bench`): the counters are
// rows of their own, so the read does not grow with the table. The bench copies the numbers.

const TOKEN = "metrics-token-for-tests-0123456789abcdefghijklmnop";
const SMALL = 1_000;

declare module "vitest" {
  interface TaskMeta {
    scrape?: { users: number; rowsRead: number }[];
  }
}

afterEach(() => {
  vi.useRealTimers();
});

/** Verified accounts numbered [from, to), in one statement (a recursive CTE), as the bench seeds. */
async function seed(from: number, to: number) {
  const at = new Date().toISOString();
  for (let start = from; start < to; start += 100_000) {
    const end = Math.min(start + 100_000, to) - 1;
    await env.DB.prepare(
      `WITH RECURSIVE seq(n) AS (SELECT ?1 UNION ALL SELECT n + 1 FROM seq WHERE n < ?2)
       INSERT INTO users (id, email, password_hash, role, status, token_version, created_at,
         updated_at, verified_at)
       SELECT printf('scale-%08d', n), printf('scale%08d@scale.example', n), 'x', 'user',
         'verified', 0, ?3, ?3, ?3 FROM seq`,
    )
      .bind(start, end, at)
      .run();
  }
}

/** One scrape past the 60-second cache, through a counting D1: its status, numbers and reads. */
async function scrape(minutesOn: number) {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(Date.now() + minutesOn * 60_000);
  const d1 = countingD1(env.DB);
  const response = await call("GET", "/metrics", {
    token: TOKEN,
    env: bindings({ DB: d1.binding, METRICS_TOKEN: TOKEN }),
  });
  vi.useRealTimers();
  const text = await response.text();
  const verified = /accounts_users\{role="user",status="verified"\} (\d+)/.exec(text)?.[1];
  return { status: response.status, verified: Number(verified), rowsRead: d1.rows.read };
}

describe("GET /metrics at scale", () => {
  it("reads the same rows at a thousand accounts and after the table has grown", async ({
    task,
  }) => {
    const large = Number(env.TEST_SCALE_USERS);
    await seed(0, SMALL);
    const small = await scrape(2);
    expect(small.status).toBe(200);
    expect(small.verified).toBeGreaterThanOrEqual(SMALL);
    await seed(SMALL, large);
    const grown = await scrape(4);
    expect(grown.status).toBe(200);
    // The counters saw every seeded account (the trigger runs for each row of the insert).
    expect(grown.verified - small.verified).toBe(large - SMALL);
    expect(grown.rowsRead).toBe(small.rowsRead);
    task.meta.scrape = [
      { users: small.verified, rowsRead: small.rowsRead },
      { users: grown.verified, rowsRead: grown.rowsRead },
    ];
  });
});
