import { Hono } from "hono";
import { sign, verify } from "hono/jwt";
import { vi } from "vitest";

/**
 * An OpenID provider served in-process for the integration tests: discovery, JWKS, and a token
 * endpoint that checks the client's secret and PKCE and signs an RS256 ID token. The Worker's
 * outbound `fetch` to its host is routed here (`routeFetch`). `authorize` plays the person at the
 * provider's page: it reads the authorization request the service redirected to and answers
 * with the redirect back. Each knob in `Tamper` breaks one thing, to see one check refuse it.
 */

export interface Person {
  sub: string;
  email?: string;
  email_verified?: boolean | string;
  name?: string;
}

export interface Tamper {
  iss?: string;
  aud?: string;
  expired?: boolean;
  nonce?: string;
  /** Signs the ID token with a key the JWKS does not publish (same kid). */
  foreignKey?: boolean;
  /** The `iss` parameter of the redirect back (RFC 9207). */
  issParam?: string;
  /** The token endpoint answers this instead of tokens. */
  tokenResponse?: Response;
  /** The PKCE verifier check is skipped (to see the code bound to another verifier refused). */
  ignorePkce?: boolean;
  /** The token endpoint never answers (the service's own timeout must end the wait). */
  hang?: boolean;
}

interface Grant {
  person: Person;
  nonce: string;
  challenge: string;
  redirectUri: string;
  clientId: string;
  tamper: Tamper;
}

async function rsaKey() {
  const pair = (await crypto.subtle.generateKey(
    {
      name: "RSASSA-PKCS1-v1_5",
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: "SHA-256",
    },
    true,
    ["sign", "verify"],
  )) as CryptoKeyPair;
  const privateJwk = (await crypto.subtle.exportKey("jwk", pair.privateKey)) as JsonWebKey;
  const publicJwk = (await crypto.subtle.exportKey("jwk", pair.publicKey)) as JsonWebKey;
  return { privateJwk, publicJwk };
}

const base64url = (bytes: ArrayBuffer) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");

export class FakeIssuer {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** For an Apple-shaped issuer: the public key its client-secret JWTs must verify with. */
  appleClientKey?: JsonWebKey;
  readonly grants = new Map<string, Grant>();
  readonly tokenRequests: URLSearchParams[] = [];
  down = false;
  private keys?: Promise<{
    current: Awaited<ReturnType<typeof rsaKey>>;
    foreign: Awaited<ReturnType<typeof rsaKey>>;
  }>;
  readonly app = new Hono();

  constructor(options: { issuer: string; clientId: string; clientSecret: string }) {
    this.issuer = options.issuer;
    this.clientId = options.clientId;
    this.clientSecret = options.clientSecret;
    const app = this.app;
    app.use("*", async (c, next) => {
      if (this.down) return c.text("upstream is down", 503);
      await next();
    });
    app.get("/.well-known/openid-configuration", (c) =>
      c.json({
        issuer: this.issuer,
        authorization_endpoint: `${this.issuer}/authorize`,
        token_endpoint: `${this.issuer}/token`,
        jwks_uri: `${this.issuer}/jwks`,
        response_types_supported: ["code"],
        subject_types_supported: ["public"],
        id_token_signing_alg_values_supported: ["RS256"],
        code_challenge_methods_supported: ["S256"],
        token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
        authorization_response_iss_parameter_supported: true,
      }),
    );
    app.get("/jwks", async (c) => {
      const { current } = await this.keyPairs();
      return c.json({ keys: [{ ...current.publicJwk, kid: "k1", alg: "RS256", use: "sig" }] });
    });
    app.post("/token", async (c) => {
      const form = new URLSearchParams(new TextDecoder().decode(await c.req.arrayBuffer()));
      this.tokenRequests.push(form);
      const grant = this.grants.get(form.get("code") ?? "");
      if (grant?.tamper.hang) return new Promise<Response>(() => {});
      if (grant?.tamper.tokenResponse) return grant.tamper.tokenResponse;
      if (!(await this.clientAuthenticated(c.req.header("Authorization"), form))) {
        return c.json({ error: "invalid_client" }, 401);
      }
      if (!grant || form.get("redirect_uri") !== grant.redirectUri) {
        return c.json({ error: "invalid_grant" }, 400);
      }
      this.grants.delete(form.get("code") ?? "");
      const verifier = form.get("code_verifier") ?? "";
      const challenge = base64url(
        await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)),
      );
      if (!grant.tamper.ignorePkce && challenge !== grant.challenge) {
        return c.json({ error: "invalid_grant", error_description: "PKCE" }, 400);
      }
      return c.json({
        access_token: crypto.randomUUID(),
        token_type: "Bearer",
        expires_in: 3600,
        id_token: await this.idToken(grant),
      });
    });
  }

  private keyPairs() {
    this.keys ??= Promise.all([rsaKey(), rsaKey()]).then(([current, foreign]) => ({
      current,
      foreign,
    }));
    return this.keys;
  }

  private async clientAuthenticated(header: string | undefined, form: URLSearchParams) {
    if (this.appleClientKey) {
      // Apple: client_secret is an ES256 JWT the service signed with the team's key.
      try {
        const claims = await verify(form.get("client_secret") ?? "", this.appleClientKey, "ES256");
        return claims.sub === this.clientId && claims.aud === "https://appleid.apple.com";
      } catch {
        return false;
      }
    }
    if (header?.startsWith("Basic ")) {
      const [id, secret] = atob(header.slice(6)).split(":").map(decodeURIComponent);
      return id === this.clientId && secret === this.clientSecret;
    }
    return (
      form.get("client_id") === this.clientId && form.get("client_secret") === this.clientSecret
    );
  }

  private async idToken(grant: Grant): Promise<string> {
    const { current, foreign } = await this.keyPairs();
    const now = Math.floor(Date.now() / 1000);
    const { tamper, person } = grant;
    const key = tamper.foreignKey ? foreign.privateJwk : current.privateJwk;
    return sign(
      {
        iss: tamper.iss ?? this.issuer,
        aud: tamper.aud ?? grant.clientId,
        sub: person.sub,
        iat: now - 5,
        exp: tamper.expired ? now - 60 : now + 600,
        nonce: tamper.nonce ?? grant.nonce,
        ...(person.email !== undefined ? { email: person.email } : {}),
        ...(person.email_verified !== undefined ? { email_verified: person.email_verified } : {}),
        ...(person.name !== undefined ? { name: person.name } : {}),
      },
      { ...key, kid: "k1", alg: "RS256" },
      "RS256",
    );
  }

  /** An ID token as the platform hands it to a native app (Sign in with Apple on iOS, …). */
  async nativeIdToken(
    person: Person,
    options: { aud: string; nonce: string } & Pick<Tamper, "iss" | "expired" | "foreignKey">,
  ): Promise<string> {
    return this.idToken({
      person,
      nonce: options.nonce,
      challenge: "",
      redirectUri: "",
      clientId: options.aud,
      tamper: { iss: options.iss, expired: options.expired, foreignKey: options.foreignKey },
    });
  }

  /**
   * The person signs in at the provider: from the service's redirect (`location`), the redirect
   * back — `redirect_uri?code&state&iss` (or the form fields, for a form_post provider).
   */
  authorize(
    location: string,
    person: Person,
    tamper: Tamper = {},
  ): URLSearchParams & { url: string } {
    const request = new URL(location);
    const q = request.searchParams;
    if (!location.startsWith(`${this.issuer}/authorize?`)) throw new Error(`not ours: ${location}`);
    const code = crypto.randomUUID();
    this.grants.set(code, {
      person,
      nonce: q.get("nonce") ?? "",
      challenge: q.get("code_challenge") ?? "",
      redirectUri: q.get("redirect_uri") ?? "",
      clientId: q.get("client_id") ?? "",
      tamper,
    });
    const back = new URLSearchParams({
      code,
      state: q.get("state") ?? "",
      iss: tamper.issParam ?? this.issuer,
    });
    const url = `${q.get("redirect_uri")}?${back}`;
    return Object.assign(back, { url });
  }

  /** Routes the Worker's outbound fetch for this issuer's host here; other hosts go through. */
  routeFetch(...others: FakeIssuer[]) {
    const real = globalThis.fetch;
    const all = [this, ...others];
    return vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
      const request = new Request(input as RequestInfo, init);
      const target = all.find((f) => request.url.startsWith(f.issuer));
      if (!target) return real(input as RequestInfo, init);
      // Like a network call: the caller's signal (its timeout) ends the wait.
      const signal = init?.signal;
      const aborted = new Promise<Response>((_, reject) => {
        signal?.addEventListener("abort", () => reject(signal.reason), { once: true });
      });
      return Promise.race([target.app.fetch(request), aborted]);
    });
  }
}
