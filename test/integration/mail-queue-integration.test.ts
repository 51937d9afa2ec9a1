import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { seal } from "../../src/crypto/seal";
import worker from "../../src/index";
import type { OutboxMessage } from "../../src/mail/messages";

/** A mail as these tests write it; `deliver` turns it into the queue message the outbox sends. */
interface MailMessage {
  kind: string;
  to: string;
  name?: string | null;
  code?: string;
  expires_at?: string;
  idempotency_key: string;
}

async function toQueueMessage(mail: MailMessage): Promise<OutboxMessage> {
  const { kind, to, code, idempotency_key, ...data } = mail;
  return {
    v: 2,
    id: idempotency_key,
    kind,
    to,
    data,
    secret: code === undefined ? null : await seal(env.CODE_HMAC_SECRET, "mail-outbox", code),
  };
}

import { bindings, call, mailbox, PASSWORD, uniqueEmail } from "../helpers/api";

const QUEUE = "coffee-shop-accounts-mail";
const resendEnv = bindings({
  EMAIL_PROVIDER: "resend",
  EMAIL_API_KEY: "re_test_key_123",
  EMAIL_API_URL: "https://mail.test/api/",
});
const logEnv = bindings({ EMAIL_PROVIDER: "log" });

afterEach(() => vi.restoreAllMocks());

function codeMail(overrides: Partial<MailMessage> = {}): MailMessage {
  return {
    kind: "verification_code",
    to: "ada@example.com",
    name: "Ada",
    code: "493817",
    expires_at: new Date(Date.now() + 600_000).toISOString(),
    idempotency_key: crypto.randomUUID(),
    ...overrides,
  } as MailMessage;
}

interface ProviderCall {
  url: string;
  headers: Headers;
  body: { from: string; to: string[]; subject: string; text: string; html: string };
}

/** A fake Resend at the fetch boundary: answers from `script` in order, records every call. */
function fakeProvider(script: (() => Response | Promise<Response>)[]) {
  const calls: ProviderCall[] = [];
  let index = 0;
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const request = new Request(input, init);
    calls.push({
      url: request.url,
      headers: request.headers,
      body: (await request.json()) as ProviderCall["body"],
    });
    const next = script[Math.min(index, script.length - 1)];
    index += 1;
    if (!next) throw new Error("no scripted answer");
    return next();
  });
  return calls;
}

async function deliver(messages: MailMessage[], bindingsForRun: Env, attempts = 1) {
  const batch = createMessageBatch(
    QUEUE,
    await Promise.all(
      messages.map(async (mail, i) => ({
        id: `msg-${i}`,
        timestamp: new Date(),
        attempts,
        body: await toQueueMessage(mail),
      })),
    ),
  );
  // getQueueResult reports which messages were retried, not the delay asked for: record it.
  const delays = new Map<string, number | undefined>();
  for (const message of batch.messages) {
    const retry = message.retry.bind(message);
    message.retry = (options?: QueueRetryOptions) => {
      delays.set(message.id, options?.delaySeconds);
      retry(options);
    };
  }
  const ctx = createExecutionContext();
  await worker.queue(batch, bindingsForRun, ctx);
  const result = await getQueueResult(batch, ctx);
  return {
    ...result,
    retryMessages: result.retryMessages.map(({ msgId }) => ({
      msgId,
      delaySeconds: delays.get(msgId),
    })),
  };
}

describe("delivery through a Resend-compatible provider", () => {
  it("posts {from,to,subject,text,html} with the key and the message's Idempotency-Key, then acks", async () => {
    const calls = fakeProvider([() => Response.json({ id: "email_1" })]);
    const message = codeMail();
    const result = await deliver([message], resendEnv);
    expect(result.explicitAcks).toEqual(["msg-0"]);
    expect(result.retryMessages).toEqual([]);
    expect(calls).toHaveLength(1);
    const [sent] = calls;
    expect(sent?.url).toBe("https://mail.test/api/emails");
    expect(sent?.headers.get("Authorization")).toBe("Bearer re_test_key_123");
    expect(sent?.headers.get("Idempotency-Key")).toBe(message.idempotency_key);
    expect(sent?.body).toMatchObject({ from: env.EMAIL_FROM, to: ["ada@example.com"] });
    expect(sent?.body.text).toContain("493817");
    expect(sent?.body.html).toContain("493817");
    expect(sent?.body.subject).not.toContain("493817");
  });

  it("a redelivered message carries the same Idempotency-Key, so the provider mails once", async () => {
    const calls = fakeProvider([
      () => new Response("boom", { status: 500 }),
      () => Response.json({}),
    ]);
    const message = codeMail();
    const first = await deliver([message], resendEnv, 1);
    expect(first.retryMessages).toEqual([{ msgId: "msg-0", delaySeconds: 10 }]);
    const second = await deliver([message], resendEnv, 2);
    expect(second.explicitAcks).toEqual(["msg-0"]);
    expect(calls.map((c) => c.headers.get("Idempotency-Key"))).toEqual([
      message.idempotency_key,
      message.idempotency_key,
    ]);
  });

  it("different mails never share a key: the key is fixed when the API enqueues", async () => {
    const emails = [uniqueEmail("key-a"), uniqueEmail("key-b")];
    for (const email of emails) {
      await call("POST", "/v1/auth/signup", { body: { email, password: PASSWORD } });
    }
    const keys = mailbox.filter((m) => emails.includes(m.to)).map((m) => m.idempotency_key);
    expect(keys).toHaveLength(2);
    expect(new Set(keys).size).toBe(2);
    for (const key of keys) expect(key).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("retries, per message", () => {
  const retryable: [string, () => Response | Promise<Response>][] = [
    ["500", () => new Response("", { status: 500 })],
    ["503", () => new Response("", { status: 503 })],
    ["429", () => new Response("", { status: 429 })],
    [
      "a network error",
      () => {
        throw new TypeError("Network connection lost.");
      },
    ],
    [
      "a timeout",
      () => {
        throw new DOMException("The operation timed out.", "TimeoutError");
      },
    ],
  ];
  for (const [label, answer] of retryable) {
    it(`retries on ${label} with backoff`, async () => {
      fakeProvider([answer]);
      const result = await deliver([codeMail()], resendEnv, 1);
      expect(result.explicitAcks).toEqual([]);
      expect(result.retryMessages).toEqual([{ msgId: "msg-0", delaySeconds: 10 }]);
    });
  }

  it("doubles the delay per attempt from 10 s, capped at 10 minutes", async () => {
    fakeProvider([() => new Response("", { status: 502 })]);
    const delays = [];
    for (const attempts of [1, 2, 3, 4, 7, 12]) {
      const result = await deliver([codeMail()], resendEnv, attempts);
      delays.push(result.retryMessages[0]?.delaySeconds);
    }
    expect(delays).toEqual([10, 20, 40, 80, 600, 600]);
  });

  it("honours a longer Retry-After from the provider", async () => {
    fakeProvider([() => new Response("", { status: 429, headers: { "Retry-After": "120" } })]);
    const result = await deliver([codeMail()], resendEnv, 1);
    expect(result.retryMessages).toEqual([{ msgId: "msg-0", delaySeconds: 120 }]);
  });

  for (const status of [400, 401, 403, 422]) {
    it(`does not retry a ${status}; logs one error line without the code`, async () => {
      fakeProvider([() => new Response("{}", { status })]);
      const errors = vi.spyOn(console, "error").mockImplementation(() => {});
      const message = codeMail();
      const result = await deliver([message], resendEnv);
      expect(result.explicitAcks).toEqual(["msg-0"]);
      expect(result.retryMessages).toEqual([]);
      const lines = errors.mock.calls.map(([line]) => String(line));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`"status":${status}`);
      expect(lines[0]).not.toContain("493817");
      expect(lines[0]).not.toContain("re_test_key_123");
    });
  }

  it("sends the messages of a batch concurrently", async () => {
    let inFlight = 0;
    let most = 0;
    let release: () => void = () => {};
    const allStarted = new Promise<void>((resolve) => {
      release = resolve;
    });
    vi.spyOn(globalThis, "fetch").mockImplementation(async () => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      if (inFlight === 3) release();
      // Sequential sending would never reach 3 at once: give up waiting after a moment.
      await Promise.race([allStarted, new Promise((resolve) => setTimeout(resolve, 300))]);
      inFlight -= 1;
      return Response.json({});
    });
    const result = await deliver([codeMail(), codeMail(), codeMail()], resendEnv);
    expect(most).toBe(3);
    expect(result.explicitAcks.sort()).toEqual(["msg-0", "msg-1", "msg-2"]);
  });

  it("settles a mixed batch message by message", async () => {
    const script = new Map<string, () => Response>([
      ["ok@example.com", () => Response.json({})],
      ["flaky@example.com", () => new Response("", { status: 500 })],
      ["bad@example.com", () => new Response("", { status: 422 })],
    ]);
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
      const body = (await new Request(input, init).json()) as { to: string[] };
      return (script.get(body.to[0] ?? "") ?? (() => new Response("", { status: 500 })))();
    });
    vi.spyOn(console, "error").mockImplementation(() => {});
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const result = await deliver(
      [
        codeMail({ to: "ok@example.com" }),
        codeMail({ to: "flaky@example.com" }),
        codeMail({ to: "bad@example.com" }),
        codeMail({
          to: "expired@example.com",
          expires_at: new Date(Date.now() - 1000).toISOString(),
        } as Partial<MailMessage>),
      ],
      resendEnv,
    );
    expect(result.ackAll).toBe(false);
    expect(result.explicitAcks.sort()).toEqual(["msg-0", "msg-2", "msg-3"]);
    expect(result.retryMessages).toEqual([{ msgId: "msg-1", delaySeconds: 10 }]);
  });
});

describe("rendering", () => {
  it("escapes user-provided names in the HTML part", async () => {
    const calls = fakeProvider([() => Response.json({})]);
    // A reset goes to a proven address, greeted by the account's name (escaped).
    await deliver(
      [codeMail({ kind: "password_reset_code", name: '<script>alert("x")</script>' })],
      resendEnv,
    );
    const html = calls[0]?.body.html ?? "";
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
  });

  it("keeps subjects on one line", async () => {
    const calls = fakeProvider([() => Response.json({})]);
    await deliver(
      [
        codeMail({ name: "Eve\r\nBcc: victim@example.com" }),
        { kind: "account_exists", to: "x@example.com", name: "A\nB", idempotency_key: "k" },
      ],
      resendEnv,
    );
    for (const c of calls) expect(c.body.subject).not.toMatch(/[\r\n]/);
    expect(calls[0]?.body.text).not.toContain("\r\nBcc:");
  });

  it("renders all three kinds with text and HTML", async () => {
    const calls = fakeProvider([() => Response.json({})]);
    await deliver(
      [
        codeMail(),
        codeMail({ kind: "password_reset_code" } as Partial<MailMessage>),
        { kind: "account_exists", to: "ada@example.com", name: null, idempotency_key: "k2" },
      ],
      resendEnv,
    );
    // Sent concurrently: the order of the calls is not the order of the batch.
    expect(calls.map((c) => c.body.subject).sort()).toEqual([
      "Reset your Coffee Shop password",
      "You already have a Coffee Shop account",
      "Your Coffee Shop verification code",
    ]);
    for (const c of calls) {
      expect(c.body.text.length).toBeGreaterThan(50);
      expect(c.body.html).toMatch(/^<!doctype html>/);
    }
  });
});

describe("dropped and local messages", () => {
  it("acknowledges a message whose code has expired without sending it", async () => {
    const calls = fakeProvider([() => Response.json({})]);
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const result = await deliver(
      [codeMail({ expires_at: new Date(Date.now() - 1).toISOString() } as Partial<MailMessage>)],
      resendEnv,
    );
    expect(result.explicitAcks).toEqual(["msg-0"]);
    expect(calls).toHaveLength(0);
  });

  it("the log provider prints the whole mail, code included, and sends nothing", async () => {
    const fetchSpy = vi.spyOn(globalThis, "fetch");
    const lines: string[] = [];
    vi.spyOn(console, "log").mockImplementation((line: unknown) => lines.push(String(line)));
    const result = await deliver([codeMail({ to: "dev@example.com" })], logEnv);
    expect(result.explicitAcks).toEqual(["msg-0"]);
    expect(fetchSpy).not.toHaveBeenCalled();
    const printed = lines.join("\n");
    expect(printed).toContain("To: dev@example.com");
    expect(printed).toContain("493817");
  });

  it("retries everything while the configuration is broken, losing no mail", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const broken = bindings({ EMAIL_PROVIDER: "resend", EMAIL_API_KEY: "" });
    const result = await deliver([codeMail(), codeMail()], broken);
    expect(result.explicitAcks).toEqual([]);
    expect(result.retryMessages.map((m) => m.msgId)).toEqual(["msg-0", "msg-1"]);
  });
});
