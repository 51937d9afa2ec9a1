import { sign, verify } from "hono/jwt";
import type { Role } from "../lib/domain";
import { randomBytes, sha256Hex, toBase64Url, utf8 } from "./encoding";

export const ACCESS_TOKEN_ALG = "HS256";
export const REFRESH_TOKEN_BYTES = 32;

export interface AccessClaims {
  sub: string;
  role: Role;
  ver: number;
  /** The session the token belongs to: ending the session ends the token. */
  sid: string;
  /** How the session was authenticated (RFC 8176): ["pwd"], ["pwd","otp"], ["pwd","recovery"]. */
  amr: string[];
  typ: "access";
  iat: number;
  exp: number;
  iss: string;
  aud: string;
}

export interface AccessTokenSettings {
  secret: string;
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

const hmacKeys = new Map<string, Promise<CryptoKey>>();

/** The HS256 key as a `CryptoKey`, imported once per secret and isolate, not per request. */
function hs256Key(secret: string): Promise<CryptoKey> {
  let key = hmacKeys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", utf8(secret), { name: "HMAC", hash: "SHA-256" }, false, [
      "sign",
      "verify",
    ]);
    hmacKeys.set(secret, key);
  }
  return key;
}

export async function signAccessToken(
  settings: AccessTokenSettings,
  subject: { id: string; role: Role; tokenVersion: number; sessionId: string; amr: string[] },
  now = Date.now(),
): Promise<string> {
  const iat = Math.floor(now / 1000);
  const claims: AccessClaims = {
    sub: subject.id,
    role: subject.role,
    ver: subject.tokenVersion,
    sid: subject.sessionId,
    amr: subject.amr,
    typ: "access",
    iat,
    exp: iat + settings.ttlSeconds,
    iss: settings.issuer,
    aud: settings.audience,
  };
  return sign({ ...claims }, await hs256Key(settings.secret), ACCESS_TOKEN_ALG);
}

/**
 * Verifies signature (HS256 only — `alg: none` and every other algorithm are refused), expiry,
 * issuer and audience, then insists on what hono/jwt leaves optional: `exp`, `typ: "access"`,
 * a string `sub` and `sid`, an integer `ver` and an `amr` list. Returns null for anything else.
 */
export async function verifyAccessToken(
  settings: AccessTokenSettings,
  token: string,
): Promise<AccessClaims | null> {
  let payload: Record<string, unknown>;
  try {
    payload = await verify(token, await hs256Key(settings.secret), {
      alg: ACCESS_TOKEN_ALG,
      iss: settings.issuer,
      aud: settings.audience,
    });
  } catch {
    return null;
  }
  const { sub, role, ver, sid, amr, typ, iat, exp, iss, aud } = payload;
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
  };
}

/** An opaque 256-bit refresh token; only its SHA-256 digest is stored. */
export function generateRefreshToken(): string {
  return toBase64Url(randomBytes(REFRESH_TOKEN_BYTES));
}

export function refreshTokenDigest(token: string): Promise<string> {
  return sha256Hex(token);
}
