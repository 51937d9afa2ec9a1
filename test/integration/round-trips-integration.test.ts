// D1 round trips per endpoint. In production each query or batch is one network round trip to
// the database — the dominant latency — so each endpoint has a budget, and this file fails the
// build when a statement is added back. Counted by wrapping the D1 binding (test/helpers/d1.ts),
// up to the response: the mail and event hand-overs after it (queue calls, no D1 write) are off the
// latency path. Every count here is with an event subscriber that takes every event (the most
// an endpoint writes): an event is one more statement in the change's own batch.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import {
  bindings,
  call,
  expireMailCooldown,
  json,
  lastMail,
  makeAdmin,
  PASSWORD,
  type Session,
  signup,
  uniqueEmail,
  useBindings,
  verifiedUser,
} from "../helpers/api";
import { SoftwareAuthenticator } from "../helpers/authenticator";
import { countingD1, fullScans } from "../helpers/d1";
import { createShop, member } from "../helpers/shops";

/** A subscriber of every event (docs/events.md); its queue takes the hand-over and drops it. */
const EVERY_EVENT = {
  EVENT_SUBSCRIBERS: JSON.stringify([
    { id: "all", url: "https://events.test/hooks", events: ["*"] },
  ]),
  EVENTS_ALL_SECRET: `whsec_${btoa("0123456789abcdef0123456789abcdef")}`,
  EVENTS_QUEUE: { async send() {}, async sendBatch() {} } as unknown as Queue,
} as Partial<Env>;
useBindings(EVERY_EVENT);

/**
 * Runs one request against a counting D1: the calls it made before its response (the latency
 * the budget is about) and after it (`waitUntil` work, e.g. the mail hand-over; informational).
 */
async function roundTrips(method: string, path: string, options: Parameters<typeof call>[2] = {}) {
  const d1 = countingD1(env.DB);
  let calls = Number.NaN;
  const response = await call(method, path, {
    ...options,
    env: bindings({ ...EVERY_EVENT, DB: d1.binding }),
    onResponse: () => {
      calls = d1.calls;
    },
  });
  return { status: response.status, calls, afterResponse: d1.calls - calls, sql: d1.log };
}

// The budget of the spec (Part 2, "Speed"), and what this implementation spends.
const BUDGET = {
  me: 1,
  refresh: 1,
  login: 2,
  verify: 2,
  signup: 2,
  resend: 2,
  forgot: 2,
  logout: 1,
  adminList: 2,
} as const;

describe("each endpoint stays within its D1 round-trip budget", () => {
  it("GET /v1/users/me: 1 (the user and the session, one join)", async () => {
    const { session } = await verifiedUser("rt-me");
    const result = await roundTrips("GET", "/v1/users/me", { token: session.access_token });
    expect(result).toMatchObject({ status: 200, calls: 1 });
    expect(result.calls).toBeLessThanOrEqual(BUDGET.me);
  });

  it("POST /v1/auth/refresh: 1 (spend, successor, session touch and reuse handling in one batch)", async () => {
    const { session } = await verifiedUser("rt-refresh");
    const ok = await roundTrips("POST", "/v1/auth/refresh", {
      body: { refresh_token: session.refresh_token },
    });
    expect(ok).toMatchObject({ status: 200, calls: 1 });
    const reuse = await roundTrips("POST", "/v1/auth/refresh", {
      body: { refresh_token: session.refresh_token },
    });
    expect(reuse).toMatchObject({ status: 401, calls: 1 });
    expect(ok.calls).toBeLessThanOrEqual(BUDGET.refresh);
  });

  it("POST /v1/auth/login: 2 on success and 2 on failure", async () => {
    const { email } = await verifiedUser("rt-login");
    const ok = await roundTrips("POST", "/v1/auth/login", { body: { email, password: PASSWORD } });
    expect(ok).toMatchObject({ status: 200, calls: 2 });
    const wrong = await roundTrips("POST", "/v1/auth/login", {
      body: { email, password: "not-the-password" },
    });
    expect(wrong).toMatchObject({ status: 401, calls: 2 });
    const unknown = await roundTrips("POST", "/v1/auth/login", {
      body: { email: uniqueEmail("rt-nobody"), password: "not-the-password" },
    });
    expect(unknown).toMatchObject({ status: 401, calls: 2 });
    expect(Math.max(ok.calls, wrong.calls)).toBeLessThanOrEqual(BUDGET.login);
  });

  it("POST /v1/auth/verify: 2", async () => {
    const email = uniqueEmail("rt-verify");
    const code = await signup(email);
    const result = await roundTrips("POST", "/v1/auth/verify", {
      body: { email, password: PASSWORD, code },
    });
    expect(result).toMatchObject({ status: 200, calls: 2 });
    expect(result.calls).toBeLessThanOrEqual(BUDGET.verify);
  });

  it("POST /v1/auth/signup: 1 (one batch for new, pending and verified addresses alike)", async () => {
    const fresh = await roundTrips("POST", "/v1/auth/signup", {
      body: { email: uniqueEmail("rt-signup"), password: PASSWORD },
    });
    // The mail was recorded in that batch; it is handed to the queue after the response, which
    // writes nothing to D1 (the consumer's delivery mark says it was handed over).
    expect(fresh).toMatchObject({ status: 202, calls: 1, afterResponse: 0 });
    const { email } = await verifiedUser("rt-signup-exists");
    await expireMailCooldown(email);
    const exists = await roundTrips("POST", "/v1/auth/signup", {
      body: { email, password: PASSWORD },
    });
    expect(exists).toMatchObject({ status: 202, calls: 1 });
    expect(fresh.calls).toBeLessThanOrEqual(BUDGET.signup);
  });

  it("POST /v1/auth/resend-code and /password/forgot: 1 each", async () => {
    const email = uniqueEmail("rt-resend");
    await signup(email);
    await expireMailCooldown(email);
    const resend = await roundTrips("POST", "/v1/auth/resend-code", { body: { email } });
    expect(resend).toMatchObject({ status: 202, calls: 1 });
    const { email: verified } = await verifiedUser("rt-forgot");
    await expireMailCooldown(verified);
    const forgot = await roundTrips("POST", "/v1/auth/password/forgot", {
      body: { email: verified },
    });
    expect(forgot).toMatchObject({ status: 202, calls: 1 });
    expect(resend.calls).toBeLessThanOrEqual(BUDGET.resend);
    expect(forgot.calls).toBeLessThanOrEqual(BUDGET.forgot);
  });

  it("POST /v1/auth/logout: 1 (the session ended and audited in one batch)", async () => {
    const { session } = await verifiedUser("rt-logout");
    const result = await roundTrips("POST", "/v1/auth/logout", {
      body: { refresh_token: session.refresh_token },
    });
    expect(result).toMatchObject({ status: 204, calls: 1 });
    expect(result.calls).toBeLessThanOrEqual(BUDGET.logout);
  });

  it("GET /v1/users (admin list): 2 (the caller's row, then the page)", async () => {
    const admin = await makeAdmin("rt-admin");
    const first = await roundTrips("GET", "/v1/users?limit=2", {
      token: admin.session.access_token,
    });
    expect(first).toMatchObject({ status: 200, calls: 2 });
    const page = await json<{ next_cursor: string }>(
      await call("GET", "/v1/users?limit=2", { token: admin.session.access_token }),
    );
    const next = await roundTrips("GET", `/v1/users?limit=2&cursor=${page.next_cursor}`, {
      token: admin.session.access_token,
    });
    expect(next).toMatchObject({ status: 200, calls: 2 });
    expect(first.calls).toBeLessThanOrEqual(BUDGET.adminList);
  });

  it("a cookie refresh costs the same single round trip as the body one", async () => {
    const { email } = await verifiedUser("rt-cookie");
    const login = await call("POST", "/v1/auth/login", {
      body: { email, password: PASSWORD, refresh_token_transport: "cookie" },
    });
    const cookie = login.headers.getSetCookie()[0]?.split(";")[0] ?? "";
    const result = await roundTrips("POST", "/v1/auth/refresh", {
      headers: { Cookie: cookie, Origin: "https://shop.example" },
    });
    expect(result).toMatchObject({ status: 200, calls: 1 });
    expect((await json<Session>(login)).access_token).toEqual(expect.any(String));
  });
});

describe("shops: membership checks add no round trip", () => {
  it("a member's /me, refresh and login stay at 1, 1 and 2; shop reads and writes at 2 and 3", async () => {
    const shop = await createShop("rt");
    const barista = await member(shop, "barista");
    const owner = await member(shop, "owner");
    expect(
      await roundTrips("GET", "/v1/users/me", { token: barista.session.access_token }),
    ).toMatchObject({ status: 200, calls: BUDGET.me });
    expect(
      await roundTrips("POST", "/v1/auth/refresh", {
        body: { refresh_token: barista.session.refresh_token },
      }),
    ).toMatchObject({ status: 200, calls: BUDGET.refresh });
    expect(
      await roundTrips("POST", "/v1/auth/login", {
        body: { email: barista.email, password: PASSWORD },
      }),
    ).toMatchObject({ status: 200, calls: BUDGET.login });
    // The caller (1), then the shop with the caller's role in it (1).
    expect(
      await roundTrips("GET", `/v1/shops/${shop.id}`, { token: barista.session.access_token }),
    ).toMatchObject({ status: 200, calls: 2 });
    expect(
      await roundTrips("GET", "/v1/shops", { token: barista.session.access_token }),
    ).toMatchObject({ status: 200, calls: 2 });
    // The caller, the shop and the caller's role, then one page.
    expect(
      await roundTrips("GET", `/v1/shops/${shop.id}/members`, {
        token: owner.session.access_token,
      }),
    ).toMatchObject({ status: 200, calls: 3 });
    // The caller, what the decision reads, the claimed write batch.
    expect(
      await roundTrips("PATCH", `/v1/shops/${shop.id}/members/${barista.id}`, {
        token: owner.session.access_token,
        body: { role: "manager" },
      }),
    ).toMatchObject({ status: 200, calls: 3 });
  });
});

describe("keys for tills", () => {
  it("GET /v1/api-keys/self: 1 (the key by its digest, joined with its shop)", async () => {
    const shop = await createShop("rt-key");
    const owner = await member(shop, "owner");
    const made = await json<{ key: string }>(
      await call("POST", `/v1/shops/${shop.id}/api-keys`, {
        token: owner.session.access_token,
        body: { name: "Till", scopes: ["till.open"] },
      }),
    );
    expect(
      await roundTrips("GET", "/v1/api-keys/self", {
        headers: { Authorization: `Bearer ${made.key}` },
      }),
    ).toMatchObject({ status: 200, calls: 1 });
  });
});

describe("sign-in without a password", () => {
  it("email code: the request 1 (within forgot's 2), the sign-in 2 (like login)", async () => {
    const { email } = await verifiedUser("rt-code");
    await expireMailCooldown(email);
    const requested = await roundTrips("POST", "/v1/auth/email-code", { body: { email } });
    expect(requested).toMatchObject({ status: 202, calls: 1 });
    expect(requested.calls).toBeLessThanOrEqual(BUDGET.forgot);
    const code = lastMail(email, "login_code").code;
    expect(
      await roundTrips("POST", "/v1/auth/email-code/verify", { body: { email, code } }),
    ).toMatchObject({ status: 200, calls: BUDGET.login });
  });

  it("passkey: options 1, sign-in 2 (spend the challenge and read the passkey; then the write)", async () => {
    const user = await verifiedUser("rt-passkey");
    const authenticator = new SoftwareAuthenticator();
    const options = await json<{ challenge: string; user: { id: string } }>(
      await call("POST", "/v1/users/me/passkeys/options", {
        token: user.session.access_token,
        body: { password: PASSWORD },
      }),
    );
    await call("POST", "/v1/users/me/passkeys", {
      token: user.session.access_token,
      body: { response: await authenticator.create(options) },
    });
    const started = await roundTrips("POST", "/v1/auth/passkey/options");
    expect(started).toMatchObject({ status: 200, calls: 1 });
    const signInOptions = await json<{ challenge: string }>(
      await call("POST", "/v1/auth/passkey/options"),
    );
    expect(
      await roundTrips("POST", "/v1/auth/passkey/verify", {
        body: { response: await authenticator.get(signInOptions) },
      }),
    ).toMatchObject({ status: 200, calls: 2 });
  });
});

/**
 * Rows written, as D1 bills them (its result meta: each row, each index entry, each row a trigger
 * writes), summed over the request and the work it leaves for after the response. SPEC Part 4's
 * budgets, and today's counts under them (docs/benchmark.md has the row-by-row account), so a new
 * index, trigger or statement cannot raise the bill unnoticed.
 */
const SPEC_BUDGET = { signup: 15, verify: 15, login: 10, refresh: 6, logout: 4, me: 0 } as const;
const ROWS_WRITTEN = { signup: 15, verify: 15, login: 10, refresh: 4, logout: 4, me: 0 } as const;

/** What each request of the walk below wrote and read: `npm run bench` copies it into its report. */
const measured: { endpoint: string; written: number; read: number; status: number }[] = [];

declare module "vitest" {
  interface TaskMeta {
    rows?: typeof measured;
  }
}

describe("what a request writes to D1 (rows billed)", () => {
  async function written(method: string, path: string, options: Parameters<typeof call>[2] = {}) {
    const d1 = countingD1(env.DB);
    const response = await call(method, path, {
      ...options,
      env: bindings({ ...EVERY_EVENT, DB: d1.binding }),
    });
    const endpoint = `${method} ${path}${response.status === 401 ? " (wrong password)" : ""}`;
    measured.push({ endpoint, ...d1.rows, status: response.status });
    return { response, written: d1.rows.written, read: d1.rows.read };
  }

  it("today's counts are within the SPEC's budgets", () => {
    for (const key of Object.keys(SPEC_BUDGET) as (keyof typeof SPEC_BUDGET)[]) {
      expect(ROWS_WRITTEN[key], key).toBeLessThanOrEqual(SPEC_BUDGET[key]);
    }
  });

  it("signup, verify, login, refresh, /me and logout stay within their ceilings", async ({
    task,
  }) => {
    task.meta.rows = measured;
    const email = uniqueEmail("rows");
    const signedUp = await written("POST", "/v1/auth/signup", {
      body: { email, password: PASSWORD },
    });
    expect({ status: signedUp.response.status, written: signedUp.written }).toEqual({
      status: 202,
      written: expect.any(Number),
    });
    expect(signedUp.written).toBeLessThanOrEqual(ROWS_WRITTEN.signup);
    const code = lastMail(email, "verification_code").code;
    const verified = await written("POST", "/v1/auth/verify", {
      body: { email, password: PASSWORD, code },
    });
    expect(verified.response.status).toBe(200);
    expect(verified.written).toBeLessThanOrEqual(ROWS_WRITTEN.verify);
    const wrong = await written("POST", "/v1/auth/login", {
      body: { email, password: `${PASSWORD}-wrong` },
    });
    expect(wrong.response.status).toBe(401);
    const login = await written("POST", "/v1/auth/login", { body: { email, password: PASSWORD } });
    expect(login.response.status).toBe(200);
    expect(login.written).toBeLessThanOrEqual(ROWS_WRITTEN.login);
    const session = await json<Session>(login.response);
    const refreshed = await written("POST", "/v1/auth/refresh", {
      body: { refresh_token: session.refresh_token },
    });
    expect(refreshed.response.status).toBe(200);
    expect(refreshed.written).toBeLessThanOrEqual(ROWS_WRITTEN.refresh);
    const next = await json<Session>(refreshed.response);
    const me = await written("GET", "/v1/users/me", { token: next.access_token });
    expect({ status: me.response.status, written: me.written }).toEqual({
      status: 200,
      written: 0,
    });
    const out = await written("POST", "/v1/auth/logout", {
      body: { refresh_token: next.refresh_token },
    });
    expect(out.response.status).toBe(204);
    expect(out.written).toBeLessThanOrEqual(ROWS_WRITTEN.logout);
  });

  it("reads by key or index only: no statement of sign-up → log-out scans a table", async () => {
    // D1's rows_read cannot prove this (a scan that finds its row early reads little), so every
    // statement the walk ran is asked for its query plan, with its own values.
    const d1 = countingD1(env.DB);
    const environment = bindings({ ...EVERY_EVENT, DB: d1.binding });
    const send = (method: string, path: string, options: Parameters<typeof call>[2] = {}) =>
      call(method, path, { ...options, env: environment });
    const email = uniqueEmail("plans");
    expect(
      (await send("POST", "/v1/auth/signup", { body: { email, password: PASSWORD } })).status,
    ).toBe(202);
    const code = lastMail(email, "verification_code").code;
    const verified = await send("POST", "/v1/auth/verify", {
      body: { email, password: PASSWORD, code },
    });
    expect(verified.status).toBe(200);
    await send("POST", "/v1/auth/login", { body: { email, password: `${PASSWORD}-wrong` } });
    const session = await json<Session>(
      await send("POST", "/v1/auth/login", { body: { email, password: PASSWORD } }),
    );
    const next = await json<Session>(
      await send("POST", "/v1/auth/refresh", { body: { refresh_token: session.refresh_token } }),
    );
    expect((await send("GET", "/v1/users/me", { token: next.access_token })).status).toBe(200);
    // "End my other sessions" and log-out: each counts what it ended by key.
    expect(
      (await send("DELETE", "/v1/users/me/sessions", { token: next.access_token })).status,
    ).toBe(204);
    expect(
      (await send("POST", "/v1/auth/logout", { body: { refresh_token: next.refresh_token } }))
        .status,
    ).toBe(204);
    expect(d1.statements.length).toBeGreaterThan(10);
    // A write to `users` lists, in its plan, the foreign-key checks of the tables that reference an
    // account without an index of their own: short-lived rows (challenges, login codes, link
    // tickets, console sessions), read through only when an account is deleted. Nothing else.
    const fkChildren = [
      "console_sessions",
      "link_tickets",
      "login_codes",
      "mfa_challenges",
      "webauthn_challenges",
    ];
    const scans = (await fullScans(env.DB, d1.statements)).filter(
      (s) => !(fkChildren.includes(s.table) && /^(INSERT INTO|UPDATE|update) "users"/i.test(s.sql)),
    );
    expect(scans).toEqual([]);
  });
});
