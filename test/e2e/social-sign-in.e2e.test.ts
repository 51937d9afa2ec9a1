// Sign in with a provider, end to end: the Worker under `wrangler dev` against `oidc-provider`
// (test/e2e/oidc-issuer.ts), a certified OpenID provider no one here wrote. The browser is played
// by fetch with a cookie jar per site: the service's `__Host-oauth` cookie, the provider's own.
import { describe, expect, inject, it } from "vitest";
import { FRONT_END_ORIGIN, OIDC_ISSUER } from "./settings";

const APP = `${FRONT_END_ORIGIN}/signed-in`;

/** A browser's cookies, per origin (enough for two sites on 127.0.0.1 with different ports). */
class Browser {
  private jar = new Map<string, Map<string, string>>();

  async get(url: string, init: RequestInit = {}): Promise<Response> {
    const origin = new URL(url).origin;
    const cookies = [...(this.jar.get(origin) ?? new Map())].map(([k, v]) => `${k}=${v}`);
    const headers = new Headers(init.headers);
    if (cookies.length > 0) headers.set("Cookie", cookies.join("; "));
    const response = await fetch(url, { ...init, headers, redirect: "manual" });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = pair?.indexOf("=") ?? -1;
      if (!pair || at < 0) continue;
      const jar = this.jar.get(origin) ?? new Map<string, string>();
      const value = pair.slice(at + 1);
      if (value === "" || /max-age=0/i.test(line)) jar.delete(pair.slice(0, at));
      else jar.set(pair.slice(0, at), value);
      this.jar.set(origin, jar);
    }
    return response;
  }

  /** Follows redirects until one goes to a URL under `stopAt` (not fetched), returning it. */
  async follow(url: string, stopAt: string | string[], init: RequestInit = {}): Promise<URL> {
    const stops = Array.isArray(stopAt) ? stopAt : [stopAt];
    let next = url;
    let options = init;
    for (let hops = 0; hops < 20; hops++) {
      const response = await this.get(next, options);
      const location = response.headers.get("Location");
      if (!location) {
        throw new Error(
          `stopped at ${next}: ${response.status} ${(await response.text()).slice(0, 300)}`,
        );
      }
      const target = new URL(location, next);
      if (stops.some((stop) => target.href.startsWith(stop))) return target;
      next = target.href;
      options = {};
    }
    throw new Error("too many redirects");
  }

  /** The provider's development sign-in and consent pages, as a person fills them in. */
  async atProvider(location: URL, accountId: string): Promise<URL> {
    let at = location;
    for (let step = 0; step < 4; step++) {
      if (!at.href.startsWith(`${OIDC_ISSUER}/interaction/`)) return at;
      const uid = at.pathname.split("/")[2] ?? "";
      const page = await (await this.get(at.href)).text();
      const prompt = page.includes('name="login"') ? "login" : "consent";
      const body = new URLSearchParams(
        prompt === "login" ? { prompt, login: accountId, password: "any" } : { prompt },
      );
      // After the sign-in page comes the consent page; after the consent, the way back.
      at = await this.follow(
        `${OIDC_ISSUER}/interaction/${uid}`,
        [inject("workerUrl"), `${OIDC_ISSUER}/interaction/`],
        {
          method: "POST",
          body,
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
        },
      );
    }
    return at;
  }
}

async function signIn(accountId: string) {
  const worker = inject("workerUrl");
  const browser = new Browser();
  const start = `${worker}/v1/auth/oauth/oidc/start?redirect_to=${encodeURIComponent(APP)}`;
  // Through the service's start and the provider's authorization endpoint, to its first page.
  const atProvider = await browser.follow(start, `${OIDC_ISSUER}/interaction/`);
  const callback = await browser.atProvider(atProvider, accountId);
  expect(callback.href.startsWith(`${worker}/v1/auth/oauth/oidc/callback?`)).toBe(true);
  // The provider's answer names itself (RFC 9207) and carries the state the service sent.
  expect(callback.searchParams.get("iss")).toBe(OIDC_ISSUER);
  const back = await browser.follow(callback.href, APP);
  return { back, callback, browser };
}

async function exchange(code: string) {
  return fetch(`${inject("workerUrl")}/v1/auth/oauth/exchange`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ login_code: code }),
  });
}

describe("sign in with an OpenID provider (oidc-provider)", () => {
  it("discovery → authorize → callback → login code → session; again, the same account", async () => {
    const id = `person-${crypto.randomUUID().slice(0, 8)}`;
    const { back } = await signIn(id);
    expect(back.searchParams.get("error")).toBeNull();
    const code = back.searchParams.get("login_code") ?? "";
    const response = await exchange(code);
    expect(response.status).toBe(200);
    const session = (await response.json()) as {
      access_token: string;
      user: { id: string; email: string; name: string; status: string };
    };
    expect(session.user).toMatchObject({
      email: `${id}@oidc.example`,
      name: "Ada Lovelace",
      status: "verified",
    });
    // Spent: the same code again is refused.
    expect((await exchange(code)).status).toBe(400);
    const me = await fetch(`${inject("workerUrl")}/v1/users/me/identities`, {
      headers: { Authorization: `Bearer ${session.access_token}` },
    });
    expect(((await me.json()) as { items: { id: string }[] }).items.map((i) => i.id)).toEqual([
      `oidc:${id}`,
    ]);
    const again = await signIn(id);
    const second = (await (
      await exchange(again.back.searchParams.get("login_code") ?? "")
    ).json()) as {
      user: { id: string };
    };
    expect(second.user.id).toBe(session.user.id);
  });

  it("a replayed callback finds no state; an unverified address makes no account", async () => {
    const id = `replay-${crypto.randomUUID().slice(0, 8)}`;
    const { callback, browser } = await signIn(id);
    const replayed = await browser.get(callback.href);
    expect(replayed.status).toBe(400);
    expect(((await replayed.json()) as { code: string }).code).toBe("invalid_state");

    const unverified = `unverified-${crypto.randomUUID().slice(0, 8)}`;
    const { back } = await signIn(unverified);
    expect(back.searchParams.get("error")).toBe("provider_email_unverified");
  });
});
