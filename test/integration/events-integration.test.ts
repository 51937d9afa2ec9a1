import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { Webhook } from "standardwebhooks";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { consumeEvents, EVENT_MAX_ATTEMPTS } from "../../src/events/delivery";
import worker from "../../src/index";
import {
  bindings,
  call,
  expireMailCooldown,
  json,
  lastMail,
  makeAdmin,
  PASSWORD,
  runScheduled,
  type Session,
  uniqueEmail,
  useBindings,
  verifiedUser,
} from "../helpers/api";
import { bystandersMayChange } from "../helpers/bystanders";
import { FakeIssuer } from "../helpers/fake-issuer";
import * as flow from "../helpers/provider-flow";
import { createShop, member } from "../helpers/shops";

/**
 * Events for the platform (docs/events.md), from the change that causes each to the receiver,
 * which checks every delivery with the `standardwebhooks` library (an implementation no one here
 * wrote). The receiver is `fetch` to https://crm.example, answered here; the queue records what
 * the API hands over, and the tests run the Worker's real queue entry point on it.
 */

const QUEUE = "coffee-shop-accounts-events";
const RECEIVER = "https://crm.example/hooks";
const key = (seed: number) =>
  `whsec_${btoa(String.fromCharCode(...Array.from({ length: 32 }, (_, i) => (i * 7 + seed) % 256)))}`;
const SECRET = key(1);
const NEXT_SECRET = key(2);
const SUBSCRIBERS = JSON.stringify([{ id: "crm", url: RECEIVER, events: ["*"] }]);

interface Delivery {
  headers: Record<string, string>;
  body: string;
}
const handedOver: { v: number; id: string }[] = [];
const eventsQueue = {
  async send(body: { v: number; id: string }) {
    handedOver.push(structuredClone(body));
  },
  async sendBatch(messages: Iterable<{ body: { v: number; id: string } }>) {
    for (const message of messages) handedOver.push(structuredClone(message.body));
  },
};
const brokenQueue = {
  async send() {
    throw new Error("Queue send failed: 503");
  },
  async sendBatch() {
    throw new Error("Queue send failed: 503");
  },
};

function withEvents(overrides: Record<string, unknown> = {}): Env {
  return bindings({
    EVENT_SUBSCRIBERS: SUBSCRIBERS,
    EVENTS_CRM_SECRET: SECRET,
    EVENTS_QUEUE: eventsQueue as unknown as Queue,
    ...overrides,
  } as Partial<Env>);
}
const eventsEnv = useBindings({
  EVENT_SUBSCRIBERS: SUBSCRIBERS,
  EVENTS_CRM_SECRET: SECRET,
  EVENTS_QUEUE: eventsQueue as unknown as Queue,
} as Partial<Env>);

let deliveries: Delivery[] = [];
let answer: () => Response = () => new Response(null, { status: 204 });
beforeEach(() => {
  deliveries = [];
  answer = () => new Response(null, { status: 204 });
  const real = globalThis.fetch;
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const request = new Request(input as RequestInfo, init);
    if (!request.url.startsWith("https://crm.example/")) return real(input as RequestInfo, init);
    deliveries.push({
      headers: Object.fromEntries(request.headers),
      body: await request.text(),
    });
    return answer();
  });
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** Runs the Worker's queue entry point on the messages handed over since `from`. */
async function deliver(from = 0, environment = eventsEnv, attempts = 1) {
  const messages = handedOver.splice(from);
  const batch = createMessageBatch(
    QUEUE,
    messages.map((body, i) => ({ id: `m-${i}`, timestamp: new Date(), attempts, body })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch as MessageBatch<unknown>, environment, ctx);
  return { messages, result: await getQueueResult(batch, ctx) };
}

/** The deliveries, each verified as a receiver would: the payload, or the library's error. */
function verified(secret = SECRET) {
  return deliveries.map((d) => new Webhook(secret).verify(d.body, d.headers) as Payload);
}
interface Payload {
  type: string;
  timestamp: string;
  data: Record<string, unknown>;
}

async function outbox(id?: string) {
  const rows = await env.DB.prepare(
    "SELECT id, type, data, attempts, retrying_at, failed_at, delivered_to, last_error FROM event_outbox ORDER BY id",
  ).all<{
    id: string;
    type: string;
    data: string;
    failed_at: string | null;
    retrying_at: string | null;
    attempts: number;
    delivered_to: string | null;
    last_error: string | null;
  }>();
  return id ? rows.results.filter((r) => r.id === id) : rows.results;
}

describe("delivery per Standard Webhooks", () => {
  it("sign-up → user.created; verify → user.verified; each verified by the library, then gone from the outbox", async () => {
    const email = uniqueEmail("created");
    const from = handedOver.length;
    expect(
      (await call("POST", "/v1/auth/signup", { body: { email, password: PASSWORD, name: "Ada" } }))
        .status,
    ).toBe(202);
    const code = lastMail(email, "verification_code").code;
    expect(
      (await call("POST", "/v1/auth/verify", { body: { email, password: PASSWORD, code } })).status,
    ).toBe(200);
    const { messages } = await deliver(from);
    expect(messages).toHaveLength(2);
    const [created, verifiedEvent] = verified();
    expect(created).toMatchObject({
      type: "user.created",
      data: { email, name: "Ada", status: "pending", role: "user" },
    });
    expect(verifiedEvent).toMatchObject({
      type: "user.verified",
      data: { email, status: "verified" },
    });
    expect(Date.parse(created?.timestamp ?? "")).not.toBeNaN();
    // The same id in the header as in the outbox; nothing secret in the body.
    expect(deliveries.map((d) => d.headers["webhook-id"])).toEqual(messages.map((m) => m.id));
    expect(deliveries.map((d) => d.body).join()).not.toMatch(/password|hash|espresso|code_digest/i);
    expect(deliveries[0]?.headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    for (const message of messages) expect(await outbox(message.id)).toEqual([]);
  });

  it("a tampered body, another secret or a stale timestamp fails the library's check", async () => {
    const from = handedOver.length;
    await verifiedUser("tamper");
    await deliver(from);
    const delivery = deliveries[0];
    if (!delivery) throw new Error("no delivery");
    expect(() => new Webhook(SECRET).verify(delivery.body, delivery.headers)).not.toThrow();
    expect(() =>
      new Webhook(SECRET).verify(delivery.body.replace("user.", "user.x"), delivery.headers),
    ).toThrow();
    expect(() => new Webhook(NEXT_SECRET).verify(delivery.body, delivery.headers)).toThrow();

    // A delivery signed ten minutes ago is refused by the receiver's tolerance (5 minutes).
    deliveries = [];
    const again = handedOver.length;
    await verifiedUser("stale");
    const messages = handedOver.splice(again);
    const batch = createMessageBatch(
      QUEUE,
      messages.map((body, i) => ({ id: `s-${i}`, timestamp: new Date(), attempts: 1, body })),
    );
    await consumeEvents(batch as MessageBatch<unknown>, eventsEnv, new Date(Date.now() - 600_000));
    expect(deliveries.length).toBeGreaterThan(0);
    for (const stale of deliveries) {
      expect(() => new Webhook(SECRET).verify(stale.body, stale.headers)).toThrow(/timestamp/i);
    }
  });

  it("during a secret rotation each delivery carries two signatures, and either secret verifies it", async () => {
    const rotating = withEvents({ EVENTS_CRM_SECRET: `${SECRET} ${NEXT_SECRET}` });
    const from = handedOver.length;
    await call("POST", "/v1/auth/signup", {
      env: rotating,
      body: { email: uniqueEmail("rotation"), password: PASSWORD },
    });
    await deliver(from, rotating);
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]?.headers["webhook-signature"]?.split(" ")).toHaveLength(2);
    expect(verified(SECRET)[0]?.type).toBe("user.created");
    expect(verified(NEXT_SECRET)[0]?.type).toBe("user.created");
  });

  it("a sibling Worker over a Service Binding gets the same signed request", async () => {
    const received: Delivery[] = [];
    const service = {
      async fetch(input: RequestInfo, init?: RequestInit) {
        const request = new Request(input, init);
        received.push({ headers: Object.fromEntries(request.headers), body: await request.text() });
        return new Response(null, { status: 200 });
      },
    };
    const viaBinding = withEvents({
      EVENT_SUBSCRIBERS: JSON.stringify([{ id: "pos", service: "POS_EVENTS", events: ["user.*"] }]),
      EVENTS_POS_SECRET: NEXT_SECRET,
      POS_EVENTS: service,
    });
    const from = handedOver.length;
    await call("POST", "/v1/auth/signup", {
      env: viaBinding,
      body: { email: uniqueEmail("binding"), password: PASSWORD },
    });
    await deliver(from, viaBinding);
    expect(deliveries).toEqual([]);
    expect(received).toHaveLength(1);
    const payload = new Webhook(NEXT_SECRET).verify(
      received[0]?.body ?? "",
      received[0]?.headers ?? {},
    );
    expect(payload).toMatchObject({ type: "user.created" });
  });
});

describe("at least once, nothing lost", () => {
  it("a receiver answering 500 gets the event again under the same id; after the last try it is dead-lettered, listed and replayable", async () => {
    const from = handedOver.length;
    await call("POST", "/v1/auth/signup", {
      body: { email: uniqueEmail("retry"), password: PASSWORD },
    });
    const [message] = handedOver.slice(from);
    if (!message) throw new Error("nothing handed over");
    answer = () => new Response("boom", { status: 500 });
    for (let attempt = 1; attempt <= EVENT_MAX_ATTEMPTS; attempt++) {
      handedOver.push(message);
      const { result } = await deliver(handedOver.length - 1, eventsEnv, attempt);
      if (attempt < EVENT_MAX_ATTEMPTS) {
        expect(result.retryMessages).toHaveLength(1);
        expect((await outbox(message.id))[0]).toMatchObject({
          retrying_at: expect.any(String),
          failed_at: null,
        });
      } else {
        expect(result.retryMessages).toHaveLength(0);
        expect(result.explicitAcks).toHaveLength(1);
      }
    }
    handedOver.splice(from);
    expect(deliveries).toHaveLength(EVENT_MAX_ATTEMPTS);
    expect(new Set(deliveries.map((d) => d.headers["webhook-id"]))).toEqual(new Set([message.id]));
    const [dead] = await outbox(message.id);
    expect(dead).toMatchObject({
      failed_at: expect.any(String),
      attempts: EVENT_MAX_ATTEMPTS,
      last_error: JSON.stringify({ crm: "http 500" }),
    });
    // The response's text is never kept.
    expect(JSON.stringify(dead)).not.toContain("boom");
    // A dead letter is not handed over by the cron.
    const before = handedOver.length;
    await runScheduled("* * * * *", new Date(Date.now() + 10 * 60_000), eventsEnv);
    expect(handedOver.slice(before).filter((m) => m.id === message.id)).toEqual([]);

    // The console lists it; two replays at once take it back once; then it is delivered.
    const admin = await consoleAdmin();
    const listing = await (await consoleGet("/console/events", admin.cookie)).text();
    expect(listing).toContain(message.id);
    expect(listing).toContain("crm: http 500");
    answer = () => new Response(null, { status: 200 });
    const replays = await Promise.all(
      [1, 2].map(() => consoleForm(`/console/events/${message.id}/replay`, admin)),
    );
    expect(replays.map((r) => r.status).sort()).toEqual([303, 404]);
    const replayed = handedOver.splice(before).filter((m) => m.id === message.id);
    expect(replayed).toEqual([{ v: 1, id: message.id }]);
    handedOver.push(...replayed);
    deliveries = [];
    await deliver(before);
    expect(verified().map((p) => p.type)).toEqual(["user.created"]);
    expect(await outbox(message.id)).toEqual([]);
  });

  it("a Queues outage during the change loses nothing: the cron hands the event over", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const outage = withEvents({ EVENTS_QUEUE: brokenQueue });
    const email = uniqueEmail("outage");
    const response = await call("POST", "/v1/auth/signup", {
      env: outage,
      body: { email, password: PASSWORD },
    });
    expect(response.status).toBe(202);
    const rows = (await outbox()).filter((r) => JSON.parse(r.data).email === email);
    expect(rows).toHaveLength(1);
    const id = rows[0]?.id ?? "";
    const before = handedOver.length;
    // Within two minutes the row is the request's: the cron leaves it.
    await runScheduled("* * * * *", new Date(), eventsEnv);
    expect(handedOver.slice(before).filter((m) => m.id === id)).toEqual([]);
    await runScheduled("* * * * *", new Date(Date.now() + 3 * 60_000), eventsEnv);
    expect(handedOver.slice(before).filter((m) => m.id === id)).toEqual([{ v: 1, id }]);
    // Handed over and marked: the next minute's sweep leaves it to the queue.
    await runScheduled("* * * * *", new Date(Date.now() + 4 * 60_000), eventsEnv);
    expect(handedOver.slice(before).filter((m) => m.id === id)).toHaveLength(1);
    await deliver(before);
    expect(verified().map((p) => p.data.email)).toContain(email);
    expect(await outbox(id)).toEqual([]);
  });

  it("a subscriber removed from the configuration gets nothing more, and no event is written that nobody takes", async () => {
    const from = handedOver.length;
    await call("POST", "/v1/auth/signup", {
      body: { email: uniqueEmail("removed"), password: PASSWORD },
    });
    const [message] = handedOver.slice(from);
    // The subscriber is gone before the delivery: the row is settled without a request.
    const without = withEvents({ EVENT_SUBSCRIBERS: "[]" });
    await deliver(from, without);
    expect(deliveries).toEqual([]);
    expect(await outbox(message?.id)).toEqual([]);

    // A subscriber of membership events only: a sign-up records nothing at all.
    const narrow = withEvents({
      EVENT_SUBSCRIBERS: JSON.stringify([{ id: "crm", url: RECEIVER, events: ["membership.*"] }]),
    });
    const rows = (await outbox()).length;
    await call("POST", "/v1/auth/signup", {
      env: narrow,
      body: { email: uniqueEmail("narrow"), password: PASSWORD },
    });
    expect((await outbox()).length).toBe(rows);
  });

  it("a receiver that answers garbage, redirects or hangs is a failed try, never a crash", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    for (const [reply, error] of [
      [
        () => new Response(null, { status: 302, headers: { Location: "https://evil.example/" } }),
        "http 302",
      ],
      [() => new Response("<html>", { status: 404 }), "http 404"],
      [
        () => {
          throw new TypeError("Network connection lost");
        },
        "unreachable",
      ],
    ] as const) {
      answer = reply;
      const from = handedOver.length;
      await call("POST", "/v1/auth/signup", {
        body: { email: uniqueEmail("garbage"), password: PASSWORD },
      });
      const { messages, result } = await deliver(from);
      expect(result.retryMessages).toHaveLength(1);
      expect((await outbox(messages[0]?.id))[0]?.last_error).toBe(JSON.stringify({ crm: error }));
    }
  });
});

describe("each event from the change that causes it", () => {
  /** What the changes made since `from` delivered, verified. */
  async function eventsSince(from: number): Promise<Payload[]> {
    deliveries = [];
    await deliver(from);
    return verified();
  }

  it("user.updated (profile, email) and user.deleted carrying the id alone", async () => {
    const user = await verifiedUser("profile");
    const token = user.session.access_token;
    let from = handedOver.length;
    await call("PATCH", "/v1/users/me", { token, body: { name: "Grace" } });
    expect(await eventsSince(from)).toMatchObject([
      {
        type: "user.updated",
        data: { id: user.session.user.id, name: "Grace", changes: ["name"] },
      },
    ]);

    from = handedOver.length;
    const deleted = await call("DELETE", "/v1/users/me", { token, body: { password: PASSWORD } });
    expect(deleted.status).toBe(204);
    const [gone] = await eventsSince(from);
    expect(gone).toEqual({
      type: "user.deleted",
      timestamp: expect.any(String),
      data: { id: user.session.user.id },
    });
  });

  it("user.banned, user.unbanned and sessions.revoked, with the admin's reason kept out", async () => {
    const admin = await makeAdmin("events-admin");
    const user = await verifiedUser("banned");
    const id = user.session.user.id;
    let from = handedOver.length;
    const banned = await call("POST", `/v1/users/${id}/ban`, {
      token: admin.session.access_token,
      body: { reason: "chargeback fraud at the Alfama till" },
    });
    expect(banned.status).toBe(200);
    const [ban] = await eventsSince(from);
    expect(ban).toMatchObject({ type: "user.banned", data: { id, banned_until: null } });
    expect(JSON.stringify(ban)).not.toContain("chargeback");

    from = handedOver.length;
    await call("DELETE", `/v1/users/${id}/ban`, { token: admin.session.access_token });
    expect((await eventsSince(from)).map((e) => e.type)).toEqual(["user.unbanned"]);

    const other = await verifiedUser("logout-all");
    from = handedOver.length;
    await call("POST", "/v1/auth/logout-all", { token: other.session.access_token });
    expect(await eventsSince(from)).toMatchObject([
      { type: "sessions.revoked", data: { user_id: other.session.user.id, reason: "logout_all" } },
    ]);
  });

  it("an admin's create, change, force log-out and delete; a password reset; keys dying with their maker", async () => {
    const admin = await makeAdmin("events-admin-ops");
    const token = admin.session.access_token;
    let from = handedOver.length;
    const email = uniqueEmail("admin-made");
    const created = await call("POST", "/v1/users", { token, body: { email, password: PASSWORD } });
    expect(created.status).toBe(201);
    const id = (await json<{ id: string }>(created)).id;
    expect(await eventsSince(from)).toMatchObject([
      { type: "user.created", data: { id, email, status: "verified" } },
    ]);

    from = handedOver.length;
    await call("PATCH", `/v1/users/${id}`, { token, body: { role: "admin", name: "Ops" } });
    const [changed] = await eventsSince(from);
    expect(changed).toMatchObject({
      type: "user.updated",
      data: { id, role: "admin", name: "Ops" },
    });
    expect([...((changed?.data.changes as string[] | undefined) ?? [])].sort()).toEqual([
      "name",
      "role",
    ]);

    from = handedOver.length;
    await call("DELETE", `/v1/users/${id}/sessions`, { token });
    expect(await eventsSince(from)).toMatchObject([
      { type: "sessions.revoked", data: { user_id: id, reason: "admin" } },
    ]);

    // A shop's manager makes a key, then is removed: the key dies with the power that made it.
    const shop = await createShop("events-orphans");
    const manager = await member(shop, "manager");
    const minted = await call("POST", `/v1/shops/${shop.id}/api-keys`, {
      token: manager.session.access_token,
      body: { name: "Till 2", scopes: ["till.open"] },
    });
    expect(minted.status).toBe(201);
    const keyId = (await json<{ id: string }>(minted)).id;
    from = handedOver.length;
    await call("DELETE", `/v1/shops/${shop.id}/members/${manager.id}`, { token });
    const events = await eventsSince(from);
    expect(events.map((e) => e.type).sort()).toEqual(["api_key.revoked", "membership.deleted"]);
    expect(events.find((e) => e.type === "api_key.revoked")).toMatchObject({
      data: { reason: "maker_lost_power", keys: [{ id: keyId, shop_id: shop.id }] },
    });

    from = handedOver.length;
    expect((await call("DELETE", `/v1/users/${id}`, { token })).status).toBe(204);
    expect(await eventsSince(from)).toEqual([
      { type: "user.deleted", timestamp: expect.any(String), data: { id } },
    ]);

    // A reset by the mailed code ends every session of the account.
    const person = await verifiedUser("events-reset");
    await expireMailCooldown(person.email);
    await call("POST", "/v1/auth/password/forgot", { body: { email: person.email } });
    from = handedOver.length;
    const reset = await call("POST", "/v1/auth/password/reset", {
      body: {
        email: person.email,
        code: lastMail(person.email, "password_reset_code").code,
        new_password: `${PASSWORD}-new`,
      },
    });
    expect(reset.status).toBe(204);
    expect(await eventsSince(from)).toMatchObject([
      {
        type: "sessions.revoked",
        data: { user_id: person.session.user.id, reason: "password_reset" },
      },
    ]);
  });

  it("a first sign-in with a provider: user.created; the stranger's pending sign-up it replaces: user.deleted", async () => {
    const idp = new FakeIssuer({
      issuer: "https://idp.test",
      clientId: "coffee-web",
      clientSecret: "idp-client-secret-0123456789",
    });
    const withProvider = withEvents({
      IDENTITY_PROVIDERS: JSON.stringify([
        { id: "idp", kind: "oidc", issuer: idp.issuer, client_id: idp.clientId },
      ]),
      OAUTH_REDIRECT_ORIGINS: "https://shop.example",
      IDP_IDP_CLIENT_SECRET: idp.clientSecret,
    });
    // The receiver's route is not needed here: the rows themselves are checked.
    idp.routeFetch();
    const email = uniqueEmail("provider-first");
    // A stranger registered the address first and never verified it.
    await call("POST", "/v1/auth/signup", { body: { email, password: PASSWORD } });
    const squatter = await env.DB.prepare("SELECT id FROM users WHERE email = ?")
      .bind(email)
      .first<{ id: string }>();
    const back = await flow.signInWith(withProvider, idp, {
      sub: "sub-first",
      email,
      email_verified: true,
      name: "Ada",
    });
    expect(back.get("login_code")).toBeTruthy();
    const owner = await env.DB.prepare("SELECT id FROM users WHERE email = ?")
      .bind(email)
      .first<{ id: string }>();
    const rows = (await outbox()).filter((r) => {
      const data = JSON.parse(r.data) as { id?: string };
      return data.id === squatter?.id || data.id === owner?.id;
    });
    expect(rows.map((r) => [r.type, JSON.parse(r.data)])).toEqual([
      ["user.created", expect.objectContaining({ id: squatter?.id, status: "pending" })],
      ["user.deleted", { id: squatter?.id }],
      ["user.created", expect.objectContaining({ id: owner?.id, email, status: "verified" })],
    ]);
  });

  it("membership.created, .updated, .deleted and api_key.revoked", async () => {
    const shop = await createShop("events-shop");
    const admin = await makeAdmin("events-shop-admin");
    let from = handedOver.length;
    const barista = await member(shop, "barista");
    expect((await eventsSince(from)).filter((e) => e.type.startsWith("membership."))).toMatchObject(
      [
        {
          type: "membership.created",
          data: { shop_id: shop.id, user_id: barista.id, role: "barista" },
        },
      ],
    );

    from = handedOver.length;
    await call("PATCH", `/v1/shops/${shop.id}/members/${barista.id}`, {
      token: admin.session.access_token,
      body: { role: "manager" },
    });
    expect(await eventsSince(from)).toMatchObject([
      {
        type: "membership.updated",
        data: { user_id: barista.id, role: "manager", previous_role: "barista" },
      },
    ]);

    const minted = await call("POST", `/v1/shops/${shop.id}/api-keys`, {
      token: admin.session.access_token,
      body: { name: "Till 1", scopes: ["till.open"] },
    });
    expect(minted.status).toBe(201);
    const keyId = (await json<{ id: string }>(minted)).id;
    from = handedOver.length;
    await call("DELETE", `/v1/shops/${shop.id}/api-keys/${keyId}`, {
      token: admin.session.access_token,
    });
    expect(await eventsSince(from)).toMatchObject([
      {
        type: "api_key.revoked",
        data: { reason: "revoked", keys: [{ id: keyId, shop_id: shop.id }] },
      },
    ]);

    from = handedOver.length;
    await call("DELETE", `/v1/shops/${shop.id}/members/${barista.id}`, {
      token: barista.session.access_token,
    });
    expect(await eventsSince(from)).toMatchObject([
      { type: "membership.deleted", data: { user_id: barista.id, left: true } },
    ]);
  });

  it("the nightly purge of never-verified accounts sends user.deleted for each", async () => {
    bystandersMayChange("the purge three days on takes the pending bystander, as it should");
    const email = uniqueEmail("purged");
    await call("POST", "/v1/auth/signup", { body: { email, password: PASSWORD } });
    const row = await env.DB.prepare("SELECT id FROM users WHERE email = ?")
      .bind(email)
      .first<{ id: string }>();
    const from = handedOver.length;
    await runScheduled("0 3 * * *", new Date(Date.now() + 3 * 86_400_000), eventsEnv);
    const events = await eventsSince(from);
    expect(events).toContainEqual({
      type: "user.deleted",
      timestamp: expect.any(String),
      data: { id: row?.id },
    });
  });

  it("races: one session ended twice at once is one sessions.revoked; the events match the changes", async () => {
    const user = await verifiedUser("race");
    const second = await call("POST", "/v1/auth/login", {
      body: { email: user.email, password: PASSWORD },
    });
    const other = await json<Session>(second);
    const sessions = await json<{ items: { id: string; current: boolean }[] }>(
      await call("GET", "/v1/users/me/sessions", { token: user.session.access_token }),
    );
    const target = sessions.items.find((s) => !s.current)?.id ?? "";
    const from = handedOver.length;
    const answers = await Promise.all(
      [1, 2, 3].map(() =>
        call("DELETE", `/v1/users/me/sessions/${target}`, { token: user.session.access_token }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([204, 404, 404]);
    const rows = (await outbox()).filter(
      (r) => r.type === "sessions.revoked" && JSON.parse(r.data).session_id === target,
    );
    expect(rows).toHaveLength(1);
    const events = await eventsSince(from);
    expect(events).toMatchObject([{ type: "sessions.revoked", data: { session_id: target } }]);
    expect(other.access_token).toBeTruthy();
  });
});

/** An admin with MFA signed in to the console (cookie and CSRF token). */
async function consoleAdmin() {
  const { enableMfa } = await import("../helpers/api");
  const { totpCode } = await import("../../src/crypto/totp");
  const admin = await makeAdmin("events-console");
  const { secret } = await enableMfa(admin.session.access_token);
  const first = await consoleForm("/console/login", {
    cookie: "",
    csrf: "",
    fields: { email: admin.email, password: PASSWORD },
  });
  const mfaToken = /name="mfa_token" value="([^"]+)"/.exec(await first.text())?.[1] ?? "";
  const second = await consoleForm("/console/login/mfa", {
    cookie: "",
    csrf: "",
    fields: { mfa_token: mfaToken, code: totpCode(secret, Date.now() + 30_000) },
  });
  const cookie = (second.headers.get("Set-Cookie") ?? "").split(";")[0] ?? "";
  const page = await (await consoleGet("/console", cookie)).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? "";
  return { cookie, csrf, fields: {} as Record<string, string> };
}

function consoleGet(path: string, cookie: string) {
  return call("GET", path, { headers: { Cookie: cookie } });
}

function consoleForm(
  path: string,
  session: { cookie: string; csrf: string; fields?: Record<string, string> },
) {
  return call("POST", path, {
    headers: {
      Cookie: session.cookie,
      Origin: "https://api.test",
      "Content-Type": "application/x-www-form-urlencoded",
    },
    rawBody: new URLSearchParams({ _csrf: session.csrf, ...session.fields }).toString(),
  });
}
