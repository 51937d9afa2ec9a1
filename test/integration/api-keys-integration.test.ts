import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { forgetCachedKeys } from "../../src/api-keys/verify";
import { verifyApiKeyForService } from "../../src/rpc/verify";
import { bindings, call, expectProblem, json, type Session, verifiedUser } from "../helpers/api";
import { countingD1 } from "../helpers/d1";
import { createShop, member, type Shop, shopAdmin } from "../helpers/shops";

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  forgetCachedKeys();
});

const bearer = (s: { session: Session }) => s.session.access_token;

interface CreatedKey {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  created_at: string;
  expires_at: string | null;
  key: string;
}

async function makeKey(
  actor: { session: Session },
  shop: Shop,
  body: object = { name: "Till 1", scopes: ["till.open"] },
) {
  return call("POST", `/v1/shops/${shop.id}/api-keys`, { token: bearer(actor), body });
}

async function newKey(actor: { session: Session }, shop: Shop, body?: object) {
  const response = await makeKey(actor, shop, body);
  expect(response.status).toBe(201);
  return json<CreatedKey>(response);
}

const self = (key: string, options: Parameters<typeof call>[2] = {}) =>
  call("GET", "/v1/api-keys/self", { headers: { Authorization: `Bearer ${key}` }, ...options });

const rpc = () =>
  (exports as unknown as { AccountsService: { verifyApiKey(k: unknown): Promise<unknown> } })
    .AccountsService;

describe("keys are made by a shop's owners and managers, within their own permissions", () => {
  it("shows the key once (csk_ + 256 bits), stores only its digest, lists it without the key", async () => {
    const shop = await createShop("keys");
    const owner = await member(shop, "owner");
    const created = await newKey(owner, shop, {
      name: "Till 1",
      scopes: ["till.open"],
      expires_in_days: 30,
    });
    expect(created.key).toMatch(/^csk_[A-Za-z0-9_-]{43}$/);
    expect(created.prefix).toBe(created.key.slice(0, 10));
    expect(Date.parse(created.expires_at ?? "") - Date.parse(created.created_at)).toBe(
      30 * 86_400_000,
    );
    const row = await env.DB.prepare("SELECT * FROM api_keys WHERE id = ?")
      .bind(created.id)
      .first();
    expect(JSON.stringify(row)).not.toContain(created.key);
    expect(JSON.stringify(row)).not.toContain(created.key.slice(10));
    const listed = await json<{ items: Record<string, unknown>[] }>(
      await call("GET", `/v1/shops/${shop.id}/api-keys`, { token: bearer(owner) }),
    );
    expect(listed.items).toEqual([
      expect.objectContaining({ id: created.id, prefix: created.prefix, last_used_at: null }),
    ]);
    expect(JSON.stringify(listed)).not.toContain(created.key);
    const audit = await env.DB.prepare(
      "SELECT data FROM audit_events WHERE type = 'key.create'",
    ).all();
    expect(JSON.stringify(audit.results)).not.toContain(created.key.slice(4));
  });

  it("a manager cannot give a key more than a manager has; a barista makes none; strangers see 404", async () => {
    const shop = await createShop("scopes");
    const manager = await member(shop, "manager");
    const barista = await member(shop, "barista");
    const stranger = await verifiedUser("stranger");
    await expectProblem(
      await makeKey(manager, shop, { name: "x", scopes: ["shop.update"] }),
      403,
      "forbidden",
    );
    expect(
      (await makeKey(manager, shop, { name: "x", scopes: ["till.open", "order.refund"] })).status,
    ).toBe(201);
    await expectProblem(await makeKey(barista, shop), 403, "forbidden");
    await expectProblem(await makeKey(stranger, shop), 404, "not_found");
    const admin = await shopAdmin();
    expect((await makeKey(admin, shop, { name: "x", scopes: ["shop.update"] })).status).toBe(201);
    for (const body of [
      { name: "x", scopes: [] },
      { name: "x", scopes: ["launch.rockets"] },
      { name: "x", scopes: ["till.open"], expires_in_days: 0 },
      { name: "x", scopes: ["till.open"], expires_in_days: 366 },
      { name: "", scopes: ["till.open"] },
      { name: "x", scopes: ["till.open"], shop_id: "other" },
    ]) {
      await expectProblem(await makeKey(manager, shop, body), 422, "validation_failed");
    }
  });
});

describe("a till uses its key", () => {
  it("GET /v1/api-keys/self answers the key's shop and scopes; last_used_at is written after the response, once a minute", async () => {
    const shop = await createShop("self");
    const owner = await member(shop, "owner");
    const created = await newKey(owner, shop);
    const answer = await json(await self(created.key));
    expect(answer).toEqual({
      id: created.id,
      shop_id: shop.id,
      scopes: ["till.open"],
      expires_at: null,
    });
    const used = async () =>
      (
        await env.DB.prepare("SELECT last_used_at FROM api_keys WHERE id = ?")
          .bind(created.id)
          .first<{ last_used_at: string | null }>()
      )?.last_used_at;
    const first = await used();
    expect(first).not.toBeNull();
    expect((await self(created.key)).status).toBe(200);
    expect(await used()).toBe(first);
  });

  it("a revoked key is refused by this API at the next request", async () => {
    const shop = await createShop("revoke");
    const owner = await member(shop, "owner");
    const created = await newKey(owner, shop);
    expect((await self(created.key)).status).toBe(200);
    const revoked = await call("DELETE", `/v1/shops/${shop.id}/api-keys/${created.id}`, {
      token: bearer(owner),
    });
    expect(revoked.status).toBe(204);
    await expectProblem(await self(created.key), 401, "invalid_token");
    await expectProblem(
      await call("DELETE", `/v1/shops/${shop.id}/api-keys/${created.id}`, { token: bearer(owner) }),
      404,
      "not_found",
    );
  });

  it("expired, revoked, malformed, wrong-prefix, truncated keys and a person's token get one identical 401", async () => {
    const shop = await createShop("uniform");
    const owner = await member(shop, "owner");
    const expired = await newKey(owner, shop);
    await env.DB.prepare("UPDATE api_keys SET expires_at = ? WHERE id = ?")
      .bind(new Date(Date.now() - 1000).toISOString(), expired.id)
      .run();
    const revoked = await newKey(owner, shop);
    await call("DELETE", `/v1/shops/${shop.id}/api-keys/${revoked.id}`, { token: bearer(owner) });
    const live = await newKey(owner, shop);
    const bodies = new Set<string>();
    for (const key of [
      expired.key,
      revoked.key,
      "not-a-key",
      `sk_${live.key.slice(4)}`,
      live.key.slice(0, -1),
      `${live.key}x`,
      bearer(owner),
    ]) {
      const response = await self(key);
      await expectProblem(response.clone(), 401, "invalid_token");
      bodies.add(await response.text());
    }
    expect(bodies.size).toBe(1);
    await expectProblem(await call("GET", "/v1/api-keys/self"), 401, "unauthorized");
    // And a key is no person: the person-only routes refuse it.
    await expectProblem(
      await call("GET", "/v1/users/me", { headers: { Authorization: `Bearer ${live.key}` } }),
      401,
      "invalid_token",
    );
  });

  it("closing the shop stops its keys and refuses new ones", async () => {
    const shop = await createShop("closing");
    const owner = await member(shop, "owner");
    const created = await newKey(owner, shop);
    await call("PATCH", `/v1/shops/${shop.id}`, {
      token: bearer(owner),
      body: { status: "closed" },
    });
    await expectProblem(await self(created.key), 401, "invalid_token");
    await expectProblem(await makeKey(owner, shop), 409, "conflict");
  });

  it("each key has its own rate limit: 429 with Retry-After, never a 401", async () => {
    const shop = await createShop("limited");
    const owner = await member(shop, "owner");
    const created = await newKey(owner, shop);
    const limited = bindings({
      API_KEY_LIMITER: { limit: async () => ({ success: false }) } as unknown as RateLimit,
    });
    const response = await self(created.key, { env: limited });
    await expectProblem(response.clone(), 429, "rate_limited");
    expect(response.headers.get("Retry-After")).toBe("60");
    const verdict = await verifyApiKeyForService(limited, created.key, () => {});
    expect(verdict).toMatchObject({ id: created.id, rate_limited: true, retry_after: 60 });
  });
});

describe("sibling Workers verify keys over the Service Binding", () => {
  it("verifyApiKey answers the key, or null; a revoked key stops within 30 s", async () => {
    const shop = await createShop("rpc");
    const owner = await member(shop, "owner");
    const created = await newKey(owner, shop, {
      name: "Kiosk",
      scopes: ["till.open", "shop.read"],
    });
    expect(await rpc().verifyApiKey(created.key)).toEqual({
      id: created.id,
      shop_id: shop.id,
      scopes: ["till.open", "shop.read"],
      expires_at: null,
      rate_limited: false,
    });
    for (const bad of ["", "csk_nope", 42, null, "x".repeat(5000)]) {
      expect(await rpc().verifyApiKey(bad)).toBeNull();
    }
  });

  it("costs one D1 read cold, none warm; after a revocation the cache answers for at most 30 s", async () => {
    const shop = await createShop("cache");
    const owner = await member(shop, "owner");
    const created = await newKey(owner, shop);
    const d1 = countingD1(env.DB);
    const counted = bindings({ DB: d1.binding });
    const ctx = createExecutionContext();
    const waitUntil = (work: Promise<unknown>) => ctx.waitUntil(work);
    expect(await verifyApiKeyForService(counted, created.key, waitUntil)).not.toBeNull();
    expect(d1.log.filter((q) => q.includes("SELECT")).length).toBe(1);
    d1.reset();
    for (let i = 0; i < 5; i += 1) {
      expect(await verifyApiKeyForService(counted, created.key, waitUntil)).not.toBeNull();
    }
    expect(d1.calls).toBe(0);
    await waitOnExecutionContext(ctx);

    await call("DELETE", `/v1/shops/${shop.id}/api-keys/${created.id}`, { token: bearer(owner) });
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 29_000);
    expect(await verifyApiKeyForService(counted, created.key, () => {})).not.toBeNull();
    vi.setSystemTime(Date.now() + 2_000);
    expect(await verifyApiKeyForService(counted, created.key, () => {})).toBeNull();
  });
});

describe("key rules hold under concurrency", () => {
  it("revoke racing uses: every use is 200 or 401, and after the revoke none succeeds", async () => {
    const shop = await createShop("race-revoke");
    const owner = await member(shop, "owner");
    const created = await newKey(owner, shop);
    const [revoked, ...uses] = await Promise.all([
      call("DELETE", `/v1/shops/${shop.id}/api-keys/${created.id}`, { token: bearer(owner) }),
      ...Array.from({ length: 10 }, () => self(created.key)),
    ]);
    expect(revoked?.status).toBe(204);
    expect(uses.map((u) => u.status).filter((s) => s !== 200 && s !== 401)).toEqual([]);
    await expectProblem(await self(created.key), 401, "invalid_token");
  });

  it("keys made while the shop is being closed: each refused, or made and dead with the shop", async () => {
    const shop = await createShop("race-close");
    const owner = await member(shop, "owner");
    const [closed, ...made] = await Promise.all([
      call("PATCH", `/v1/shops/${shop.id}`, { token: bearer(owner), body: { status: "closed" } }),
      ...Array.from({ length: 6 }, () => makeKey(owner, shop)),
    ]);
    expect(closed?.status).toBe(200);
    expect(made.map((m) => m.status).filter((s) => s !== 201 && s !== 409)).toEqual([]);
    for (const response of made.filter((m) => m.status === 201)) {
      const { key } = await json<CreatedKey>(response);
      await expectProblem(await self(key), 401, "invalid_token");
    }
  });

  it("a manager demoted while making keys writes none after the demotion", async () => {
    const shop = await createShop("race-demote");
    const owner = await member(shop, "owner");
    const manager = await member(shop, "manager");
    const [demoted, ...made] = await Promise.all([
      call("PATCH", `/v1/shops/${shop.id}/members/${manager.id}`, {
        token: bearer(owner),
        body: { role: "barista" },
      }),
      ...Array.from({ length: 5 }, () => makeKey(manager, shop)),
    ]);
    expect(demoted?.status).toBe(200);
    const rows = await env.DB.prepare("SELECT COUNT(*) AS n FROM api_keys WHERE created_by = ?")
      .bind(manager.id)
      .first<{ n: number }>();
    expect(rows?.n).toBe(made.filter((m) => m.status === 201).length);
    expect(made.map((m) => m.status).filter((s) => ![201, 401, 403].includes(s))).toEqual([]);
  });
});
