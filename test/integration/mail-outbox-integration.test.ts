// Mail that is promised is delivered: the outbox row is written with the change that promises
// it, handed to the queue after the response, and handed over again by the minutely cron when
// that failed — with one Idempotency-Key per mail, so the provider mails it once.
import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import worker from "../../src/index";
import {
  bindings,
  call,
  enqueued,
  expectProblem,
  json,
  mailsTo,
  openMail,
  PASSWORD,
  recordingQueue,
  runScheduled,
  uniqueEmail,
} from "../helpers/api";
import { bystandersMayChange } from "../helpers/bystanders";

afterEach(() => vi.restoreAllMocks());

const MINUTE = 60_000;

/** MAIL_QUEUE during a Queues incident: every send throws. */
const brokenQueue = {
  async send() {
    throw new Error("Queue send failed: internal error");
  },
  async sendBatch() {
    throw new Error("Queue send failed: internal error");
  },
} as unknown as Queue;

async function runSweep(at: Date, bindingsForRun: Env = bindings()) {
  await runScheduled("* * * * *", at, bindingsForRun);
}

async function outboxRows(email: string) {
  const { results } = await env.DB.prepare(
    "SELECT id, kind, data, secret, enqueued_at, delivered_at FROM mail_outbox WHERE to_email = ? ORDER BY created_at",
  )
    .bind(email)
    .all<{
      id: string;
      kind: string;
      data: string;
      secret: string | null;
      enqueued_at: string | null;
      delivered_at: string | null;
    }>();
  return results;
}

/** A Resend-compatible provider that, like Resend, mails each Idempotency-Key once. */
function dedupingProvider() {
  const keys: string[] = [];
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    keys.push(new Request(input, init).headers.get("Idempotency-Key") ?? "");
    return Response.json({ id: "email_1" });
  });
  return { calls: keys, mailed: () => new Set(keys).size };
}

async function consume(bodies: unknown[]) {
  const batch = createMessageBatch(
    "coffee-shop-accounts-mail",
    bodies.map((body, i) => ({ id: `m-${i}`, timestamp: new Date(), attempts: 1, body })),
  );
  const ctx = createExecutionContext();
  await worker.queue(
    batch as never,
    bindings({ EMAIL_PROVIDER: "resend", EMAIL_API_KEY: "re_test_key_123" }),
    ctx,
  );
  return getQueueResult(batch, ctx);
}

const messagesTo = (email: string) =>
  enqueued.filter((body) => (body as { to?: string }).to === email);

describe("a Queues outage delays mail but never loses it", () => {
  it("sign-up answers 202 with the queue down; the cron hands the mail over once it is back", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const email = uniqueEmail("outage");
    const response = await call("POST", "/v1/auth/signup", {
      env: bindings({ MAIL_QUEUE: brokenQueue }),
      body: { email, password: PASSWORD },
    });
    expect(response.status).toBe(202);
    expect(mailsTo(email)).toHaveLength(0);
    const [row, ...others] = await outboxRows(email);
    expect(others).toHaveLength(0);
    expect(row).toMatchObject({ kind: "verification_code", enqueued_at: null });

    // Nothing half-done: the account and its code exist, and the mail slot is claimed for a
    // mail that will go out — so a second mail inside the minute is refused, truthfully.
    const account = await env.DB.prepare(
      "SELECT (SELECT COUNT(*) FROM one_time_codes c WHERE c.user_id = u.id AND c.consumed_at IS NULL) AS codes FROM users u WHERE u.email = ?",
    )
      .bind(email)
      .first<{ codes: number }>();
    expect(account?.codes).toBe(1);
    await expectProblem(
      await call("POST", "/v1/auth/resend-code", { body: { email } }),
      429,
      "rate_limited",
    );

    // Within the minute the row is the request's own to hand over: the cron leaves it.
    await runSweep(new Date());
    expect(messagesTo(email)).toHaveLength(0);
    // After it, the cron hands it over — exactly that one message.
    await runSweep(new Date(Date.now() + MINUTE + 1000));
    expect(messagesTo(email)).toHaveLength(1);
    const [handedOver] = await outboxRows(email);
    expect(handedOver?.enqueued_at).not.toBeNull();
    // Running it again enqueues nothing new.
    await runSweep(new Date(Date.now() + 2 * MINUTE + 1000));
    expect(messagesTo(email)).toHaveLength(1);

    // And the code in it is the one that verifies the account.
    const mail = await openMail(messagesTo(email)[0]);
    const verified = await call("POST", "/v1/auth/verify", {
      body: { email, password: PASSWORD, code: "code" in mail ? mail.code : "" },
    });
    expect(verified.status).toBe(200);
  });

  it("a queue that fails once during the hand-over: the mail still arrives, once", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    let failures = 1;
    const flakyQueue = {
      async send(body: unknown) {
        if (failures-- > 0) throw new Error("Queue send failed: timeout");
        await recordingQueue.send(body);
      },
      async sendBatch(messages: Iterable<{ body: unknown }>) {
        if (failures-- > 0) throw new Error("Queue send failed: timeout");
        await recordingQueue.sendBatch(messages);
      },
    } as unknown as Queue;
    const flaky = bindings({ MAIL_QUEUE: flakyQueue });
    const email = uniqueEmail("flaky");
    const response = await call("POST", "/v1/auth/signup", {
      env: flaky,
      body: { email, password: PASSWORD },
    });
    expect(response.status).toBe(202);
    expect(messagesTo(email)).toHaveLength(0);
    await runSweep(new Date(Date.now() + MINUTE + 1000), flaky);
    expect(messagesTo(email)).toHaveLength(1);

    const provider = dedupingProvider();
    const result = await consume(messagesTo(email));
    expect(result.explicitAcks).toEqual(["m-0"]);
    expect(provider.calls).toHaveLength(1);
  });

  it("a hand-over that was sent but not recorded is sent again, and still mailed once", async () => {
    const email = uniqueEmail("twice");
    expect(
      (await call("POST", "/v1/auth/signup", { body: { email, password: PASSWORD } })).status,
    ).toBe(202);
    // As if the write after `sendBatch` had been lost: the row looks never handed over.
    await env.DB.prepare("UPDATE mail_outbox SET enqueued_at = NULL WHERE to_email = ?")
      .bind(email)
      .run();
    await runSweep(new Date(Date.now() + MINUTE + 1000));
    const copies = messagesTo(email);
    expect(copies).toHaveLength(2);
    const provider = dedupingProvider();
    await consume(copies);
    expect(provider.calls).toHaveLength(2);
    expect(provider.mailed()).toBe(1);
  });
});

describe("the outbox keeps no secret in the clear, and forgets delivered mail", () => {
  it("stores the code sealed, marks the row delivered, and the purge removes it a day later", async () => {
    const email = uniqueEmail("sealed");
    await call("POST", "/v1/auth/signup", { body: { email, password: PASSWORD, name: "Ada" } });
    const mail = await openMail(messagesTo(email)[0]);
    const code = "code" in mail ? mail.code : "";
    expect(code).toMatch(/^\d{6}$/);
    const [row] = await outboxRows(email);
    expect(row?.secret).toMatch(/^v1\.[\w-]+\.[\w-]+$/);
    expect(`${row?.secret}${row?.data}`).not.toContain(code);
    // The address has not proven itself: the name chosen at sign-up is not in its mail.
    expect(JSON.parse(row?.data ?? "{}")).not.toHaveProperty("name");
    expect(JSON.stringify(messagesTo(email))).not.toContain(code);

    dedupingProvider();
    await consume(messagesTo(email));
    const [delivered] = await outboxRows(email);
    expect(delivered?.delivered_at).not.toBeNull();
    // Delivered: the sealed code is gone with it.
    expect(delivered?.secret).toBeNull();

    bystandersMayChange("a purge two days ahead removes the bystanders' delivered mail too");
    await runScheduled("0 3 * * *", new Date(Date.now() + 2 * 86_400_000), bindings());
    expect(await outboxRows(email)).toHaveLength(0);
  });

  it("answers 202 with the same body whatever the queue does", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const up = await call("POST", "/v1/auth/signup", {
      body: { email: uniqueEmail("same-up"), password: PASSWORD },
    });
    const down = await call("POST", "/v1/auth/signup", {
      env: bindings({ MAIL_QUEUE: brokenQueue }),
      body: { email: uniqueEmail("same-down"), password: PASSWORD },
    });
    expect([up.status, down.status]).toEqual([202, 202]);
    expect(Object.keys(await json(up)).sort()).toEqual(Object.keys(await json(down)).sort());
  });
});
