import { env } from "cloudflare:test";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateSigningKey } from "../../src/crypto/tokens";
import { totpCode } from "../../src/crypto/totp";
import { verifyForService } from "../../src/rpc/verify";
import {
  bindings,
  call,
  json,
  lastMail,
  makeAdmin,
  PASSWORD,
  type Session,
  useBindings,
  verifiedUser,
} from "../helpers/api";
import { SoftwareAuthenticator } from "../helpers/authenticator";
import { FakeIssuer } from "../helpers/fake-issuer";
import { FakeVerify } from "../helpers/fake-verify";
import {
  Browser,
  callbackOf,
  client,
  type RegisteredClient,
  registerClient,
  relyingParty,
  startAuthorization,
} from "../helpers/oidc";
import * as flow from "../helpers/provider-flow";
import { createShop, shopAdmin } from "../helpers/shops";

/**
 * Model-based test of an account's life (fast-check, "Model based testing"): random sequences of
 * commands over three accounts go through the Worker's real fetch, and after every command the
 * API's answers and D1's rows are compared with a model small enough to read in one screen:
 *
 *   per account: its password, whether MFA is on (and its unused recovery codes), how many
 *   passkeys it has, whether it is banned, its role in one shop (or none), and its sessions —
 *   each with the refresh token and access token it holds now, alive or ended, whether that
 *   access token went stale (a removal from a shop ends access tokens at once; a refresh gets a
 *   fresh one), and the assurance level its sign-in earned (aal1: a password; aal2: password +
 *   a second factor, or a passkey with user verification). Account 0 is a platform admin.
 *   And the events other services were sent about it (docs/events.md), in order.
 *
 * The model is the specification; a command that touches one account and changes another (the
 * MFA mass update), or leaves a session alive that should be dead, fails the run. Commands:
 * login, refresh, logout, logout-all, password change, MFA on/off, ban/unban, join/leave a shop,
 * add a passkey (after the step-up proof), try to bind one with a bare token, sign in with a
 * passkey, link a provider (after the step-up proof) and sign in with it (one factor: MFA still
 * follows; refused while not linked or banned), enrol a number for texted codes and sign in
 * with one (aal2, but restricted: no admin power), an admin read under ADMIN_MFA_REQUIRED=on
 * (an unrestricted aal2 or 403), and sign in to an app through the OpenID provider's hosted page
 * (a grant: a session of its own, whose token works at userinfo while it lives) and refresh it.
 * `npm test`
 * runs a short search; MODEL_RUNS (e.g. `MODEL_RUNS=200 npx vitest run account-model`) a longer one.
 */

interface ModelSession {
  refresh: string;
  access: string;
  alive: boolean;
  /** The access token was made stale (token version moved); a refresh mends it. */
  stale?: boolean;
  /** What the sign-in proved (security/assurance.ts): the API must say the same. */
  aal: "aal1" | "aal2";
  /** aal2 only through a texted code: never admin power (a restricted factor). */
  restricted?: boolean;
  /**
   * A grant to an app through the OpenID provider (docs/openid-provider.md): a session whose
   * tokens are the app's — its access token works at /oauth/userinfo, never at /v1.
   */
  grant?: true;
}
interface Account {
  id: string;
  email: string;
  password: string;
  mfa: { secret: string; recovery: string[] } | null;
  banned: boolean;
  shopRole: string | null;
  passkeys: number;
  /** A provider identity links to the account (its subject at the fake issuer is `sub-<id>`). */
  linked: boolean;
  sessions: ModelSession[];
  /** The types of the events recorded about it (a subscriber takes every event), oldest first. */
  events: string[];
  /** The number texted codes go to (docs/sms.md), or none. */
  sms: string | null;
}
interface Model {
  accounts: Account[];
  /** The platform admin who bans and invites (not itself modelled). */
  admin: string;
  shopId: string;
}
type Real = Record<string, never>;

const idp = new FakeIssuer({
  issuer: "https://idp.test",
  clientId: "coffee-web",
  clientSecret: "idp-client-secret-0123456789",
});
const providers = {
  IDENTITY_PROVIDERS: JSON.stringify([
    { id: "idp", kind: "oidc", issuer: idp.issuer, client_id: idp.clientId },
  ]),
  OAUTH_REDIRECT_ORIGINS: "https://shop.example",
  ...({ IDP_IDP_CLIENT_SECRET: idp.clientSecret } as Partial<Env>),
};
/** A subscriber of every event; the queue drops the hand-over (the rows are what is compared). */
const subscriber = {
  EVENT_SUBSCRIBERS: JSON.stringify([{ id: "all", url: "https://events.test/", events: ["*"] }]),
  EVENTS_QUEUE: { async send() {}, async sendBatch() {} } as unknown as Queue,
  ...({ EVENTS_ALL_SECRET: `whsec_${btoa("model-events-secret-0123456789ab")}` } as Partial<Env>),
};
/** A Twilio-Verify-shaped server for texted codes (helpers/fake-verify.ts). */
const verify = new FakeVerify();
/** An asymmetric key: the OpenID provider's ID tokens need one (the API's tokens use it too). */
const signing = {
  JWT_SIGNING_KEY: JSON.stringify((await generateSigningKey("EdDSA")).privateJwk),
};
// The helpers (accounts made for each run) sign with the same key.
useBindings(signing);
const api = bindings({
  RATE_LIMITS: "off",
  ...signing,
  ...providers,
  ...subscriber,
  ...verify.settings,
});
const strict = bindings({
  RATE_LIMITS: "off",
  ...signing,
  ADMIN_MFA_REQUIRED: "on",
  ...providers,
  ...subscriber,
  ...verify.settings,
});
/** The types of the events recorded about an account, in the order they were written. */
async function eventsAbout(id: string): Promise<string[]> {
  const { results } = await env.DB.prepare(
    `SELECT type FROM event_outbox
     WHERE json_extract(data, '$.id') = ?1 OR json_extract(data, '$.user_id') = ?1 ORDER BY id`,
  )
    .bind(id)
    .all<{ type: string }>();
  return results.map((r) => r.type);
}
const personOf = (a: { id: string; email: string }) => ({
  sub: `sub-${a.id}`,
  email: a.email,
  email_verified: true,
});
/** Each account's authenticator (its passkeys' private keys): outside the model, like a phone. */
const authenticators = new Map<string, SoftwareAuthenticator>();
const send = (method: string, path: string, options: Parameters<typeof call>[2] = {}) =>
  call(method, path, { env: api, ...options });

function newSession(body: Session, aal: "aal1" | "aal2" = "aal1"): ModelSession {
  return { refresh: body.refresh_token, access: body.access_token, alive: true, aal };
}
const current = (a: Account) => a.sessions.filter((s) => s.alive && !s.grant).at(-1);
/** A live session whose access token works now (a stale one is refreshed first). */
async function usable(a: Account): Promise<ModelSession | undefined> {
  const session = current(a);
  if (session?.stale) {
    const answer = await send("POST", "/v1/auth/refresh", {
      body: { refresh_token: session.refresh },
    });
    expect(answer.status).toBe(200);
    const body = await json<Session>(answer);
    Object.assign(session, {
      refresh: body.refresh_token,
      access: body.access_token,
      stale: false,
    });
  }
  return session;
}

/** Password (+ a recovery code when MFA is on) → a new session. */
class Login implements fc.AsyncCommand<Model, Real> {
  constructor(readonly who: number) {}
  check = (m: Readonly<Model>) => (m.accounts[this.who]?.mfa?.recovery.length ?? 1) > 0;
  async run(m: Model) {
    const a = m.accounts[this.who] as Account;
    const first = await send("POST", "/v1/auth/login", {
      body: { email: a.email, password: a.password },
    });
    if (a.banned) {
      expect(first.status).toBe(403);
      return;
    }
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
    a.sessions.push(newSession(body, a.mfa ? "aal2" : "aal1"));
  }
  toString = () => `Login(${this.who})`;
}

class Refresh implements fc.AsyncCommand<Model, Real> {
  constructor(readonly who: number) {}
  check = (m: Readonly<Model>) =>
    (m.accounts[this.who]?.sessions.filter((s) => !s.grant).length ?? 0) > 0;
  async run(m: Model) {
    const session = (m.accounts[this.who] as Account).sessions
      .filter((s) => !s.grant)
      .at(-1) as ModelSession;
    const answer = await send("POST", "/v1/auth/refresh", {
      body: { refresh_token: session.refresh },
    });
    expect(answer.status).toBe(session.alive ? 200 : 401);
    if (session.alive) {
      const body = await json<Session>(answer);
      session.refresh = body.refresh_token;
      session.access = body.access_token;
      session.stale = false;
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
    const answer = await send("POST", "/v1/auth/logout-all", { token: (await usable(a))?.access });
    expect(answer.status).toBe(204);
    for (const s of a.sessions) s.alive = false;
    a.events.push("sessions.revoked");
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
      token: (await usable(a))?.access,
      body: { current_password: a.password, new_password: next },
    });
    expect(answer.status).toBe(200);
    a.password = next;
    const from = current(a) as ModelSession;
    for (const s of a.sessions) s.alive = false;
    // The new session keeps what the old one proved (and its absolute end).
    a.sessions.push({
      ...newSession(await json<Session>(answer), from.aal),
      restricted: from.restricted,
    });
    a.events.push("sessions.revoked");
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
    const session = (await usable(a)) as ModelSession;
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
    session.aal = "aal2"; // it just proved the second factor
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
      token: (await usable(a))?.access,
      body: { password: a.password, code: a.mfa?.recovery.shift() },
    });
    expect(answer.status).toBe(204);
    a.mfa = null;
    a.sms = null; // MFA off takes the number too
  }
  toString = () => `DisableMfa(${this.who})`;
}

/** An admin bans the account: every session ends at once. */
class Ban implements fc.AsyncCommand<Model, Real> {
  constructor(readonly who: number) {}
  check = (m: Readonly<Model>) => !m.accounts[this.who]?.banned;
  async run(m: Model) {
    const a = m.accounts[this.who] as Account;
    const answer = await send("POST", `/v1/users/${a.id}/ban`, {
      token: m.admin,
      body: { reason: "model" },
    });
    expect(answer.status).toBe(200);
    a.banned = true;
    for (const s of a.sessions) s.alive = false;
    a.events.push("user.banned");
  }
  toString = () => `Ban(${this.who})`;
}

class Unban implements fc.AsyncCommand<Model, Real> {
  constructor(readonly who: number) {}
  check = (m: Readonly<Model>) => m.accounts[this.who]?.banned === true;
  async run(m: Model) {
    const a = m.accounts[this.who] as Account;
    const answer = await send("DELETE", `/v1/users/${a.id}/ban`, { token: m.admin });
    expect(answer.status).toBe(204);
    a.banned = false;
    a.events.push("user.unbanned");
  }
  toString = () => `Unban(${this.who})`;
}

/** Invited to the shop as a barista by the admin, and accepted. */
class Join implements fc.AsyncCommand<Model, Real> {
  constructor(readonly who: number) {}
  check = (m: Readonly<Model>) => {
    const a = m.accounts[this.who] as Account;
    return a.shopRole === null && current(a) !== undefined;
  };
  async run(m: Model) {
    const a = m.accounts[this.who] as Account;
    const invited = await send("POST", `/v1/shops/${m.shopId}/invitations`, {
      token: m.admin,
      body: { email: a.email, role: "barista" },
    });
    expect(invited.status).toBe(202);
    const accepted = await send("POST", "/v1/invitations/accept", {
      token: (await usable(a))?.access,
      body: { token: lastMail(a.email, "shop_invitation").code },
    });
    expect(accepted.status).toBe(200);
    a.shopRole = "barista";
    a.events.push("membership.created");
  }
  toString = () => `Join(${this.who})`;
}

/** Leaves the shop: the membership goes, and the account's access tokens with it. */
class Leave implements fc.AsyncCommand<Model, Real> {
  constructor(readonly who: number) {}
  check = (m: Readonly<Model>) => {
    const a = m.accounts[this.who] as Account;
    return a.shopRole !== null && current(a) !== undefined;
  };
  async run(m: Model) {
    const a = m.accounts[this.who] as Account;
    const answer = await send("DELETE", `/v1/shops/${m.shopId}/members/${a.id}`, {
      token: (await usable(a))?.access,
    });
    expect(answer.status).toBe(204);
    a.shopRole = null;
    for (const s of a.sessions) s.stale = true;
    a.events.push("membership.deleted");
  }
  toString = () => `Leave(${this.who})`;
}

/** A passkey added after the step-up proof (the password): the account has one more. */
class AddPasskey implements fc.AsyncCommand<Model, Real> {
  constructor(readonly who: number) {}
  check = (m: Readonly<Model>) => {
    const a = m.accounts[this.who] as Account;
    return current(a) !== undefined && a.passkeys < 2;
  };
  async run(m: Model) {
    const a = m.accounts[this.who] as Account;
    const token = (await usable(a))?.access;
    const options = await send("POST", "/v1/users/me/passkeys/options", {
      token,
      body: { password: a.password },
    });
    expect(options.status).toBe(200);
    const authenticator = authenticators.get(a.id) ?? new SoftwareAuthenticator();
    authenticators.set(a.id, authenticator);
    const added = await send("POST", "/v1/users/me/passkeys", {
      token,
      body: { response: await authenticator.create(await json(options)) },
    });
    expect(added.status).toBe(201);
    a.passkeys += 1;
  }
  toString = () => `AddPasskey(${this.who})`;
}

/** A bare access token tries to bind a passkey: refused, nothing stored. */
class BareBinding implements fc.AsyncCommand<Model, Real> {
  constructor(readonly who: number) {}
  check = (m: Readonly<Model>) => current(m.accounts[this.who] as Account) !== undefined;
  async run(m: Model) {
    const a = m.accounts[this.who] as Account;
    const options = await send("POST", "/v1/users/me/passkeys/options", {
      token: (await usable(a))?.access,
      body: {},
    });
    expect(options.status).toBe(401);
  }
  toString = () => `BareBinding(${this.who})`;
}

/** Links the provider after the step-up proof (the password): the browser flow ends in `linked`. */
class LinkProvider implements fc.AsyncCommand<Model, Real> {
  constructor(readonly who: number) {}
  check = (m: Readonly<Model>) => {
    const a = m.accounts[this.who];
    return a !== undefined && !a.linked && !a.banned && current(a) !== undefined;
  };
  async run(m: Model) {
    const a = m.accounts[this.who] as Account;
    const asked = await send("POST", "/v1/users/me/identities/idp/link", {
      token: (await usable(a))?.access,
      body: { password: a.password, redirect_to: flow.APP },
    });
    expect(asked.status).toBe(200);
    const { link_url } = await json<{ link_url: string }>(asked);
    const started = await send("GET", link_url.replace("https://api.test", ""));
    expect(started.status).toBe(302);
    const back = idp.authorize(started.headers.get("Location") ?? "", personOf(a));
    const landed = await flow.callback(back.url, flow.cookieOf(started), api);
    expect(new URL(landed.headers.get("Location") ?? "").searchParams.get("linked")).toBe("idp");
    a.linked = true;
  }
  toString = () => `LinkProvider(${this.who})`;
}

/** A provider sign-in: one factor (aal1), so MFA still follows; refused while unlinked or banned. */
class ProviderLogin implements fc.AsyncCommand<Model, Real> {
  constructor(readonly who: number) {}
  check = (m: Readonly<Model>) => (m.accounts[this.who]?.mfa?.recovery.length ?? 1) > 0;
  async run(m: Model) {
    const a = m.accounts[this.who] as Account;
    const back = await flow.signInWith(api, idp, personOf(a));
    if (!a.linked) {
      // The address belongs to a verified account: nothing is linked, nobody signed in.
      expect(back.get("error")).toBe("account_exists");
      return;
    }
    const first = await flow.exchange(back.get("login_code") ?? "", api);
    if (a.banned) {
      expect(first.status).toBe(403);
      return;
    }
    expect(first.status).toBe(200);
    let body = await json<Session & { mfa_token?: string }>(first);
    expect(Boolean(body.mfa_token)).toBe(a.mfa !== null);
    if (a.mfa) {
      const second = await send("POST", "/v1/auth/mfa/verify", {
        body: { mfa_token: body.mfa_token, recovery_code: a.mfa.recovery.shift() },
      });
      expect(second.status).toBe(200);
      body = await json(second);
    }
    a.sessions.push(newSession(body, a.mfa ? "aal2" : "aal1"));
  }
  toString = () => `ProviderLogin(${this.who})`;
}

/** A passkey sign-in (user verified): an aal2 session at once, MFA or not; refused when banned. */
class PasskeyLogin implements fc.AsyncCommand<Model, Real> {
  constructor(readonly who: number) {}
  check = (m: Readonly<Model>) => (m.accounts[this.who]?.passkeys ?? 0) > 0;
  async run(m: Model) {
    const a = m.accounts[this.who] as Account;
    const options = await json<{ challenge: string }>(
      await send("POST", "/v1/auth/passkey/options"),
    );
    const answer = await send("POST", "/v1/auth/passkey/verify", {
      body: { response: await authenticators.get(a.id)?.get(options) },
    });
    if (a.banned) {
      expect(answer.status).toBe(403);
      return;
    }
    expect(answer.status).toBe(200);
    a.sessions.push(newSession(await json<Session>(answer), "aal2"));
  }
  toString = () => `PasskeyLogin(${this.who})`;
}

/**
 * A number enrolled for texted codes (step-up, then the code): with MFA off it turns MFA on —
 * other sessions end, this one counts the text, recovery codes come; with MFA on, nothing else moves.
 */
class EnrolSms implements fc.AsyncCommand<Model, Real> {
  constructor(readonly who: number) {}
  check = (m: Readonly<Model>) => {
    const a = m.accounts[this.who] as Account;
    return a.sms === null && current(a) !== undefined;
  };
  async run(m: Model) {
    const a = m.accounts[this.who] as Account;
    const session = (await usable(a)) as ModelSession;
    const phone = `+1415${String(Math.floor(1_000_000 + Math.random() * 8_999_999))}`;
    const sent = await send("POST", "/v1/users/me/mfa/sms", {
      token: session.access,
      body: { password: a.password, phone },
    });
    expect(sent.status).toBe(202);
    const confirmed = await send("POST", "/v1/users/me/mfa/sms/confirm", {
      token: session.access,
      body: { code: verify.codeFor(phone) },
    });
    expect(confirmed.status).toBe(200);
    const { recovery_codes } = await json<{ recovery_codes: string[] }>(confirmed);
    a.sms = phone;
    if (a.mfa === null) {
      expect(recovery_codes).toHaveLength(10);
      a.mfa = { secret: "", recovery: recovery_codes };
      for (const s of a.sessions) if (s !== session) s.alive = false;
      if (session.aal === "aal1") Object.assign(session, { aal: "aal2", restricted: true });
    } else {
      expect(recovery_codes).toEqual([]);
    }
  }
  toString = () => `EnrolSms(${this.who})`;
}

/** Password, then a texted code: an aal2 session that is restricted; refused when banned. */
class SmsLogin implements fc.AsyncCommand<Model, Real> {
  constructor(readonly who: number) {}
  check = (m: Readonly<Model>) => m.accounts[this.who]?.sms !== null;
  async run(m: Model) {
    const a = m.accounts[this.who] as Account;
    const first = await send("POST", "/v1/auth/login", {
      body: { email: a.email, password: a.password },
    });
    if (a.banned) {
      expect(first.status).toBe(403);
      return;
    }
    const challenge = await json<{ mfa_token: string; methods: string[] }>(first);
    expect(challenge.methods).toContain("sms");
    const texted = await send("POST", "/v1/auth/mfa/sms", {
      body: { mfa_token: challenge.mfa_token },
    });
    expect(texted.status).toBe(202);
    const second = await send("POST", "/v1/auth/mfa/verify", {
      body: { mfa_token: challenge.mfa_token, sms_code: verify.codeFor(a.sms ?? "") },
    });
    expect(second.status).toBe(200);
    a.sessions.push({ ...newSession(await json<Session>(second), "aal2"), restricted: true });
  }
  toString = () => `SmsLogin(${this.who})`;
}

/** The model's app: a first-party public client of the OpenID provider (registered once). */
const MODEL_CALLBACK = "https://app.example/model";
let modelClient: Promise<RegisteredClient> | undefined;
async function modelApp() {
  modelClient ??= makeAdmin("model-oidc-admin").then((admin) =>
    registerClient(admin.session.access_token, {
      name: "Model app",
      kind: "public",
      redirect_uris: [MODEL_CALLBACK],
      scopes: ["openid", "email", "offline_access"],
      first_party: true,
    }),
  );
  return relyingParty(api, await modelClient);
}

/**
 * Sign in to an app through the provider's hosted page (password, and a recovery code when MFA
 * is on): a grant — a session of its own, as strong as the sign-in; refused when banned.
 */
class GrantLogin implements fc.AsyncCommand<Model, Real> {
  constructor(readonly who: number) {}
  check = (m: Readonly<Model>) => (m.accounts[this.who]?.mfa?.recovery.length ?? 1) > 0;
  async run(m: Model) {
    const a = m.accounts[this.who] as Account;
    const rp = await modelApp();
    const started = await startAuthorization(rp, MODEL_CALLBACK, {
      scope: "openid email offline_access",
    });
    const browser = new Browser();
    const page = await (await browser.get(started.url.href, api)).text();
    let answer = await browser.submit(page, { email: a.email, password: a.password }, api);
    if (a.banned) {
      expect(answer.status).toBe(403);
      return;
    }
    if (a.mfa) {
      const code = a.mfa.recovery.shift() as string;
      answer = await browser.submit(await answer.text(), { code }, api);
    }
    const back = callbackOf(answer, MODEL_CALLBACK);
    expect(back, "sent back to the app").not.toBeNull();
    const tokens = await client.authorizationCodeGrant(rp, back as URL, {
      pkceCodeVerifier: started.verifier,
      expectedState: started.state,
      expectedNonce: started.nonce,
    });
    expect(tokens.claims()?.acr).toBe(a.mfa ? "aal2" : "aal1");
    a.sessions.push({
      refresh: tokens.refresh_token as string,
      access: tokens.access_token,
      alive: true,
      aal: a.mfa ? "aal2" : "aal1",
      grant: true,
    });
  }
  toString = () => `GrantLogin(${this.who})`;
}

/** The app refreshes its grant: a new pair while the grant lives (mending a stale one). */
class GrantRefresh implements fc.AsyncCommand<Model, Real> {
  constructor(readonly who: number) {}
  check = (m: Readonly<Model>) => (m.accounts[this.who]?.sessions ?? []).some((s) => s.grant);
  async run(m: Model) {
    const grant = (m.accounts[this.who] as Account).sessions
      .filter((s) => s.grant)
      .at(-1) as ModelSession;
    const rp = await modelApp();
    const refreshed = await client.refreshTokenGrant(rp, grant.refresh).catch(() => null);
    expect(refreshed !== null, "the grant refreshed").toBe(grant.alive);
    if (refreshed) {
      grant.refresh = refreshed.refresh_token as string;
      grant.access = refreshed.access_token;
      grant.stale = false;
    }
  }
  toString = () => `GrantRefresh(${this.who})`;
}

/** The admin (account 0) reads the user list with ADMIN_MFA_REQUIRED=on: only from aal2. */
class StrictAdminRead implements fc.AsyncCommand<Model, Real> {
  check = (m: Readonly<Model>) => current(m.accounts[0] as Account) !== undefined;
  async run(m: Model) {
    const a = m.accounts[0] as Account;
    const session = (await usable(a)) as ModelSession;
    const answer = await call("GET", "/v1/users?limit=1", { env: strict, token: session.access });
    expect(answer.status).toBe(session.aal === "aal2" && !session.restricted ? 200 : 403);
  }
  toString = () => "StrictAdminRead";
}

/** After every command: each session's access token works exactly when the model says it lives. */
async function compare(m: Model) {
  for (const a of m.accounts) {
    const row = await env.DB.prepare(
      `SELECT mfa_enabled_at AS mfa, banned_at AS banned,
         (SELECT COUNT(*) FROM passkeys AS p WHERE p.user_id = ?1) AS passkeys,
         (SELECT COUNT(*) FROM identities AS i WHERE i.user_id = ?1) AS identities,
         (SELECT COUNT(*) FROM recovery_codes AS rc WHERE rc.user_id = ?1 AND rc.used_at IS NULL) AS codes,
         (SELECT role FROM memberships AS m WHERE m.user_id = ?1 AND m.shop_id = ?2) AS shopRole,
         sms_phone AS sms
       FROM users WHERE id = ?1`,
    )
      .bind(a.id, m.shopId)
      .first<{
        mfa: string | null;
        banned: string | null;
        passkeys: number;
        identities: number;
        codes: number;
        shopRole: string | null;
        sms: string | null;
      }>();
    expect({
      mfa: row?.mfa !== null,
      codes: row?.codes,
      banned: row?.banned !== null,
      passkeys: row?.passkeys,
      identities: row?.identities,
      shopRole: row?.shopRole,
      sms: row?.sms,
    }).toEqual({
      mfa: a.mfa !== null,
      codes: a.mfa?.recovery.length ?? 0,
      banned: a.banned,
      passkeys: a.passkeys,
      identities: a.linked ? 1 : 0,
      shopRole: a.shopRole,
      sms: a.sms,
    });
    expect(await eventsAbout(a.id), `${a.email}: its events`).toEqual(a.events);
    for (const s of a.sessions) {
      const works = s.alive && !s.stale;
      if (s.grant) {
        // A grant's token works at the provider's userinfo exactly while the grant lives.
        const info = await send("GET", "/oauth/userinfo", { token: s.access });
        expect(info.status, `${a.email}: a grant that is ${s.alive ? "alive" : "ended"}`).toBe(
          works ? 200 : 401,
        );
        continue;
      }
      const me = await send("GET", "/v1/users/me", { token: s.access });
      expect(me.status, `${a.email}: a session that is ${s.alive ? "alive" : "ended"}`).toBe(
        works ? 200 : 401,
      );
      // The assurance policy, as a sibling Worker hears it, says what the model says.
      if (works) expect((await verifyForService(api, s.access))?.aal).toBe(s.aal);
    }
  }
}

let executed = 0;
const bearerOf = (s: { session: Session }) => s.session.access_token;
let modelShop: ReturnType<typeof createShop> | undefined;
/** One shop for the whole search (a fresh one per run would only slow it down). */
const shop = () => {
  modelShop ??= createShop("model");
  return modelShop;
};
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
      who.map((i) => new Ban(i)),
      who.map((i) => new Unban(i)),
      who.map((i) => new Join(i)),
      who.map((i) => new Leave(i)),
      who.map((i) => new AddPasskey(i)),
      who.map((i) => new BareBinding(i)),
      who.map((i) => new PasskeyLogin(i)),
      who.map((i) => new LinkProvider(i)),
      who.map((i) => new ProviderLogin(i)),
      who.map((i) => new EnrolSms(i)),
      who.map((i) => new SmsLogin(i)),
      who.map((i) => new GrantLogin(i)),
      who.map((i) => new GrantRefresh(i)),
      fc.constant(new StrictAdminRead()),
    ];
    idp.routeFetch(verify as unknown as FakeIssuer);
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 30 }), async (sequence) => {
        const accounts = await Promise.all(
          ["model-a", "model-b", "model-c"].map(async (label, i) => {
            const { email, session } = await (i === 0 ? makeAdmin(label) : verifiedUser(label));
            return {
              id: session.user.id,
              email,
              password: PASSWORD,
              mfa: null,
              banned: false,
              shopRole: null,
              passkeys: 0,
              linked: false,
              sessions: [newSession(session)],
              // What was recorded before the run (its creation, with the file's settings).
              events: await eventsAbout(session.user.id),
              sms: null,
            } satisfies Account;
          }),
        );
        const model: Model = {
          accounts,
          admin: bearerOf(await shopAdmin()),
          shopId: (await shop()).id,
        };
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
    expect(executed).toBeGreaterThanOrEqual(RUNS);
  }, 120_000);
});
