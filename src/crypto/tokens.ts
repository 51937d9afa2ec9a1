import { sign, verify } from "hono/jwt";
import type { Role } from "../lib/domain";
import { randomBytes, sha256Hex, toBase64Url } from "./encoding";

export const ACCESS_TOKEN_ALG = "HS256";
export const REFRESH_TOKEN_BYTES = 32;

export interface AccessClaims {
  sub: string;
  role: Role;
  ver: number;
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

export async function signAccessToken(
  settings: AccessTokenSettings,
  user: { id: string; role: Role; tokenVersion: number },
  now = Date.now(),
): Promise<string> {
  const iat = Math.floor(now / 1000);
  const claims: AccessClaims = {
    sub: user.id,
    role: user.role,
    ver: user.tokenVersion,
    typ: "access",
    iat,
    exp: iat + settings.ttlSeconds,
    iss: settings.issuer,
    aud: settings.audience,
  };
  return sign({ ...claims }, settings.secret, ACCESS_TOKEN_ALG);
}

/**
 * Verifies signature (HS256 only — `alg: none` and every other algorithm are refused), expiry,
 * issuer and audience, then insists on what hono/jwt leaves optional: `exp`, `typ: "access"`,
 * a string `sub` and an integer `ver`. Returns null for anything else.
 */
export async function verifyAccessToken(
  settings: AccessTokenSettings,
  token: string,
): Promise<AccessClaims | null> {
  let payload: Record<string, unknown>;
  try {
    payload = await verify(token, settings.secret, {
      alg: ACCESS_TOKEN_ALG,
      iss: settings.issuer,
      aud: settings.audience,
    });
  } catch {
    return null;
  }
  const { sub, role, ver, typ, iat, exp, iss, aud } = payload;
  if (typeof exp !== "number" || typeof iat !== "number") return null;
  if (typ !== "access" || typeof sub !== "string" || !Number.isInteger(ver)) return null;
  if (role !== "user" && role !== "admin") return null;
  return {
    sub,
    role,
    ver: ver as number,
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
