import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import * as client from "openid-client";
import { expect } from "vitest";
import { generateSigningKey } from "../../src/crypto/tokens";
import worker from "../../src/index";
import { call, freshIp, json, useBindings } from "./api";

/**
 * The OpenID provider's tests drive it with `openid-client` (an OpenID-certified relying party no
 * one here wrote): its requests reach the Worker's real fetch entry point, and a small browser
 * (a cookie jar, forms posted as a browser posts them) goes through the hosted pages.
 */

export const ISSUER = "https://accounts.test";

/** Bindings with an asymmetric signing key: what the provider needs (PUBLIC_URL is set). */
export async function providerBindings(extra: Partial<Env> = {}): Promise<Env> {
  const { privateJwk } = await generateSigningKey("EdDSA");
  return useBindings({ JWT_SIGNING_KEY: JSON.stringify(privateJwk), ...extra });
}

/** The Worker as the relying party's `fetch`. */
export function workerFetch(environment: Env, counter?: { requests: number }) {
  return async (url: string, options: RequestInit): Promise<Response> => {
    if (counter) counter.requests += 1;
    const headers = new Headers(options.headers);
    headers.set("CF-Connecting-IP", freshIp());
    const ctx = createExecutionContext();
    const response = await worker.fetch(
      new Request(url, { ...options, headers }) as Request<unknown, IncomingRequestCfProperties>,
      environment,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    return response;
  };
}

export interface RegisteredClient {
  client_id: string;
  client_secret?: string;
  redirect_uris: string[];
}

export async function registerClient(
  adminToken: string,
  body: Record<string, unknown>,
): Promise<RegisteredClient> {
  const response = await call("POST", "/v1/oauth/clients", { token: adminToken, body });
  expect(response.status).toBe(201);
  return json<RegisteredClient>(response);
}

/** A relying party configured by discovery, as an app would set up `openid-client`. */
export async function relyingParty(
  environment: Env,
  registered: RegisteredClient,
  auth: "basic" | "post" | "none" = registered.client_secret ? "basic" : "none",
): Promise<client.Configuration> {
  const authentication =
    auth === "none"
      ? client.None()
      : auth === "basic"
        ? client.ClientSecretBasic(registered.client_secret)
        : client.ClientSecretPost(registered.client_secret);
  const config = await client.discovery(
    new URL(ISSUER),
    registered.client_id,
    undefined,
    authentication,
    { [client.customFetch]: workerFetch(environment) },
  );
  return config;
}

/** A browser: its cookies, and forms posted from this origin. */
export class Browser {
  cookies = new Map<string, string>();

  private remember(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = pair?.indexOf("=") ?? -1;
      if (!pair || at < 0) continue;
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (/max-age=0/i.test(line) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  private cookieHeader(): Record<string, string> {
    if (this.cookies.size === 0) return {};
    return {
      Cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; "),
    };
  }

  async get(url: string, environment?: Env): Promise<Response> {
    const { pathname, search } = new URL(url, ISSUER);
    const response = await call("GET", `${pathname}${search}`, {
      headers: this.cookieHeader(),
      ...(environment ? { env: environment } : {}),
    });
    this.remember(response);
    return response;
  }

  /**
   * Posts a form of the page with `fields`, as a browser on this origin does: the first form, or
   * the one whose action starts with `to`.
   */
  async submit(
    page: string,
    fields: Record<string, string>,
    environment?: Env,
    to?: string,
  ): Promise<Response> {
    const forms = [...page.matchAll(/<form method="post" action="([^"]*)"/g)].map((m) =>
      htmlText(m[1] ?? ""),
    );
    const action = to ? forms.find((f) => f.startsWith(`${to}?`)) : forms[0];
    if (!action) throw new Error(`no form on the page: ${page.slice(0, 500)}`);
    const hidden = Object.fromEntries(
      [...page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [
        m[1],
        htmlText(m[2] ?? ""),
      ]),
    );
    const response = await call("POST", action, {
      rawBody: new URLSearchParams({ ...hidden, ...fields }).toString(),
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Origin: "https://api.test",
        ...this.cookieHeader(),
      },
      ...(environment ? { env: environment } : {}),
    });
    this.remember(response);
    return response;
  }
}

function htmlText(html: string): string {
  return html
    .replaceAll("&amp;", "&")
    .replaceAll("&quot;", '"')
    .replaceAll("&#39;", "'")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">");
}

export interface Started {
  url: URL;
  verifier: string;
  state: string;
  nonce: string;
}

/** An authorization request as `openid-client` builds it (PKCE S256, state, nonce). */
export async function startAuthorization(
  config: client.Configuration,
  redirectUri: string,
  extra: Record<string, string> = {},
): Promise<Started> {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: "openid email profile offline_access",
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    nonce,
    ...extra,
  });
  return { url, verifier, state, nonce };
}

/** Where a response sends the browser back to the app (a 302 off the provider), or null. */
export function callbackOf(response: Response, redirectUri: string): URL | null {
  const location = response.headers.get("Location");
  if (response.status !== 302 || !location?.startsWith(redirectUri)) return null;
  return new URL(location);
}

export { client };
