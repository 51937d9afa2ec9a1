import { env } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { sign, verifyWithJwks } from "hono/jwt";
import { describe, expect, it, vi } from "vitest";
import {
  type AsymmetricAlg,
  generateSigningKey,
  type PrivateJwk,
  type PublicJwk,
} from "../../src/crypto/tokens";
import {
  bindings,
  call,
  expectProblem,
  json,
  PASSWORD,
  type Session,
  verifiedUser,
} from "../helpers/api";

/**
 * Access tokens the rest of the platform verifies: asymmetric signing (EdDSA, ES256), the JWKS,
 * key rotation, and the Service Binding entrypoint — each through the Worker's real entry points.
 */

type Jwks = { keys: (PublicJwk & { d?: string })[] };

/** A bindings object with a signing key (and older public keys), as `wrangler secret put` sets. */
function keyed(signing: PrivateJwk, verify: PublicJwk[] = [], extra: Partial<Env> = {}): Env {
  return bindings({
    JWT_SIGNING_KEY: JSON.stringify(signing),
    JWT_VERIFY_KEYS: verify.length ? JSON.stringify(verify) : "",
    ...extra,
  });
}

async function login(email: string, environment: Env): Promise<Session> {
  const response = await call("POST", "/v1/auth/login", {
    body: { email, password: PASSWORD },
    env: environment,
  });
  expect(response.status).toBe(200);
  return json<Session>(response);
}

function me(token: string, environment: Env) {
  return call("GET", "/v1/users/me", { token, env: environment });
}

async function jwksOf(environment: Env): Promise<Jwks> {
  const response = await call("GET", "/.well-known/jwks.json", { env: environment });
  expect(response.status).toBe(200);
  return json<Jwks>(response);
}

/** How a sibling service verifies with a JWKS it fetched (hono's verifyWithJwks). */
async function verifiesWith(jwks: Jwks, token: string): Promise<boolean> {
  try {
    const payload = await verifyWithJwks(token, {
      keys: jwks.keys,
      allowedAlgorithms: ["EdDSA", "ES256"],
      verification: { iss: env.JWT_ISSUER, aud: env.JWT_AUDIENCE },
    });
    return typeof payload.sub === "string";
  } catch {
    return false;
  }
}

const segment = (value: object) =>
  btoa(JSON.stringify(value)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");

function partsOf(token: string) {
  const [header, payload] = token.split(".");
  const decode = (part = "") => JSON.parse(atob(part.replaceAll("-", "+").replaceAll("_", "/")));
  return { header: decode(header), payload: decode(payload) };
}

/** An HS256 token with any header, signed with any secret bytes (hono's sign sets no `kid`). */
async function hs256(header: object, payload: object, secret: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const input = `${segment(header)}.${segment(payload)}`;
  const signature = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(input));
  const bytes = String.fromCharCode(...new Uint8Array(signature));
  const encoded = btoa(bytes).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
  return `${input}.${encoded}`;
}

describe("the default HS256 mode", () => {
  it("publishes an empty key set, cacheable, and signs HS256 without a kid", async () => {
    const response = await call("GET", "/.well-known/jwks.json");
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("public, max-age=300");
    expect(await response.json()).toEqual({ keys: [] });
    const { session } = await verifiedUser("hs256");
    expect(partsOf(session.access_token).header).toEqual({ alg: "HS256", typ: "JWT" });
  });
});

describe.each<AsymmetricAlg>(["EdDSA", "ES256"])("signing with an %s key", (alg) => {
  it("tokens name the kid and verify against the published JWKS", async () => {
    const { privateJwk } = await generateSigningKey(alg);
    const environment = keyed(privateJwk);
    const { email } = await verifiedUser(`sign-${alg.toLowerCase()}`);
    const session = await login(email, environment);

    expect(partsOf(session.access_token).header).toEqual({
      alg,
      typ: "JWT",
      kid: privateJwk.kid,
    });
    const response = await call("GET", "/.well-known/jwks.json", { env: environment });
    expect(response.headers.get("Cache-Control")).toBe("public, max-age=300");
    const jwks = await json<Jwks>(response);
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kid: privateJwk.kid, alg, use: "sig" });
    expect(jwks.keys[0]?.d).toBeUndefined();
    expect(JSON.stringify(jwks)).not.toContain(privateJwk.d);

    expect(await verifiesWith(jwks, session.access_token)).toBe(true);
    expect((await me(session.access_token, environment)).status).toBe(200);
    // The refresh token is opaque and the new access token is signed the same way.
    const refreshed = await call("POST", "/v1/auth/refresh", {
      body: { refresh_token: session.refresh_token },
      env: environment,
    });
    const next = await json<Session>(refreshed);
    expect(partsOf(next.access_token).header.kid).toBe(privateJwk.kid);
    expect(await verifiesWith(jwks, next.access_token)).toBe(true);
  });

  it("a verifier refuses a token whose signature was tampered with", async () => {
    const { privateJwk } = await generateSigningKey(alg);
    const environment = keyed(privateJwk);
    const { email } = await verifiedUser(`tamper-${alg.toLowerCase()}`);
    const session = await login(email, environment);
    const { header, payload } = partsOf(session.access_token);
    const signature = session.access_token.split(".")[2];
    const forged = `${segment(header)}.${segment({ ...payload, role: "admin" })}.${signature}`;
    expect(await verifiesWith(await jwksOf(environment), forged)).toBe(false);
    await expectProblem(await me(forged, environment), 401, "invalid_token");
  });
});

describe("once a signing key is set, verification accepts only a published kid with its alg", () => {
  it("a token signed by a JWT_VERIFY_KEYS key is accepted", async () => {
    const old = await generateSigningKey("EdDSA");
    const current = await generateSigningKey("ES256");
    const { email } = await verifiedUser("verify-keys");
    const before = await login(email, keyed(old.privateJwk));
    const after = keyed(current.privateJwk, [old.publicJwk]);
    expect((await me(before.access_token, after)).status).toBe(200);
    const jwks = await jwksOf(after);
    expect(jwks.keys.map((k) => k.kid)).toEqual([current.privateJwk.kid, old.privateJwk.kid]);
    expect(await verifiesWith(jwks, before.access_token)).toBe(true);
  });

  it("an unknown kid, alg none, HS256 with the public key, HS256 with JWT_SECRET: 401", async () => {
    const published = await generateSigningKey("EdDSA");
    const stranger = await generateSigningKey("EdDSA");
    const environment = keyed(published.privateJwk);
    const { email } = await verifiedUser("confusion");
    const honest = await login(email, environment);
    const claims = partsOf(honest.access_token).payload;
    const kid = published.privateJwk.kid;

    const forgeries: Record<string, string> = {
      "unknown kid": (await login(email, keyed(stranger.privateJwk))).access_token,
      "alg none": `${segment({ alg: "none", typ: "JWT", kid })}.${segment(claims)}.`,
      "HS256, public JWK as secret": await hs256(
        { alg: "HS256", typ: "JWT", kid },
        claims,
        JSON.stringify(published.publicJwk),
      ),
      "HS256, public x as secret": await hs256(
        { alg: "HS256", typ: "JWT", kid },
        claims,
        published.publicJwk.x,
      ),
      "HS256 with JWT_SECRET": await sign(claims, env.JWT_SECRET, "HS256"),
      "HS256 with JWT_SECRET and the kid": await hs256(
        { alg: "HS256", typ: "JWT", kid },
        claims,
        env.JWT_SECRET,
      ),
      "ES256 header on the EdDSA kid": `${segment({ alg: "ES256", typ: "JWT", kid })}.${honest.access_token
        .split(".")
        .slice(1)
        .join(".")}`,
    };
    expect((await me(honest.access_token, environment)).status).toBe(200);
    const jwks = await jwksOf(environment);
    for (const [label, token] of Object.entries(forgeries)) {
      const response = await me(token, environment);
      expect({ label, status: response.status }).toEqual({ label, status: 401 });
      expect((await json(response)).code).toBe("invalid_token");
      expect({ label, verifies: await verifiesWith(jwks, token) }).toEqual({
        label,
        verifies: false,
      });
    }
  });

  it("needs no JWT_SECRET, and imports each key once per isolate, not per request", async () => {
    const { privateJwk } = await generateSigningKey("ES256");
    const environment = keyed(privateJwk, [], { JWT_SECRET: "" });
    expect((await call("GET", "/health/ready", { env: environment })).status).toBe(200);
    const { email } = await verifiedUser("import-once");
    const first = await login(email, environment);
    expect((await me(first.access_token, environment)).status).toBe(200);

    const importKey = vi.spyOn(crypto.subtle, "importKey");
    try {
      const second = await login(email, environment);
      expect((await me(second.access_token, environment)).status).toBe(200);
      const keyImports = importKey.mock.calls.filter(([format]) => format === "jwk");
      expect(keyImports).toEqual([]);
    } finally {
      importKey.mockRestore();
    }
  });
});

describe("a bad key fails loudly, naming the setting, never echoing it", () => {
  const cases: [string, () => Promise<Partial<Env>>, string][] = [
    ["not JSON", async () => ({ JWT_SIGNING_KEY: "{kid: nope" }), "JWT_SIGNING_KEY is not JSON"],
    [
      "a public key as the signing key",
      async () => ({
        JWT_SIGNING_KEY: JSON.stringify((await generateSigningKey("EdDSA")).publicJwk),
      }),
      "JWT_SIGNING_KEY is not a private",
    ],
    [
      "an alg that does not match the key",
      async () => ({
        JWT_SIGNING_KEY: JSON.stringify({
          ...(await generateSigningKey("EdDSA")).privateJwk,
          alg: "ES256",
        }),
      }),
      "JWT_SIGNING_KEY does not match its alg",
    ],
    [
      "an RS256 key",
      async () => ({
        JWT_SIGNING_KEY: JSON.stringify({
          ...(await generateSigningKey("EdDSA")).privateJwk,
          alg: "RS256",
        }),
      }),
      "JWT_SIGNING_KEY is not a private",
    ],
    [
      "key material that does not import",
      async () => ({
        JWT_SIGNING_KEY: JSON.stringify({
          ...(await generateSigningKey("ES256")).privateJwk,
          x: "AAAA",
        }),
      }),
      "JWT_SIGNING_KEY cannot be imported",
    ],
    [
      "a private key among the verify keys",
      async () => ({
        JWT_SIGNING_KEY: JSON.stringify((await generateSigningKey("EdDSA")).privateJwk),
        JWT_VERIFY_KEYS: JSON.stringify([(await generateSigningKey("EdDSA")).privateJwk]),
      }),
      "JWT_VERIFY_KEYS is not a JSON array",
    ],
    [
      "two keys under one kid",
      async () => {
        const key = (await generateSigningKey("EdDSA")).privateJwk;
        const other = (await generateSigningKey("EdDSA")).publicJwk;
        return {
          JWT_SIGNING_KEY: JSON.stringify(key),
          JWT_VERIFY_KEYS: JSON.stringify([{ ...other, kid: key.kid }]),
        };
      },
      "JWT_VERIFY_KEYS has a different key under the kid",
    ],
  ];
  for (const [label, settings, message] of cases) {
    it(`${label}: readiness 503`, async () => {
      const values = await settings();
      const response = await call("GET", "/health/ready", { env: bindings(values) });
      const body = await expectProblem(response, 503, "unavailable");
      expect(body.detail).toContain(message);
      // No member of a key (the private `d` above all) appears in the answer.
      for (const value of Object.values(values)) {
        for (const member of String(value).match(/"[xyd]":"([^"]+)"/g) ?? []) {
          expect(JSON.stringify(body)).not.toContain(member.slice(5, -1));
        }
      }
    });
  }
});

describe("the rotation runbook keeps every live token valid at every step", () => {
  it("publish, wait out the JWKS max-age, switch, retire after the access-token TTL", async () => {
    const k1 = await generateSigningKey("EdDSA");
    const k2 = await generateSigningKey("EdDSA");
    const steps: [string, Env][] = [
      ["before: signing with K1", keyed(k1.privateJwk)],
      ["1. publish K2 in JWT_VERIFY_KEYS", keyed(k1.privateJwk, [k2.publicJwk])],
      ["2. sign with K2, keep K1 published", keyed(k2.privateJwk, [k1.publicJwk])],
      ["3. after the access-token TTL, retire K1", keyed(k2.privateJwk)],
    ];
    const { email } = await verifiedUser("rotation");
    /** Tokens issued so far, with the step they were issued at. */
    const live: { token: string; step: number }[] = [];
    /** The key set a sibling service cached at the previous step (it may be max-age stale). */
    let cached: Jwks | undefined;
    let refreshToken: string | undefined;

    for (const [index, [label, environment]] of steps.entries()) {
      // Step 3 happens a full access-token TTL after step 2: tokens from before step 2 expired.
      const stillLive = live.filter(({ step }) => index < 3 || step >= 2);
      const fresh = await login(email, environment);
      const refreshed = refreshToken
        ? await json<Session>(
            await call("POST", "/v1/auth/refresh", {
              body: { refresh_token: refreshToken },
              env: environment,
            }),
          )
        : undefined;
      refreshToken = fresh.refresh_token;
      const issued = [fresh, ...(refreshed ? [refreshed] : [])];
      const jwks = await jwksOf(environment);
      const now = [...stillLive, ...issued.map((s) => ({ token: s.access_token, step: index }))];
      for (const { token, step } of now) {
        const outcome = {
          step: label,
          issuedAt: step,
          api: (await me(token, environment)).status,
          jwks: await verifiesWith(jwks, token),
          // A service still holding the previous step's key set (up to max-age old).
          cachedJwks: cached ? await verifiesWith(cached, token) : true,
        };
        expect(outcome).toEqual({ ...outcome, api: 200, jwks: true, cachedJwks: true });
      }
      live.push(...issued.map((s) => ({ token: s.access_token, step: index })));
      cached = jwks;
    }
    // Why step 1 and the wait exist: a key set cached before K2 was published refuses K2 tokens.
    const k2Token = (await login(email, steps[3]?.[1] as Env)).access_token;
    expect(await verifiesWith({ keys: [k1.publicJwk] }, k2Token)).toBe(false);
  });
});

describe("the Service Binding entrypoint", () => {
  const verify = (token: unknown) =>
    (
      exports as unknown as { AccountsService: { verifyAccessToken(t: unknown): Promise<unknown> } }
    ).AccountsService.verifyAccessToken(token);

  it("returns the caller of a live token, null once the session is ended", async () => {
    const { session } = await verifiedUser("rpc");
    const sid = partsOf(session.access_token).payload.sid;
    expect(await verify(session.access_token)).toEqual({
      user_id: session.user.id,
      role: "user",
      session_id: sid,
      amr: ["pwd"],
      aal: "aal1",
    });
    const logout = await call("POST", "/v1/auth/logout", {
      body: { refresh_token: session.refresh_token },
    });
    expect(logout.status).toBe(204);
    expect(await verify(session.access_token)).toBeNull();
  });

  it("null after logout-all (token version), for a deleted user, and for any non-token", async () => {
    const a = await verifiedUser("rpc-all");
    const all = await call("POST", "/v1/auth/logout-all", { token: a.session.access_token });
    expect(all.status).toBe(204);
    expect(await verify(a.session.access_token)).toBeNull();

    const b = await verifiedUser("rpc-deleted");
    expect(await verify(b.session.access_token)).not.toBeNull();
    await env.DB.prepare("DELETE FROM users WHERE id = ?").bind(b.session.user.id).run();
    expect(await verify(b.session.access_token)).toBeNull();

    for (const junk of ["", "a.b.c", "x".repeat(5000), 42, null, { token: "x" }]) {
      expect(await verify(junk)).toBeNull();
    }
  });

  it("concurrent calls each answer for their own token", async () => {
    const users = await Promise.all([1, 2, 3, 4].map((i) => verifiedUser(`rpc-many-${i}`)));
    const answers = (await Promise.all(users.map((u) => verify(u.session.access_token)))) as {
      user_id: string;
    }[];
    expect(answers.map((a) => a.user_id)).toEqual(users.map((u) => u.session.user.id));
  });
});
