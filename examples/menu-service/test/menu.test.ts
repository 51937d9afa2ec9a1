import { env } from "cloudflare:test";
import { sign } from "hono/jwt";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createAdminSql } from "../../../src/admin/bootstrap";
import { hashPassword } from "../../../src/crypto/password";
import { generateSigningKey } from "../../../src/crypto/tokens";
import worker, { type Bindings } from "../src/index";

/**
 * The menu service against the real accounts Worker (an auxiliary Worker built from this
 * repository): a real token opens the protected route both ways; forged ones are refused both
 * ways; only the binding sees a session that was ended.
 */

const PASSWORD = "espresso-doppio-42!";
const email = `customer.${crypto.randomUUID().slice(0, 8)}@example.com`;

/** The accounts API, over the test-only binding to its default entrypoint. */
function accounts(path: string, init: RequestInit = {}) {
  return env.ACCOUNTS_HTTP.fetch(`https://accounts.test${path}`, {
    ...init,
    headers: { "Content-Type": "application/json", "CF-Connecting-IP": "203.0.113.9" },
  });
}

async function signIn(): Promise<{ access_token: string; refresh_token: string; user_id: string }> {
  const response = await accounts("/v1/auth/login", {
    method: "POST",
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as {
    access_token: string;
    refresh_token: string;
    user: { id: string };
  };
  return { ...body, user_id: body.user.id };
}

type Mode = Bindings["ACCOUNTS_VERIFY"];

function specials(mode: Mode, token?: string) {
  const headers = token ? { Authorization: `Bearer ${token}` } : undefined;
  const bindings = { ...env, ACCOUNTS_VERIFY: mode } as unknown as Bindings;
  return worker.fetch(new Request("https://menu.test/v1/menu/specials", { headers }), bindings);
}

const segment = (value: object) =>
  btoa(JSON.stringify(value)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");

function decode(token: string) {
  const [header, payload] = token
    .split(".")
    .slice(0, 2)
    .map((part) => JSON.parse(atob(part.replaceAll("-", "+").replaceAll("_", "/"))));
  return { header, payload };
}

const jwksFetches: string[] = [];

beforeAll(async () => {
  // The menu service fetches the JWKS by URL, as any service would; here that URL is served by
  // the accounts Worker itself.
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const url = new Request(input).url;
    if (url !== env.ACCOUNTS_JWKS_URL) throw new Error(`unexpected fetch: ${url}`);
    jwksFetches.push(url);
    return env.ACCOUNTS_HTTP.fetch(url, init);
  });
  const sql = createAdminSql({
    id: crypto.randomUUID(),
    email,
    passwordHash: await hashPassword(PASSWORD),
    now: new Date().toISOString(),
    auditId: crypto.randomUUID(),
  });
  for (const statement of sql.split(/;\s*(?:\n|$)/).filter((s) => s.trim())) {
    await env.ACCOUNTS_DB.prepare(statement).run();
  }
});

afterAll(() => vi.restoreAllMocks());

describe.each<Mode>(["binding", "jwks"])("verifying through %s", (mode) => {
  it("a real token opens the protected route; no token does not", async () => {
    const { access_token, user_id } = await signIn();
    const response = await specials(mode, access_token);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ for: { user_id, role: "admin" } });
    expect((await specials(mode)).status).toBe(401);
    const publicMenu = await worker.fetch(new Request("https://menu.test/v1/menu"), env);
    expect(publicMenu.status).toBe(200);
  });

  it("forged tokens are refused", async () => {
    const { access_token } = await signIn();
    const { header, payload } = decode(access_token);
    const signature = access_token.split(".")[2];
    const stranger = await generateSigningKey("EdDSA");
    const forgeries = {
      "a changed claim": `${segment(header)}.${segment({ ...payload, sub: "someone-else" })}.${signature}`,
      "another key under the real kid": await sign(
        { ...payload },
        Object.assign(
          await crypto.subtle.importKey("jwk", stranger.privateJwk, { name: "Ed25519" }, false, [
            "sign",
          ]),
          { alg: "EdDSA", kid: header.kid },
        ) as unknown as CryptoKey,
      ),
      "HS256 with the public key as secret": await sign(
        { ...payload },
        JSON.stringify((await (await accounts("/.well-known/jwks.json")).json()) as object),
        "HS256",
      ),
      "alg none": `${segment({ alg: "none", typ: "JWT", kid: header.kid })}.${segment(payload)}.`,
      garbage: "not-a-token",
    };
    for (const [label, token] of Object.entries(forgeries)) {
      const response = await specials(mode, token);
      expect({ label, status: response.status }).toEqual({ label, status: 401 });
    }
  });
});

describe("what each way knows about ended sessions", () => {
  it("after logout the binding refuses the token at once; the JWKS check until it expires", async () => {
    const { access_token, refresh_token } = await signIn();
    const logout = await accounts("/v1/auth/logout", {
      method: "POST",
      body: JSON.stringify({ refresh_token }),
    });
    expect(logout.status).toBe(204);
    expect((await specials("binding", access_token)).status).toBe(401);
    // Signature-only verification cannot know: the token lives out its (short) lifetime.
    expect((await specials("jwks", access_token)).status).toBe(200);
  });

  it("the key set is fetched once per max-age, not per request", async () => {
    const { access_token } = await signIn();
    const before = jwksFetches.length;
    for (let i = 0; i < 3; i++) expect((await specials("jwks", access_token)).status).toBe(200);
    expect(jwksFetches.length).toBe(before);
  });
});

describe("shop staff: the token's shops claim, and authorize over the binding", () => {
  let shopId = "";
  const staff: Record<"manager" | "barista", { email: string; id: string }> = {
    manager: { email: `manager.${crypto.randomUUID().slice(0, 8)}@example.com`, id: "" },
    barista: { email: `barista.${crypto.randomUUID().slice(0, 8)}@example.com`, id: "" },
  };

  async function staffToken(who: keyof typeof staff): Promise<string> {
    const response = await accounts("/v1/auth/login", {
      method: "POST",
      body: JSON.stringify({ email: staff[who].email, password: PASSWORD }),
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { access_token: string }).access_token;
  }

  function shopRequest(mode: Mode, method: string, path: string, token: string) {
    const bindings = { ...env, ACCOUNTS_VERIFY: mode } as unknown as Bindings;
    return worker.fetch(
      new Request(`https://menu.test${path}`, {
        method,
        headers: { Authorization: `Bearer ${token}` },
      }),
      bindings,
    );
  }

  beforeAll(async () => {
    // The admin (the customer of the tests above) makes the shop and two staff accounts.
    const admin = await signIn();
    const auth = { Authorization: `Bearer ${admin.access_token}` };
    const created = await env.ACCOUNTS_HTTP.fetch("https://accounts.test/v1/shops", {
      method: "POST",
      headers: { "Content-Type": "application/json", "CF-Connecting-IP": "203.0.113.9", ...auth },
      body: JSON.stringify({
        slug: `menu-${crypto.randomUUID().slice(0, 8)}`,
        name: "Menu",
        timezone: "UTC",
      }),
    });
    expect(created.status).toBe(201);
    shopId = ((await created.json()) as { id: string }).id;
    for (const [role, person] of Object.entries(staff)) {
      const user = await env.ACCOUNTS_HTTP.fetch("https://accounts.test/v1/users", {
        method: "POST",
        headers: { "Content-Type": "application/json", "CF-Connecting-IP": "203.0.113.9", ...auth },
        body: JSON.stringify({ email: person.email, password: PASSWORD }),
      });
      expect(user.status).toBe(201);
      person.id = ((await user.json()) as { id: string }).id;
      // Membership as an accepted invitation would leave it (the invitation flow has its own tests).
      const at = new Date().toISOString();
      await env.ACCOUNTS_DB.prepare(
        "INSERT INTO memberships (shop_id, user_id, role, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
      )
        .bind(shopId, person.id, role, at, at)
        .run();
    }
  });

  it.each<Mode>(["binding", "jwks"])(
    "prices: a manager may (from the claim, via %s), a barista may not",
    async (mode) => {
      const manager = await staffToken("manager");
      const barista = await staffToken("barista");
      const allowed = await shopRequest(mode, "PUT", `/v1/shops/${shopId}/prices`, manager);
      expect(await allowed.json()).toMatchObject({ shop_id: shopId, role: "manager" });
      expect((await shopRequest(mode, "PUT", `/v1/shops/${shopId}/prices`, barista)).status).toBe(
        403,
      );
      expect(
        (await shopRequest(mode, "PUT", `/v1/shops/${crypto.randomUUID()}/prices`, manager)).status,
      ).toBe(403);
    },
  );

  it("refunds ask authorize: a demotion counts at once, though the token still claims manager", async () => {
    const manager = await staffToken("manager");
    const refund = () => shopRequest("binding", "POST", `/v1/shops/${shopId}/refunds`, manager);
    expect((await refund()).status).toBe(201);
    expect(
      (
        await shopRequest(
          "binding",
          "POST",
          `/v1/shops/${shopId}/refunds`,
          await staffToken("barista"),
        )
      ).status,
    ).toBe(403);
    // Demoted behind the token's back (as a role change written elsewhere would be).
    await env.ACCOUNTS_DB.prepare(
      "UPDATE memberships SET role = 'barista' WHERE shop_id = ? AND user_id = ?",
    )
      .bind(shopId, staff.manager.id)
      .run();
    expect((await refund()).status).toBe(403);
    // The claim still says manager: the prices route (claim-based) lags by design, up to 15 min.
    expect((await shopRequest("jwks", "PUT", `/v1/shops/${shopId}/prices`, manager)).status).toBe(
      200,
    );
  });
});

describe("a till calls with its shop's key, verified over the binding", () => {
  it("its own shop's menu: yes; another shop, a revoked key or no key: no", async () => {
    const admin = await signIn();
    const headers = {
      "Content-Type": "application/json",
      "CF-Connecting-IP": "203.0.113.9",
      Authorization: `Bearer ${admin.access_token}`,
    };
    const shop = await env.ACCOUNTS_HTTP.fetch("https://accounts.test/v1/shops", {
      method: "POST",
      headers,
      body: JSON.stringify({
        slug: `till-${crypto.randomUUID().slice(0, 8)}`,
        name: "Till",
        timezone: "UTC",
      }),
    });
    const shopId = ((await shop.json()) as { id: string }).id;
    const made = await env.ACCOUNTS_HTTP.fetch(
      `https://accounts.test/v1/shops/${shopId}/api-keys`,
      {
        method: "POST",
        headers,
        body: JSON.stringify({ name: "Front till", scopes: ["till.open"] }),
      },
    );
    expect(made.status).toBe(201);
    const { id, key } = (await made.json()) as { id: string; key: string };
    const till = (path: string, secret?: string) =>
      worker.fetch(
        new Request(`https://menu.test${path}`, {
          headers: secret ? { Authorization: `Bearer ${secret}` } : {},
        }),
        env as unknown as Bindings,
      );
    const menu = await till(`/v1/shops/${shopId}/till/menu`, key);
    expect(await menu.json()).toMatchObject({ shop_id: shopId, items: expect.any(Array) });
    expect((await till(`/v1/shops/${crypto.randomUUID()}/till/menu`, key)).status).toBe(403);
    expect((await till(`/v1/shops/${shopId}/till/menu`)).status).toBe(401);
    expect((await till(`/v1/shops/${shopId}/till/menu`, "csk_forged")).status).toBe(401);
    const revoked = await env.ACCOUNTS_HTTP.fetch(
      `https://accounts.test/v1/shops/${shopId}/api-keys/${id}`,
      { method: "DELETE", headers },
    );
    expect(revoked.status).toBe(204);
    // The accounts isolate may answer from its 30-second cache: a revoked key dies within 30 s.
    const after = await till(`/v1/shops/${shopId}/till/menu`, key);
    expect([200, 401]).toContain(after.status);
  });
});
