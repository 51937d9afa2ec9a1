import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import type { ListUsersQuery as ListUsersQuerySchema } from "../../src/admin/admin.schemas";
import { listUsersStatement } from "../../src/admin/service";
import { getDb } from "../../src/db/client";
import { call, expectProblem, json, makeAdmin } from "../helpers/api";

interface Row {
  id: string;
  email: string;
  role: string;
  status: string;
  created_at: string;
}

let token = "";
let everyone: Row[] = [];

const SEEDED = 320;

beforeAll(async () => {
  token = (await makeAdmin("lister")).session.access_token;
  // A few hundred users with duplicate timestamps (ties broken by id), mixed roles/statuses,
  // and emails with % and _ in them; inserted in batches straight into D1.
  const statements = [];
  for (let i = 0; i < SEEDED; i++) {
    const created = new Date(Date.UTC(2026, 0, 1) + Math.floor(i / 3) * 60_000).toISOString();
    const email =
      i % 40 === 0
        ? `pct%${i}@example.com`
        : i % 41 === 0
          ? `under_${i}@example.com`
          : `user${String(i).padStart(4, "0")}@example.com`;
    statements.push(
      env.DB.prepare(
        "INSERT INTO users (id, email, password_hash, role, status, token_version, created_at, updated_at, verified_at) VALUES (?, ?, 'x', ?, ?, 0, ?, ?, NULL)",
      ).bind(
        crypto.randomUUID(),
        email,
        i % 7 === 0 ? "admin" : "user",
        i % 3 === 0 ? "pending" : "verified",
        created,
        created,
      ),
    );
  }
  await env.DB.batch(statements);
  everyone = (
    await env.DB.prepare("SELECT id, email, role, status, created_at FROM users").all<Row>()
  ).results;
});

type Query = Partial<Record<"role" | "status" | "q" | "sort", string>>;

function expected(query: Query): string[] {
  const sort = query.sort ?? "-created_at";
  const rows = everyone
    .filter((u) => !query.role || u.role === query.role)
    .filter((u) => !query.status || u.status === query.status)
    .filter((u) => !query.q || u.email.startsWith(query.q.toLowerCase()));
  const byCreated = (a: Row, b: Row) =>
    a.created_at === b.created_at ? (a.id < b.id ? -1 : 1) : a.created_at < b.created_at ? -1 : 1;
  rows.sort(sort === "email" ? (a, b) => (a.email < b.email ? -1 : 1) : byCreated);
  if (sort === "-created_at") rows.reverse();
  return rows.map((u) => u.id);
}

async function walk(query: Query, limit: number): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 1000; page++) {
    const params = new URLSearchParams({ ...query, limit: String(limit) });
    if (cursor) params.set("cursor", cursor);
    const response = await call("GET", `/v1/users?${params}`, { token });
    expect(response.status).toBe(200);
    const body = await json<{ items: Row[]; next_cursor: string | null }>(response);
    expect(body.items.length).toBeLessThanOrEqual(limit);
    seen.push(...body.items.map((u) => u.id));
    cursor = body.next_cursor;
    if (!cursor) return seen;
  }
  throw new Error("pagination did not end");
}

describe("keyset pagination walks every user exactly once, in a stable order", () => {
  const queries: Query[] = [
    {},
    { sort: "created_at" },
    { sort: "email" },
    { role: "admin" },
    { status: "pending", sort: "created_at" },
    { role: "user", status: "verified" },
    { role: "user", status: "pending", sort: "email" },
    { q: "USER00", sort: "email" },
    { q: "user01" },
    { q: "pct%", sort: "email" },
    { q: "under_" },
  ];
  for (const query of queries) {
    it(`walks ${JSON.stringify(query)}`, async () => {
      const ids = await walk(query, 37);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual(expected(query));
    });
  }

  it("the default page is 50, newest first", async () => {
    const body = await json<{ items: Row[]; next_cursor: string }>(
      await call("GET", "/v1/users", { token }),
    );
    expect(body.items.map((u) => u.id)).toEqual(expected({}).slice(0, 50));
    expect(body.next_cursor).toEqual(expect.any(String));
  });

  it("% and _ in q are literal characters, not wildcards", async () => {
    const percent = await walk({ q: "pct%" }, 100);
    expect(percent.length).toBeGreaterThan(0);
    const underscore = await walk({ q: "under_" }, 100);
    expect(underscore.length).toBeGreaterThan(0);
    expect(await walk({ q: "u_der" }, 100)).toEqual([]);
  });
});

describe("list parameters are validated", () => {
  for (const bad of [
    "limit=0",
    "limit=101",
    "limit=abc",
    "sort=name",
    "role=root",
    "status=gone",
  ]) {
    it(`${bad} is 422`, async () => {
      await expectProblem(
        await call("GET", `/v1/users?${bad}`, { token }),
        422,
        "validation_failed",
      );
    });
  }

  it("a tampered cursor is 422", async () => {
    const first = await json<{ next_cursor: string }>(
      await call("GET", "/v1/users?limit=5", { token }),
    );
    const [payload, mac] = first.next_cursor.split(".");
    const forged = JSON.parse(atob((payload ?? "").replaceAll("-", "+").replaceAll("_", "/")));
    forged.key[0] = "2000-01-01T00:00:00.000Z";
    const tampered = `${btoa(JSON.stringify(forged)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "")}.${mac}`;
    for (const cursor of [tampered, "garbage", `${payload}.AAAA`]) {
      const response = await call("GET", `/v1/users?limit=5&cursor=${encodeURIComponent(cursor)}`, {
        token,
      });
      const problem = await expectProblem(response, 422, "validation_failed");
      expect(problem.errors?.[0]?.path).toBe("cursor");
    }
  });

  it("a cursor used with other filters or another sort is 422", async () => {
    const first = await json<{ next_cursor: string }>(
      await call("GET", "/v1/users?limit=5", { token }),
    );
    const response = await call("GET", `/v1/users?limit=5&sort=email&cursor=${first.next_cursor}`, {
      token,
    });
    await expectProblem(response, 422, "validation_failed");
  });
});

type ListUsersQuery = z.output<typeof ListUsersQuerySchema>;

describe("every sort and filter combination is served by an index", () => {
  const deps = () => ({ reads: getDb(env.DB) });
  const combos: Omit<ListUsersQuery, "limit">[] = [];
  for (const sort of ["-created_at", "created_at", "email"] as const) {
    for (const role of [undefined, "admin", "user"] as const) {
      for (const status of [undefined, "verified", "pending"] as const) {
        combos.push({ sort, role, status });
        if (sort === "email") combos.push({ sort, role, status, q: "user0" });
      }
    }
  }
  for (const combo of combos) {
    for (const withCursor of [false, true]) {
      it(`${JSON.stringify(combo)}${withCursor ? " after a cursor" : ""}: index scan, no sort step`, async () => {
        const after = withCursor ? (["2026-01-01T01:00:00.000Z", "m"] as [string, string]) : null;
        const statement = listUsersStatement(deps(), { ...combo, limit: 50 }, after, 51).toSQL();
        const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${statement.sql}`)
          .bind(...statement.params)
          .all<{ detail: string }>();
        const plan = results.map((r) => r.detail).join(" | ");
        expect(plan).toMatch(/USING (COVERING )?INDEX/);
        expect(plan).not.toMatch(/TEMP B-TREE/);
        expect(plan).not.toMatch(/^SCAN users$/);
        // The rare rows (admins, pending accounts) are read from their own partial index.
        if (combo.role === "admin" || combo.status === "pending") {
          expect(plan).toMatch(/users_(admin|pending)_/);
        }
      });
    }
  }
});
