import {
  createExecutionContext,
  createScheduledController,
  env,
  waitOnExecutionContext,
} from "cloudflare:test";
import { expect, vi } from "vitest";
import { createAdminSql } from "../../src/admin/bootstrap";
import { eventId } from "../../src/crypto/event-id";
import { hashPassword } from "../../src/crypto/password";
import { open } from "../../src/crypto/seal";
import { totpCode } from "../../src/crypto/totp";
import worker from "../../src/index";
import { type Mail, OutboxMessage } from "../../src/mail/messages";

/** A mail as the user would find it: the queue message opened (its code unsealed). */
export type MailboxEntry = Mail & { idempotency_key: string };

/**
 * Drives the Worker's real fetch entry point against the real D1 of this test file. The only
 * change to the bindings: MAIL_QUEUE records what the API enqueues, opened, so a test can read
 * the code a user would find in their mailbox (the consumer has its own tests).
 */
export const mailbox: MailboxEntry[] = [];
/** The raw queue messages, as the consumer would receive them. */
export const enqueued: unknown[] = [];

export async function openMail(body: unknown): Promise<MailboxEntry> {
  const message = OutboxMessage.parse(body);
  const code = message.secret
    ? await open(env.CODE_HMAC_SECRET, "mail-outbox", message.secret)
    : null;
  return {
    ...(message.data as object),
    kind: message.kind,
    to: message.to,
    id: message.id,
    idempotency_key: message.id,
    ...(code === null ? {} : { code }),
  } as MailboxEntry;
}

export const recordingQueue = {
  async send(body: unknown) {
    enqueued.push(structuredClone(body));
    mailbox.push(await openMail(body));
  },
  async sendBatch(messages: Iterable<{ body: unknown }>) {
    for (const message of messages) await recordingQueue.send(message.body);
  },
};

/** One bindings object per test file, as in production (config is parsed once per `env`). */
export function bindings(overrides: Partial<Env> = {}): Env {
  return { ...env, MAIL_QUEUE: recordingQueue as unknown as Queue, ...overrides };
}

let defaultEnv = bindings();

/**
 * Changes the bindings every helper of this test file uses (storage and modules are per file):
 * e.g. an event subscriber, so that the users and shops the helpers make send events too.
 */
export function useBindings(overrides: Partial<Env>): Env {
  defaultEnv = bindings(overrides);
  return defaultEnv;
}

/** The two schedules of wrangler.toml: the outbox sweep, and the nightly purge. */
export type Cron = "* * * * *" | "0 3 * * *";

/**
 * Runs the Worker's scheduled entry point as Cron Triggers would at `at`, waits for the work it
 * left to `waitUntil`, and returns the log lines it wrote (kept off the test output).
 */
export async function runScheduled(
  cron: Cron,
  at = new Date(),
  bindingsForRun: Env = defaultEnv,
): Promise<string[]> {
  const lines: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((line: unknown) => {
    lines.push(String(line));
  });
  try {
    const ctx = createExecutionContext();
    await worker.scheduled(
      createScheduledController({ scheduledTime: at, cron }),
      bindingsForRun,
      ctx,
    );
    await waitOnExecutionContext(ctx);
  } finally {
    log.mockRestore();
  }
  return lines;
}

let ipCounter = 0;
/** A fresh client address, so per-IP rate limits never couple unrelated tests. */
export function freshIp(): string {
  ipCounter += 1;
  return `198.51.${Math.floor(ipCounter / 250) % 250}.${(ipCounter % 250) + 1}`;
}

let emailCounter = 0;
export function uniqueEmail(label = "user"): string {
  emailCounter += 1;
  return `${label}.${emailCounter}.${crypto.randomUUID().slice(0, 8)}@example.com`;
}

export interface CallOptions {
  body?: unknown;
  /** Sent as-is instead of JSON. */
  rawBody?: BodyInit;
  token?: string;
  ip?: string;
  headers?: Record<string, string>;
  env?: Env;
  /** `request.cf` as Cloudflare would attach it (e.g. `{ country: "PT" }`). */
  cf?: Record<string, unknown>;
  /** Runs when the response is there, before the work left for after it (`waitUntil`) is awaited. */
  onResponse?: (response: Response) => void;
}

export async function call(method: string, path: string, options: CallOptions = {}) {
  const headers = new Headers(options.headers);
  headers.set("CF-Connecting-IP", options.ip ?? freshIp());
  if (options.token) headers.set("Authorization", `Bearer ${options.token}`);
  let body: BodyInit | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    if (!headers.has("Content-Type")) headers.set("Content-Type", "application/json");
  }
  const ctx = createExecutionContext();
  const response = await worker.fetch(
    new Request(`https://api.test${path}`, {
      method,
      headers,
      body,
      ...(options.cf ? { cf: options.cf as unknown as IncomingRequestCfProperties } : {}),
    }),
    options.env ?? defaultEnv,
    ctx,
  );
  options.onResponse?.(response);
  await waitOnExecutionContext(ctx);
  return response;
}

export async function json<T = Record<string, unknown>>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

export async function expectProblem(response: Response, status: number, code: string) {
  const body = await json(response);
  expect({ status: response.status, code: body.code }).toEqual({ status, code });
  expect(response.headers.get("Content-Type")).toBe("application/problem+json");
  expect(body).toMatchObject({ status, code });
  expect(typeof body.title).toBe("string");
  expect(typeof body.detail).toBe("string");
  return body as {
    code: string;
    detail: string;
    errors?: { path: string; message: string }[];
  };
}

/** The newest mail of `kind` enqueued for `email`. */
export function lastMail<K extends MailboxEntry["kind"]>(email: string, kind: K) {
  const mail = mailbox.filter((m) => m.to === email && m.kind === kind).at(-1);
  if (!mail) throw new Error(`no ${kind} mail for ${email}`);
  return mail as Extract<MailboxEntry, { kind: K }>;
}

export function mailsTo(email: string): MailboxEntry[] {
  return mailbox.filter((m) => m.to === email);
}

export const PASSWORD = "espresso-doppio-42!";

export interface Session {
  access_token: string;
  refresh_token: string;
  token_type: string;
  expires_in: number;
  user: Record<string, unknown> & { id: string; email: string; role: string; status: string };
}

export async function signup(email: string, password = PASSWORD, extra: object = {}) {
  const response = await call("POST", "/v1/auth/signup", { body: { email, password, ...extra } });
  expect(response.status).toBe(202);
  return lastMail(email, "verification_code").code;
}

/** A verified user with a live session, created through the public API. */
export async function verifiedUser(label = "user", password = PASSWORD) {
  const email = uniqueEmail(label);
  const code = await signup(email, password);
  const response = await call("POST", "/v1/auth/verify", { body: { email, password, code } });
  expect(response.status).toBe(200);
  return { email, password, session: await json<Session>(response) };
}

/** Moves a mail cooldown into the past, as if 60 s had passed for `email`. */
export async function expireMailCooldown(email: string) {
  await env.DB.prepare("UPDATE mail_cooldowns SET next_allowed_at = ? WHERE email = ?")
    .bind(new Date(Date.now() - 1000).toISOString(), email)
    .run();
}

/** Runs the exact SQL `npm run create-admin` hands to `wrangler d1 execute`. */
export async function runCreateAdmin(email: string, password: string) {
  const sql = createAdminSql({
    id: crypto.randomUUID(),
    email,
    passwordHash: await hashPassword(password),
    now: new Date().toISOString(),
    auditId: eventId(Date.now()),
  });
  for (const statement of sql.split(/;\s*(?:\n|$)/).filter((s) => s.trim())) {
    await env.DB.prepare(statement).run();
  }
}

/** A verified admin made the way operators do it: the create-admin SQL, then a real login. */
export async function makeAdmin(label = "admin", password = PASSWORD) {
  const email = uniqueEmail(label);
  await runCreateAdmin(email, password);
  const response = await call("POST", "/v1/auth/login", { body: { email, password } });
  expect(response.status).toBe(200);
  return { email, password, session: await json<Session>(response) };
}

/** Turns TOTP MFA on from `token`'s session, as the app would: enrol, confirm with a code. */
export async function enableMfa(token: string, password = PASSWORD) {
  const enrolled = await call("POST", "/v1/users/me/mfa/totp", { token, body: { password } });
  expect(enrolled.status).toBe(200);
  const { secret } = await json<{ secret: string }>(enrolled);
  const confirmed = await call("POST", "/v1/users/me/mfa/totp/confirm", {
    token,
    body: { code: totpCode(secret, Date.now()) },
  });
  expect(confirmed.status).toBe(200);
  const { recovery_codes } = await json<{ recovery_codes: string[] }>(confirmed);
  return { secret, recoveryCodes: recovery_codes };
}
