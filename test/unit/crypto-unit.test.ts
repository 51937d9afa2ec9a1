import { describe, expect, it } from "vitest";
import { CODE_DIGITS, codeDigest, generateCode } from "../../src/crypto/codes";
import { commonPasswords } from "../../src/crypto/common-passwords";
import commonPasswordList from "../../src/crypto/common-passwords.txt";
import {
  hashPassword,
  KEY_BYTES,
  PBKDF2_ITERATIONS,
  SALT_BYTES,
  verifyPassword,
} from "../../src/crypto/password";
import { passwordProblem as check } from "../../src/crypto/password-policy";

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

  it("are uniform: every leading digit appears about equally often", () => {
    const draws = 50_000;
    const counts = new Array(10).fill(0);
    for (let i = 0; i < draws; i++) counts[Number(generateCode()[0])]++;
    // Chi-square with 9 degrees of freedom; 27.88 is the 0.1 % critical value.
    const expected = draws / 10;
    const chiSquare = counts.reduce((sum, n) => sum + (n - expected) ** 2 / expected, 0);
    expect(chiSquare).toBeLessThan(27.88);
  });

  it("digests depend on the purpose and the user, so codes are purpose- and user-bound", async () => {
    const secret = "code-secret-code-secret-code-secret!";
    const base = await codeDigest(secret, "verify_email", "user-1", "123456");
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(await codeDigest(secret, "reset_password", "user-1", "123456")).not.toBe(base);
    expect(await codeDigest(secret, "verify_email", "user-2", "123456")).not.toBe(base);
    expect(await codeDigest(secret, "verify_email", "user-1", "123456")).toBe(base);
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
