import { expect } from "vitest";
import { call } from "./api";
import type { FakeIssuer, Person, Tamper } from "./fake-issuer";

/** A browser going through a provider sign-in against the Worker (docs/social-sign-in.md). */

export const APP = "https://shop.example/signed-in";

export function cookieOf(response: Response): string {
  const header = response.headers.get("Set-Cookie") ?? "";
  const match = /__Host-oauth=([^;]*)/.exec(header);
  if (!match?.[1]) throw new Error(`no __Host-oauth cookie in ${header}`);
  return match[1];
}

export async function start(environment: Env, provider = "idp", redirectTo = APP) {
  const response = await call(
    "GET",
    `/v1/auth/oauth/${provider}/start?redirect_to=${encodeURIComponent(redirectTo)}`,
    { env: environment },
  );
  expect(response.status).toBe(302);
  return { location: response.headers.get("Location") ?? "", browser: cookieOf(response) };
}

/** The browser comes back from the provider: the callback, with (or without) its cookie. */
export async function callback(url: string, browser: string | null, environment: Env) {
  return call("GET", url.replace("https://api.test", ""), {
    env: environment,
    headers: browser ? { Cookie: `__Host-oauth=${browser}` } : {},
  });
}

/** The whole browser flow: where the app is sent back to, as URL parameters. */
export async function signInWith(
  environment: Env,
  issuer: FakeIssuer,
  person: Person,
  tamper: Tamper = {},
) {
  const { location, browser } = await start(environment);
  const back = issuer.authorize(location, person, tamper);
  const response = await callback(back.url, browser, environment);
  expect(response.status).toBe(302);
  const to = new URL(response.headers.get("Location") ?? "");
  expect(`${to.origin}${to.pathname}`).toBe(APP);
  return to.searchParams;
}

export async function exchange(code: string, environment: Env) {
  return call("POST", "/v1/auth/oauth/exchange", { env: environment, body: { login_code: code } });
}
