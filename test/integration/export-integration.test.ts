import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import {
  bindings,
  call,
  enableMfa,
  expectProblem,
  json,
  makeAdmin,
  PASSWORD,
  type Session,
  verifiedUser,
} from "../helpers/api";
import { countingD1 } from "../helpers/d1";
import { createShop, member } from "../helpers/shops";

/** GET /v1/users/me/export (docs/export.md): all that is held about the caller, no secret. */

interface Export {
  exported_at: string;
  profile: Record<string, unknown> & { mfa: { recovery_codes_left: number } };
  sessions: { id: string; ip: string | null; ended_at: string | null }[];
  memberships: { shop: { id: string; name: string }; role: string }[];
  audit_events: { type: string; by: string; about: string | null; ip: string | null }[];
  [key: string]: unknown;
}

describe("GET /v1/users/me/export", () => {
  it("holds the profile, sessions, MFA state, memberships and audit trail — and no secret", async () => {
    const shop = await createShop("export-shop", "Export Roasters");
    const person = await member(shop, "barista", "exported");
    const second = await call("POST", "/v1/auth/login", {
      body: { email: person.email, password: PASSWORD },
      ip: "203.0.113.7",
    });
    expect(second.status).toBe(200);
    const { secret } = await enableMfa(person.session.access_token);
    const admin = await makeAdmin("export-admin");
    await call("POST", `/v1/users/${person.id}/ban`, {
      token: admin.session.access_token,
      body: { reason: "testing the export", until: new Date(Date.now() + 60_000).toISOString() },
      ip: "198.18.0.9",
    });

    // A ban ends sessions: the export is asked with a fresh sign-in after it lapses.
    await env.DB.prepare("UPDATE users SET banned_until = ? WHERE id = ?")
      .bind(new Date(Date.now() - 1000).toISOString(), person.id)
      .run();
    const mfaStart = await json<{ mfa_token: string }>(
      await call("POST", "/v1/auth/login", { body: { email: person.email, password: PASSWORD } }),
    );
    const { totpCode } = await import("../../src/crypto/totp");
    const signedIn = await json<Session>(
      await call("POST", "/v1/auth/mfa/verify", {
        body: { mfa_token: mfaStart.mfa_token, code: totpCode(secret, Date.now() + 30_000) },
      }),
    );

    const response = await call("GET", "/v1/users/me/export", { token: signedIn.access_token });
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const text = await response.text();
    const data = JSON.parse(text) as Export;
    expect(data.profile).toMatchObject({
      id: person.id,
      email: person.email,
      status: "verified",
      has_password: true,
      ban: { reason: "testing the export" },
    });
    expect(data.profile.mfa.recovery_codes_left).toBe(10);
    expect(data.sessions.map((s) => s.ip)).toContain("203.0.113.7");
    expect(data.memberships).toMatchObject([
      { shop: { id: shop.id, name: "Export Roasters" }, role: "barista" },
    ]);
    expect(data.consents).toEqual([]);
    const types = data.audit_events.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(["signup", "verify", "mfa.enable", "admin.ban"]));
    // Another person's action: who they are and where from is theirs, not the caller's.
    const ban = data.audit_events.find((e) => e.type === "admin.ban");
    expect(ban).toMatchObject({ by: "someone else", about: "you", ip: null });
    expect(text).not.toContain(admin.email);
    expect(text).not.toContain(admin.session.user.id);

    // Nothing secret: compare with every secret value D1 holds for the account.
    const row = await env.DB.prepare("SELECT password_hash, totp_secret FROM users WHERE id = ?")
      .bind(person.id)
      .first<{ password_hash: string; totp_secret: string }>();
    const digests = await env.DB.prepare(
      "SELECT token_digest AS d FROM refresh_tokens WHERE user_id = ? UNION ALL SELECT code_digest FROM recovery_codes WHERE user_id = ?",
    )
      .bind(person.id, person.id)
      .all<{ d: string }>();
    for (const value of [
      row?.password_hash,
      row?.totp_secret,
      secret,
      PASSWORD,
      signedIn.refresh_token,
      signedIn.access_token,
      ...digests.results.map((r) => r.d),
    ]) {
      expect(value && text.includes(value), "a secret in the export").toBeFalsy();
    }
    expect(text).not.toMatch(
      /"(password_hash|totp_secret|token_digest|code_digest|key_digest|public_key)"/,
    );
  });

  it("one an hour: three at once make one document; the others get 429 with Retry-After", async () => {
    const user = await verifiedUser("export-race");
    const answers = await Promise.all(
      [1, 2, 3].map(() => call("GET", "/v1/users/me/export", { token: user.session.access_token })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 429, 429]);
    const refused = answers.find((a) => a.status === 429);
    const wait = Number(refused?.headers.get("Retry-After"));
    expect(wait).toBeGreaterThan(3500);
    expect(wait).toBeLessThanOrEqual(3600);
    await expectProblem(
      await call("GET", "/v1/users/me/export", { token: user.session.access_token }),
      429,
      "rate_limited",
    );
    // An hour on, it may be asked again.
    await env.DB.prepare("UPDATE users SET exported_at = ? WHERE id = ?")
      .bind(new Date(Date.now() - 3_601_000).toISOString(), user.session.user.id)
      .run();
    expect(
      (await call("GET", "/v1/users/me/export", { token: user.session.access_token })).status,
    ).toBe(200);
  });

  it("needs a live session, and costs three D1 round trips (the caller, the slot, the data)", async () => {
    await expectProblem(await call("GET", "/v1/users/me/export"), 401, "unauthorized");
    const user = await verifiedUser("export-trips");
    const d1 = countingD1(env.DB);
    const response = await call("GET", "/v1/users/me/export", {
      token: user.session.access_token,
      env: bindings({ DB: d1.binding }),
    });
    expect(response.status).toBe(200);
    expect(d1.calls).toBe(3);
  });
});
