import { fromBase64, randomBytes, timingSafeEqual, toBase64, utf8 } from "./encoding";
import { hmacSha256 } from "./hmac";

/**
 * PBKDF2-HMAC-SHA256 password hashes, stored self-describing as
 * `pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>` so the parameters can change and old
 * hashes are upgraded at the next successful login.
 *
 * 100 000 iterations is the most the Workers runtime allows in production. Local workerd does
 * not enforce that cap, so a larger value would pass every local test and then fail every
 * login once deployed — a test pins this constant.
 */
export const PBKDF2_ITERATIONS = 100_000;
export const SALT_BYTES = 16;
export const KEY_BYTES = 32;
const SCHEME = "pbkdf2-sha256";

export interface PasswordCheck {
  ok: boolean;
  /** The hash was made with other parameters and should be replaced after a successful login. */
  needsRehash: boolean;
}

async function derive(
  password: string,
  salt: Uint8Array<ArrayBuffer>,
  iterations: number,
  pepper: string | undefined,
): Promise<Uint8Array<ArrayBuffer>> {
  // With a pepper, the password is first keyed by HMAC-SHA256(pepper, password): a stolen
  // database alone is then not enough to test guesses.
  const input = pepper ? await hmacSha256(pepper, password) : utf8(password);
  const key = await crypto.subtle.importKey("raw", input, "PBKDF2", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits(
    { name: "PBKDF2", hash: "SHA-256", salt, iterations },
    key,
    KEY_BYTES * 8,
  );
  return new Uint8Array(bits);
}

export async function hashPassword(password: string, pepper?: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, PBKDF2_ITERATIONS, pepper);
  return `${SCHEME}$${PBKDF2_ITERATIONS}$${toBase64(salt)}$${toBase64(hash)}`;
}

interface ParsedHash {
  iterations: number;
  salt: Uint8Array<ArrayBuffer>;
  hash: Uint8Array<ArrayBuffer>;
}

function parseHash(stored: string): ParsedHash | null {
  const [scheme, iterations, salt, hash, ...rest] = stored.split("$");
  if (scheme !== SCHEME || rest.length > 0 || !iterations || !salt || !hash) return null;
  const count = Number(iterations);
  if (!Number.isInteger(count) || count < 1 || count > PBKDF2_ITERATIONS) return null;
  try {
    return { iterations: count, salt: fromBase64(salt), hash: fromBase64(hash) };
  } catch {
    return null;
  }
}

export async function verifyPassword(
  password: string,
  stored: string,
  pepper?: string,
): Promise<PasswordCheck> {
  const parsed = parseHash(stored);
  if (!parsed) {
    // Still spend the time of a real check so a corrupt row cannot be told apart by timing.
    await derive(password, randomBytes(SALT_BYTES), PBKDF2_ITERATIONS, pepper);
    return { ok: false, needsRehash: false };
  }
  const candidate = await derive(password, parsed.salt, parsed.iterations, pepper);
  const ok = timingSafeEqual(candidate, parsed.hash);
  const needsRehash =
    parsed.iterations !== PBKDF2_ITERATIONS ||
    parsed.salt.byteLength !== SALT_BYTES ||
    parsed.hash.byteLength !== KEY_BYTES;
  return { ok, needsRehash };
}

/**
 * For unknown emails: the same PBKDF2 work as a real check, so the response time does not
 * reveal whether an account exists.
 */
export async function burnPasswordCheck(password: string, pepper?: string): Promise<void> {
  await derive(password, randomBytes(SALT_BYTES), PBKDF2_ITERATIONS, pepper);
}

/** Checks a password against a stored hash, or — with none — spends the same time and fails. */
export async function checkPassword(
  password: string,
  stored: string | undefined,
  pepper?: string,
): Promise<PasswordCheck> {
  if (stored === undefined) {
    await burnPasswordCheck(password, pepper);
    return { ok: false, needsRehash: false };
  }
  return verifyPassword(password, stored, pepper);
}
