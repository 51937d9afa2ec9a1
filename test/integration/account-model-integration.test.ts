import { env } from "cloudflare:test";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { totpCode } from "../../src/crypto/totp";
import { bindings, call, json, PASSWORD, type Session, verifiedUser } from "../helpers/api";

/**
 * Model-based test of an account's life (fast-check, "Model based testing"): random sequences of
 * commands over three accounts go through the Worker's real fetch, and after every command the
 * API's answers and D1's rows are compared with a model small enough to read in one screen:
 *
 *   per account: its password, whether MFA is on (and its unused recovery codes), and its
 *   sessions — each with the refresh token and access token it holds now, alive or ended.
 *
 * The model is the specification; a command that touches one account and changes another (the
 * MFA mass update), or leaves a session alive that should be dead, fails the run. `npm test`
 * runs a short search; MODEL_RUNS (e.g. `MODEL_RUNS=200 npx vitest run account-model`) a longer one.
 */

interface ModelSession {
  refresh: string;
  access: string;
  alive: boolean;
}
interface Account {
  id: string;
  email: string;
  password: string;
  mfa: { secret: string; recovery: string[] } | null;
  sessions: ModelSession[];
}
interface Model {
  accounts: Account[];
}
type Real = Record<string, never>;

const api = bindings({ RATE_LIMITS: "off" });
const send = (method: string, path: string, options: Parameters<typeof call>[2] = {}) =>
  call(method, path, { env: api, ...options });

function newSession(body: Session): ModelSession {
  return { refresh: body.refresh_token, access: body.access_token, alive: true };
}
const current = (a: Account) => a.sessions.filter((s) => s.alive).at(-1);

/** Password (+ a recovery code when MFA is on) → a new session. */
class Login implements fc.AsyncCommand<Model, Real> {
  constructor(readonly who: number) {}
  check = (m: Readonly<Model>) => (m.accounts[this.who]?.mfa?.recovery.length ?? 1) > 0;
  async run(m: Model) {
    const a = m.accounts[this.who] as Account;
    const first = await send("POST", "/v1/auth/login", {
      body: { email: a.email, password: a.password },
    });
    expect(first.status).toBe(200);
    let body = await json<Session & { mfa_token?: string }>(first);
    expect(Boolean(body.mfa_token)).toBe(a.mfa !== null);
    if (a.mfa) {
      const code = a.mfa.recovery.shift();
      const second = await send("POST", "/v1/auth/mfa/verify", {
        body: { mfa_token: body.mfa_token, recovery_code: code },
      });
      expect(second.status).toBe(200);
      body = await json(second);
    }
    a.sessions.push(newSession(body));
  }
  toString = () => `Login(${this.who})`;
}

class Refresh implements fc.AsyncCommand<Model, Real> {
  constructor(readonly who: number) {}
  check = (m: Readonly<Model>) => (m.accounts[this.who]?.sessions.length ?? 0) > 0;
  async run(m: Model) {
    const session = (m.accounts[this.who] as Account).sessions.at(-1) as ModelSession;
    const answer = await send("POST", "/v1/auth/refresh", {
      body: { refresh_token: session.refresh },
    });
    expect(answer.status).toBe(session.alive ? 200 : 401);
    if (session.alive) {
      const body = await json<Session>(answer);
      session.refresh = body.refresh_token;
      session.access = body.access_token;
    }
  }
  toString = () => `Refresh(${this.who})`;
}

class Logout implements fc.AsyncCommand<Model, Real> {
  constructor(readonly who: number) {}
  check = (m: Readonly<Model>) => current(m.accounts[this.who] as Account) !== undefined;
  async run(m: Model) {
    const session = current(m.accounts[this.who] as Account) as ModelSession;
    const answer = await send("POST", "/v1/auth/logout", {
      body: { refresh_token: session.refresh },
    });
    expect(answer.status).toBe(204);
    session.alive = false;
  }
  toString = () => `Logout(${this.who})`;
}

class LogoutAll implements fc.AsyncCommand<Model, Real> {
  constructor(readonly who: number) {}
  check = (m: Readonly<Model>) => current(m.accounts[this.who] as Account) !== undefined;
  async run(m: Model) {
    const a = m.accounts[this.who] as Account;
    const answer = await send("POST", "/v1/auth/logout-all", { token: current(a)?.access });
    expect(answer.status).toBe(204);
    for (const s of a.sessions) s.alive = false;
  }
  toString = () => `LogoutAll(${this.who})`;
}

/** A new password: every other session ends; the caller goes on in a new one. */
class ChangePassword implements fc.AsyncCommand<Model, Real> {
  constructor(readonly who: number) {}
  check = (m: Readonly<Model>) => current(m.accounts[this.who] as Account) !== undefined;
  async run(m: Model) {
    const a = m.accounts[this.who] as Account;
    const next = `${PASSWORD}-${a.sessions.length}-${crypto.randomUUID().slice(0, 6)}`;
    const answer = await send("POST", "/v1/users/me/password", {
      token: current(a)?.access,
      body: { current_password: a.password, new_password: next },
    });
    expect(answer.status).toBe(200);
    a.password = next;
    for (const s of a.sessions) s.alive = false;
    a.sessions.push(newSession(await json<Session>(answer)));
  }
  toString = () => `ChangePassword(${this.who})`;
}

/** MFA on: the current session stays, every other one ends. */
class EnableMfa implements fc.AsyncCommand<Model, Real> {
  constructor(readonly who: number) {}
  check = (m: Readonly<Model>) => {
    const a = m.accounts[this.who] as Account;
    return a.mfa === null && current(a) !== undefined;
  };
  async run(m: Model) {
    const a = m.accounts[this.who] as Account;
    const session = current(a) as ModelSession;
    const enrolled = await send("POST", "/v1/users/me/mfa/totp", {
      token: session.access,
      body: { password: a.password },
    });
    expect(enrolled.status).toBe(200);
    const { secret } = await json<{ secret: string }>(enrolled);
    const confirmed = await send("POST", "/v1/users/me/mfa/totp/confirm", {
      token: session.access,
      body: { code: totpCode(secret, Date.now()) },
    });
    expect(confirmed.status).toBe(200);
    const { recovery_codes } = await json<{ recovery_codes: string[] }>(confirmed);
    a.mfa = { secret, recovery: recovery_codes };
    for (const s of a.sessions) if (s !== session) s.alive = false;
  }
  toString = () => `EnableMfa(${this.who})`;
}

class DisableMfa implements fc.AsyncCommand<Model, Real> {
  constructor(readonly who: number) {}
  check = (m: Readonly<Model>) => {
    const a = m.accounts[this.who] as Account;
    return (a.mfa?.recovery.length ?? 0) > 0 && current(a) !== undefined;
  };
  async run(m: Model) {
    const a = m.accounts[this.who] as Account;
    const answer = await send("DELETE", "/v1/users/me/mfa", {
      token: current(a)?.access,
      body: { password: a.password, code: a.mfa?.recovery.shift() },
    });
    expect(answer.status).toBe(204);
    a.mfa = null;
  }
  toString = () => `DisableMfa(${this.who})`;
}

/** After every command: each session's access token works exactly when the model says it lives. */
async function compare(m: Model) {
  for (const a of m.accounts) {
    const row = await env.DB.prepare(
      "SELECT mfa_enabled_at AS mfa, (SELECT COUNT(*) FROM recovery_codes AS rc WHERE rc.user_id = ? AND rc.used_at IS NULL) AS codes FROM users WHERE id = ?",
    )
      .bind(a.id, a.id)
      .first<{ mfa: string | null; codes: number }>();
    expect({ mfa: row?.mfa !== null, codes: row?.codes }).toEqual({
      mfa: a.mfa !== null,
      codes: a.mfa?.recovery.length ?? 0,
    });
    for (const s of a.sessions) {
      const me = await send("GET", "/v1/users/me", { token: s.access });
      expect(me.status, `${a.email}: a session that is ${s.alive ? "alive" : "ended"}`).toBe(
        s.alive ? 200 : 401,
      );
    }
  }
}

let executed = 0;
const RUNS = Number((env as unknown as { MODEL_RUNS?: string }).MODEL_RUNS ?? 15);

describe("an account's life, as a model of three accounts", () => {
  it("every random sequence of commands leaves the API and D1 as the model says", async () => {
    const who = fc.integer({ min: 0, max: 2 });
    const commands = [
      who.map((i) => new Login(i)),
      who.map((i) => new Refresh(i)),
      who.map((i) => new Logout(i)),
      who.map((i) => new LogoutAll(i)),
      who.map((i) => new ChangePassword(i)),
      who.map((i) => new EnableMfa(i)),
      who.map((i) => new DisableMfa(i)),
    ];
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 30 }), async (sequence) => {
        const accounts = await Promise.all(
          ["model-a", "model-b", "model-c"].map(async (label) => {
            const { email, session } = await verifiedUser(label);
            return {
              id: session.user.id,
              email,
              password: PASSWORD,
              mfa: null,
              sessions: [newSession(session)],
            } satisfies Account;
          }),
        );
        const model: Model = { accounts };
        await fc.asyncModelRun(
          () => ({ model, real: {} as Real }),
          [...sequence].map((command) => ({
            check: (m: Readonly<Model>) => command.check(m),
            run: async (m: Model, r: Real) => {
              executed += 1;
              await command.run(m, r);
              await compare(m);
            },
            toString: () => command.toString(),
          })),
        );
      }),
      { numRuns: RUNS },
    );
    // The search did drive the API (a check that refuses everything would pass vacuously).
    expect(executed).toBeGreaterThan(RUNS * 3);
  }, 120_000);
});
