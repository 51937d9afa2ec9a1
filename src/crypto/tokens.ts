import { decode, sign, verify } from "hono/jwt";
import type { Role } from "../lib/domain";
import { randomBytes, sha256Hex, toBase64Url, utf8 } from "./encoding";

/**
 * Access tokens: JWTs signed through hono/jwt. Two modes:
 * - HS256 with JWT_SECRET (the default): only this service can verify them.
 * - an asymmetric key (JWT_SIGNING_KEY: a private JWK, EdDSA/Ed25519 or ES256/P-256, with a
 *   `kid`): every token names its `kid`, and the public keys (that one plus JWT_VERIFY_KEYS,
 *   older keys kept during a rotation) are published at /.well-known/jwks.json, so the rest of
 *   the platform can verify tokens without a key that can mint them. Verification then accepts
 *   only a published `kid`, with that key's own algorithm — never HS256, never `none`.
 * Keys are imported once per isolate as `CryptoKey`s, not per request.
 */
export const REFRESH_TOKEN_BYTES = 32;
export const ASYMMETRIC_ALGS = ["EdDSA", "ES256"] as const;
export type AsymmetricAlg = (typeof ASYMMETRIC_ALGS)[number];

export interface PublicJwk {
  kty: "OKP" | "EC";
  crv: "Ed25519" | "P-256";
  x: string;
  y?: string;
  kid: string;
  alg: AsymmetricAlg;
  use?: "sig";
}

export interface PrivateJwk extends PublicJwk {
  d: string;
}

export interface AccessClaims {
  sub: string;
  role: Role;
  ver: number;
  /** The session the token belongs to: ending the session ends the token. */
  sid: string;
  /** How the session was authenticated (RFC 8176): ["pwd"], ["pwd","otp"], ["pwd","recovery"]. */
  amr: string[];
  /** `{shop_id: role}` of the caller's memberships when signed (at most 20). */
  shops?: Record<string, string>;
  /** More memberships than fit in a token: ask `authorize` over the Service Binding. */
  shops_overflow?: true;
  /** A grant's token (issue 37): the OpenID client it was issued to (also its `aud`), and scopes. */
  client_id?: string;
  scope?: string;
  typ: "access";
  iat: number;
  exp: number;
  iss: string;
  aud: string;
}

export interface AccessTokenSettings {
  /** The HS256 secret; unused once `signingKey` is set. */
  secret: string | undefined;
  signingKey: PrivateJwk | undefined;
  verifyKeys: PublicJwk[];
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

const ALGORITHMS = {
  EdDSA: { name: "Ed25519" },
  ES256: { name: "ECDSA", namedCurve: "P-256" },
} as const;

const keys = new Map<string, Promise<CryptoKey>>();

function cached(id: string, load: () => Promise<CryptoKey>): Promise<CryptoKey> {
  let key = keys.get(id);
  if (!key) {
    key = load();
    keys.set(id, key);
    // A key that cannot be imported must not stay cached as a rejected promise forever.
    key.catch(() => keys.delete(id));
  }
  return key;
}

function hs256Key(secret: string): Promise<CryptoKey> {
  return cached(`HS256\u0000${secret}`, () =>
    crypto.subtle.importKey("raw", utf8(secret), { name: "HMAC", hash: "SHA-256" }, false, [
      "sign",
      "verify",
    ]),
  );
}

/** The public half of a JWK: only the members a verifier needs. */
export function publicJwk(jwk: PublicJwk): PublicJwk & { use: "sig" } {
  const { kty, crv, x, y, kid, alg } = jwk;
  return { kty, crv, x, ...(y ? { y } : {}), kid, alg, use: "sig" };
}

function importPublic(jwk: PublicJwk): Promise<CryptoKey> {
  return cached(`public\u0000${jwk.alg}\u0000${jwk.kid}\u0000${jwk.x}`, () =>
    crypto.subtle.importKey("jwk", { ...publicJwk(jwk), ext: true }, ALGORITHMS[jwk.alg], false, [
      "verify",
    ]),
  );
}

/**
 * The private key, imported once. hono/jwt takes the header's `alg` and `kid` from the key object
 * it is given, so the `CryptoKey` carries those two members (then hono signs without importing).
 */
function importPrivate(jwk: PrivateJwk): Promise<CryptoKey & { alg: AsymmetricAlg; kid: string }> {
  return cached(`private\u0000${jwk.alg}\u0000${jwk.kid}\u0000${jwk.x}`, async () => {
    const key = await crypto.subtle.importKey(
      "jwk",
      { kty: jwk.kty, crv: jwk.crv, x: jwk.x, ...(jwk.y ? { y: jwk.y } : {}), d: jwk.d, ext: true },
      ALGORITHMS[jwk.alg],
      false,
      ["sign"],
    );
    return Object.assign(key, { alg: jwk.alg, kid: jwk.kid });
  }) as Promise<CryptoKey & { alg: AsymmetricAlg; kid: string }>;
}

type Published = ReturnType<typeof publicJwk>;
const published = new WeakMap<AccessTokenSettings, Published[]>();

/** Every public key a token may be signed with, by `kid`: the signing key first. */
export function publishedKeys(settings: AccessTokenSettings): Published[] {
  let keys = published.get(settings);
  if (!keys) {
    keys = [];
    for (const key of settings.signingKey ? [settings.signingKey, ...settings.verifyKeys] : []) {
      if (!keys.some((k) => k.kid === key.kid)) keys.push(publicJwk(key));
    }
    published.set(settings, keys);
  }
  return keys;
}

/** Imports every configured key (readiness): throws, naming the setting, if one is unusable. */
export async function checkKeys(settings: AccessTokenSettings): Promise<void> {
  if (settings.signingKey) {
    await importPrivate(settings.signingKey).catch(() => {
      throw new Error("JWT_SIGNING_KEY cannot be imported");
    });
  }
  for (const key of settings.verifyKeys) {
    await importPublic(key).catch(() => {
      throw new Error(`JWT_VERIFY_KEYS: the key "${key.kid}" cannot be imported`);
    });
  }
}

export async function signAccessToken(
  settings: AccessTokenSettings,
  subject: {
    id: string;
    role: Role;
    tokenVersion: number;
    sessionId: string;
    amr: string[];
    shops?: { shops: Record<string, string> } | { shops_overflow: true };
    /** A grant's token: issued to this OpenID client (its `aud`) for these scopes. */
    grant?: { clientId: string; scope: string };
  },
  now = Date.now(),
): Promise<string> {
  const iat = Math.floor(now / 1000);
  const claims: AccessClaims = {
    sub: subject.id,
    role: subject.role,
    ver: subject.tokenVersion,
    sid: subject.sessionId,
    amr: subject.amr,
    ...(subject.shops ?? { shops: {} }),
    ...(subject.grant ? { client_id: subject.grant.clientId, scope: subject.grant.scope } : {}),
    typ: "access",
    iat,
    exp: iat + settings.ttlSeconds,
    iss: settings.issuer,
    aud: subject.grant?.clientId ?? settings.audience,
  };
  if (settings.signingKey) {
    const key = await importPrivate(settings.signingKey);
    return sign({ ...claims }, key, key.alg);
  }
  return sign({ ...claims }, await hs256Key(settings.secret ?? ""), "HS256");
}

/** The key and the one algorithm a token may be verified with, or null: refused outright. */
async function verificationKey(
  settings: AccessTokenSettings,
  token: string,
): Promise<{ key: CryptoKey; alg: "HS256" | AsymmetricAlg } | null> {
  if (!settings.signingKey) return { key: await hs256Key(settings.secret ?? ""), alg: "HS256" };
  let kid: unknown;
  try {
    kid = decode(token).header.kid;
  } catch {
    return null;
  }
  const jwk = publishedKeys(settings).find((k) => k.kid === kid);
  return jwk ? { key: await importPublic(jwk), alg: jwk.alg } : null;
}

/**
 * Verifies the signature with the one key and algorithm the token may use (hono/jwt refuses a
 * header naming another `alg`), expiry, issuer and audience, then insists on what hono/jwt leaves
 * optional: `exp`, `typ: "access"`, a string `sub` and `sid`, an integer `ver` and an `amr` list.
 * Returns null for anything else.
 */
export async function verifyAccessToken(
  settings: AccessTokenSettings,
  token: string,
  /** Whom the token must be for: the API's audience, or (issue 37) an OpenID client's id. */
  audience: string | RegExp = settings.audience,
): Promise<AccessClaims | null> {
  let payload: Record<string, unknown>;
  try {
    const verification = await verificationKey(settings, token);
    if (!verification) return null;
    payload = await verify(token, verification.key, {
      alg: verification.alg,
      iss: settings.issuer,
      aud: audience,
    });
  } catch {
    return null;
  }
  const { sub, role, ver, sid, amr, typ, iat, exp, iss, aud, client_id, scope } = payload;
  if (typeof exp !== "number" || typeof iat !== "number") return null;
  if (typ !== "access" || typeof sub !== "string" || typeof sid !== "string") return null;
  if (!Number.isInteger(ver) || !Array.isArray(amr) || !amr.every((m) => typeof m === "string")) {
    return null;
  }
  if (role !== "user" && role !== "admin") return null;
  return {
    sub,
    role,
    ver: ver as number,
    sid,
    amr: amr as string[],
    typ,
    iat,
    exp,
    iss: iss as string,
    aud: aud as string,
    ...(typeof client_id === "string" && typeof scope === "string" ? { client_id, scope } : {}),
  };
}

/**
 * Signs an OpenID Connect ID token (or any other JWT the provider issues) with JWT_SIGNING_KEY.
 * Null when no asymmetric key is configured: a relying party must be able to check the
 * signature against the JWKS, so the provider never signs with the shared HS256 secret.
 */
export async function signWithPublishedKey(
  settings: AccessTokenSettings,
  claims: Record<string, unknown>,
): Promise<string | null> {
  if (!settings.signingKey) return null;
  const key = await importPrivate(settings.signingKey);
  return sign({ ...claims }, key, key.alg);
}

/**
 * Verifies a JWT this service signed with a published key (an ID token sent back as
 * `id_token_hint`), ignoring its expiry; null for anything else.
 */
export async function verifyPublishedJwt(
  settings: AccessTokenSettings,
  token: string,
  issuer: string,
): Promise<Record<string, unknown> | null> {
  if (!settings.signingKey) return null;
  try {
    const verification = await verificationKey(settings, token);
    if (!verification) return null;
    return await verify(token, verification.key, {
      alg: verification.alg,
      iss: issuer,
      exp: false,
    });
  } catch {
    return null;
  }
}

/** A JWK thumbprint (RFC 7638): a `kid` that names exactly this key. */
export async function jwkThumbprint(jwk: PublicJwk): Promise<string> {
  const members =
    jwk.kty === "EC"
      ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y }
      : { crv: jwk.crv, kty: jwk.kty, x: jwk.x };
  const digest = await crypto.subtle.digest("SHA-256", utf8(JSON.stringify(members)));
  return toBase64Url(new Uint8Array(digest));
}

/**
 * A new signing key in the shape JWT_SIGNING_KEY takes: a private JWK whose `kid` is its
 * thumbprint (`npm run keys:generate`). The public half is what goes into JWT_VERIFY_KEYS.
 */
export async function generateSigningKey(
  alg: AsymmetricAlg,
): Promise<{ privateJwk: PrivateJwk; publicJwk: PublicJwk & { use: "sig" } }> {
  const pair = (await crypto.subtle.generateKey(ALGORITHMS[alg], true, [
    "sign",
    "verify",
  ])) as CryptoKeyPair;
  const exported = (await crypto.subtle.exportKey("jwk", pair.privateKey)) as JsonWebKey;
  const { kty, crv, x, y, d } = exported as Required<JsonWebKey>;
  const material = { kty, crv, x, ...(y ? { y } : {}) } as Omit<PublicJwk, "kid" | "alg">;
  const kid = await jwkThumbprint({ ...material, kid: "", alg });
  const privateJwk: PrivateJwk = { ...material, kid, alg, d };
  return { privateJwk, publicJwk: publicJwk(privateJwk) };
}

/** An opaque 256-bit refresh token; only its SHA-256 digest is stored. */
export function generateRefreshToken(): string {
  return toBase64Url(randomBytes(REFRESH_TOKEN_BYTES));
}

export function refreshTokenDigest(token: string): Promise<string> {
  return sha256Hex(token);
}
