import { describe, expect, it } from "vitest";
import type { AuthMethod } from "../../src/lib/domain";
import {
  adminPower,
  assuranceLevel,
  consoleAccess,
  inGoodStanding,
  recentSignIn,
} from "../../src/security/assurance";

// The assurance policy as a table: each proof, what it is worth, and what it opens.
const standing = {
  role: "user" as const,
  status: "verified" as const,
  bannedAt: null,
  bannedUntil: null,
};

describe("what a proof is worth", () => {
  const cases: [AuthMethod[], "aal1" | "aal2"][] = [
    [["pwd"], "aal1"],
    [["email"], "aal1"],
    [["otp"], "aal1"],
    [["hwk", "user"], "aal1"], // a passkey session from before user verification was required
    [["pwd", "otp"], "aal2"],
    [["pwd", "recovery"], "aal2"],
    [["email", "otp"], "aal2"],
    [["hwk", "user", "mfa"], "aal2"],
    [["pwd", "sms"], "aal2"], // a restricted second factor: aal2 for the account's own use
    [["sms"], "aal1"],
  ];
  for (const [amr, level] of cases) {
    it(`${JSON.stringify(amr)} is ${level}`, () => expect(assuranceLevel(amr)).toBe(level));
  }
});

describe("admin power is the role and, with ADMIN_MFA_REQUIRED=on, an aal2 session", () => {
  it("decides from the role and the proof", () => {
    const strict = { adminMfaRequired: true };
    const lax = { adminMfaRequired: false };
    expect(adminPower({ role: "user" }, { amr: ["pwd", "otp"] }, strict)).toBe("none");
    expect(adminPower({ role: "admin" }, { amr: ["pwd"] }, lax)).toBe("granted");
    expect(adminPower({ role: "admin" }, { amr: ["pwd"] }, strict)).toBe("mfa_required");
    expect(adminPower({ role: "admin" }, { amr: ["hwk", "user"] }, strict)).toBe("mfa_required");
    expect(adminPower({ role: "admin" }, { amr: ["hwk", "user", "mfa"] }, strict)).toBe("granted");
    // A texted code is restricted (NIST SP 800-63B-4 §3.1.3.3): never admin power, never the console.
    expect(adminPower({ role: "admin" }, { amr: ["pwd", "sms"] }, strict)).toBe("mfa_required");
    expect(adminPower({ role: "admin" }, { amr: ["pwd", "sms"] }, lax)).toBe("granted");
    const standing = {
      role: "admin" as const,
      status: "verified" as const,
      bannedAt: null,
      bannedUntil: null,
    };
    expect(consoleAccess(standing, { amr: ["pwd", "sms"] }, false)).toBe("needs_second_factor");
  });
});

describe("standing, recent sign-in and the console", () => {
  const now = new Date("2026-12-07T12:00:00.000Z");
  it("a ban in force or a pending status is not good standing; an ended ban is", () => {
    expect(inGoodStanding(standing, now)).toBe(true);
    expect(inGoodStanding({ ...standing, status: "pending" }, now)).toBe(false);
    expect(inGoodStanding({ ...standing, bannedAt: "2026-12-01T00:00:00.000Z" }, now)).toBe(false);
    expect(
      inGoodStanding(
        {
          ...standing,
          bannedAt: "2026-12-01T00:00:00.000Z",
          bannedUntil: "2026-12-02T00:00:00.000Z",
        },
        now,
      ),
    ).toBe(true);
  });
  it("a sign-in is recent for five minutes", () => {
    expect(recentSignIn({ authTime: "2026-12-07T11:56:00.000Z" }, now)).toBe(true);
    expect(recentSignIn({ authTime: "2026-12-07T11:54:59.000Z" }, now)).toBe(false);
  });
  it("the console opens to a two-factor session of an admin or a shop manager in good standing", () => {
    const aal2 = { amr: ["pwd", "otp"] as AuthMethod[] };
    expect(consoleAccess({ ...standing, role: "admin" }, aal2, false, now)).toBe("open");
    expect(consoleAccess(standing, aal2, true, now)).toBe("open");
    expect(consoleAccess(standing, aal2, false, now)).toBe("not_staff");
    expect(consoleAccess({ ...standing, role: "admin" }, { amr: ["pwd"] }, false, now)).toBe(
      "needs_second_factor",
    );
    expect(consoleAccess({ ...standing, role: "admin", status: "pending" }, aal2, false, now)).toBe(
      "not_in_good_standing",
    );
  });
});
