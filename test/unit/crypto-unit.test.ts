import { describe, expect, it } from "vitest";
import commonPasswordList from "../../assets/internal/common-passwords.txt";
import { CODE_DIGITS, codeDigest, generateCode, UNBIASED_LIMIT } from "../../src/crypto/codes";
import {
  hashPassword,
  KEY_BYTES,
  PBKDF2_ITERATIONS,
  SALT_BYTES,
  verifyPassword,
} from "../../src/crypto/password";
import { passwordProblem as check, parsePasswordList } from "../../src/crypto/password-policy";

const commonPasswords = () => parsePasswordList(commonPasswordList);
const passwordProblem = (password: string, email: string, min: number) =>
  check(password, email, min, commonPasswords());

describe("password hashing", () => {
  it("pins PBKDF2 at 100 000 iterations, the Workers production maximum", () => {
    // Local workerd accepts more, production rejects every login above this: keep it pinned.
    expect(PBKDF2_ITERATIONS).toBe(100_000);
    expect(SALT_BYTES).toBe(16);
    expect(KEY_BYTES).toBe(32);
  });

  it("stores a self-describing pbkdf2-sha256$iterations$salt$hash string", async () => {
    const hash = await hashPassword("correct horse battery staple");
    const [scheme, iterations, salt, key] = hash.split("$");
    expect(scheme).toBe("pbkdf2-sha256");
    expect(iterations).toBe("100000");
    expect(atob(salt ?? "")).toHaveLength(16);
    expect(atob(key ?? "")).toHaveLength(32);
  });

  it("salts every hash and verifies only the right password", async () => {
    const [a, b] = [await hashPassword("same password"), await hashPassword("same password")];
    expect(a).not.toBe(b);
    expect(await verifyPassword("same password", a)).toEqual({ ok: true, needsRehash: false });
    expect((await verifyPassword("same passwore", a)).ok).toBe(false);
  });

  it("a pepper keys the hash: without it the password does not verify", async () => {
    const hash = await hashPassword("peppered password", "pepper-secret-value");
    expect((await verifyPassword("peppered password", hash, "pepper-secret-value")).ok).toBe(true);
    expect((await verifyPassword("peppered password", hash)).ok).toBe(false);
    expect((await verifyPassword("peppered password", hash, "another-pepper")).ok).toBe(false);
  });

  it("refuses malformed hashes and counts above the production cap", async () => {
    const good = await hashPassword("p4ssword-long");
    expect((await verifyPassword("p4ssword-long", "garbage")).ok).toBe(false);
    expect((await verifyPassword("p4ssword-long", good.replace("$100000$", "$200000$"))).ok).toBe(
      false,
    );
  });
});

describe("verification codes", () => {
  it("are 6 digits, zero-padded", () => {
    for (let i = 0; i < 1000; i++)
      expect(generateCode()).toMatch(new RegExp(`^\\d{${CODE_DIGITS}}$`));
  });

  it("are unbiased: the accepted draws are a whole number of rounds over the 10^6 codes", () => {
    // Every accepted 32-bit draw v < UNBIASED_LIMIT maps to v mod 10^6: since the limit is a
    // multiple of 10^6, each code has exactly UNBIASED_LIMIT / 10^6 preimages — uniform.
    expect(UNBIASED_LIMIT % 1_000_000).toBe(0);
    // And it is the largest such multiple, so at most 10^6 − 1 of 2^32 draws are rejected.
    expect(UNBIASED_LIMIT).toBeLessThanOrEqual(2 ** 32);
    expect(2 ** 32 - UNBIASED_LIMIT).toBeLessThan(1_000_000);
  });

  it("redraw every value at or above the limit instead of folding it onto small codes", () => {
    const draws = [2 ** 32 - 1, UNBIASED_LIMIT, UNBIASED_LIMIT - 1];
    const source = (buffer: Uint32Array) => {
      buffer[0] = draws.shift() ?? 0;
      return buffer;
    };
    // The first two would be 967295 and 000000 under a plain modulo; both are redrawn.
    expect(generateCode(source)).toBe(String((UNBIASED_LIMIT - 1) % 1_000_000).padStart(6, "0"));
    expect(draws).toEqual([]);
    const seven = (buffer: Uint32Array) => {
      buffer[0] = 7;
      return buffer;
    };
    expect(generateCode(seven)).toBe("000007");
  });

  it("digests depend on the purpose and the code's row, so codes are purpose- and owner-bound", async () => {
    const secret = "code-secret-code-secret-code-secret!";
    const base = await codeDigest(secret, "verify_email", "code-1", "123456");
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(await codeDigest(secret, "reset_password", "code-1", "123456")).not.toBe(base);
    expect(await codeDigest(secret, "verify_email", "code-2", "123456")).not.toBe(base);
    expect(await codeDigest(secret, "verify_email", "code-1", "123456")).toBe(base);
    expect(await codeDigest(`${secret}x`, "verify_email", "code-1", "123456")).not.toBe(base);
  });
});

describe("password policy", () => {
  it("bundles at least 10 000 common passwords", () => {
    expect(commonPasswords().size).toBeGreaterThanOrEqual(10_000);
    expect(commonPasswordList.split("\n").length).toBeGreaterThan(10_000);
  });

  it("refuses by length in code points, commonness and the email, and accepts the rest", () => {
    expect(passwordProblem("1234567", "a@b.co", 8)).toMatch(/at least 8/);
    expect(passwordProblem("x".repeat(129), "a@b.co", 8)).toMatch(/at most 128/);
    expect(passwordProblem(`${"x".repeat(128)}`, "a@b.co", 8)).toBeNull();
    expect(passwordProblem("sunshine1", "a@b.co", 8)).toMatch(/common/);
    expect(passwordProblem("ada@example.com", "ada@example.com", 8)).toMatch(/email/);
    expect(passwordProblem("a perfectly fine phrase", "a@b.co", 8)).toBeNull();
    expect(passwordProblem("twelve-chars", "a@b.co", 16)).toMatch(/at least 16/);
  });
});
