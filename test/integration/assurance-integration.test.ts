import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { totpCode } from "../../src/crypto/totp";
import { authorizeForService } from "../../src/rpc/verify";
import {
  bindings,
  call,
  enableMfa,
  expectProblem,
  json,
  lastMail,
  mailsTo,
  makeAdmin,
  PASSWORD,
  runScheduled,
  type Session,
  verifiedUser,
} from "../helpers/api";
import { SoftwareAuthenticator } from "../helpers/authenticator";
import { bystandersMayChange } from "../helpers/bystanders";
import { accept, createShop, invitationToken, invite, member } from "../helpers/shops";

// SPEC Part 4, "What a proof permits": each defect the black-box run of issue 33 found, as a test
// that failed on main before the fix (83302d3), plus the race each rule must survive.

const bearer = (s: { session: Session }) => s.session.access_token;
const strict = bindings({ ADMIN_MFA_REQUIRED: "on" });

async function row<T>(query: string, ...params: unknown[]): Promise<T | null> {
  return env.DB.prepare(query)
    .bind(...params)
    .first<T>();
}

async function count(query: string, ...params: unknown[]): Promise<number> {
  return (await row<{ n: number }>(query, ...params))?.n ?? 0;
}

/** Registration options after the step-up proof, then the passkey: the full ceremony. */
async function addPasskey(token: string, authenticator: SoftwareAuthenticator, name = "Key") {
  const options = await call("POST", "/v1/users/me/passkeys/options", {
    token,
    body: { password: PASSWORD },
  });
  expect(options.status).toBe(200);
  const response = await authenticator.create(await json(options));
  const added = await call("POST", "/v1/users/me/passkeys", { token, body: { name, response } });
  expect(added.status).toBe(201);
  return json<{ id: string }>(added);
}

async function passkeySignIn(authenticator: SoftwareAuthenticator, tweak = {}) {
  const options = await json<{ challenge: string }>(await call("POST", "/v1/auth/passkey/options"));
  return call("POST", "/v1/auth/passkey/verify", {
    body: { response: await authenticator.get(options, undefined, tweak) },
  });
}

describe("a bare access token never binds a factor", () => {
  it("passkey registration options need the password: none → 401, wrong → 401, and no challenge is stored", async () => {
    const user = await verifiedUser("bare-token");
    const token = bearer(user);
    const noProof = await call("POST", "/v1/users/me/passkeys/options", { token, body: {} });
    await expectProblem(noProof, 401, "invalid_credentials");
    const bare = await call("POST", "/v1/users/me/passkeys/options", { token });
    expect(bare.status).not.toBe(200);
    await expectProblem(
      await call("POST", "/v1/users/me/passkeys/options", {
        token,
        body: { password: "not-the-password" },
      }),
      401,
      "invalid_credentials",
    );
    expect(
      await count(
        "SELECT COUNT(*) AS n FROM webauthn_challenges WHERE user_id = ?",
        user.session.user.id,
      ),
    ).toBe(0);
    expect(
      await count("SELECT COUNT(*) AS n FROM passkeys WHERE user_id = ?", user.session.user.id),
    ).toBe(0);
  });

  it("with the password the ceremony completes, and the notice names the passkey and how to remove it", async () => {
    const user = await verifiedUser("step-up");
    await addPasskey(bearer(user), new SoftwareAuthenticator(), "Kitchen tablet");
    const notice = lastMail(user.email, "passkey_added");
    expect(notice).toMatchObject({ passkey_name: "Kitchen tablet" });
  });
});

describe("a passkey counts as two factors only when the authenticator verified the user", () => {
  it("an assertion without the UV flag is 400 with a clear detail and starts no session", async () => {
    const user = await verifiedUser("no-uv");
    const authenticator = new SoftwareAuthenticator();
    await addPasskey(bearer(user), authenticator);
    const refused = await passkeySignIn(authenticator, { uv: false });
    const problem = await expectProblem(refused, 400, "invalid_code");
    expect(problem.detail).toMatch(/user verification/i);
    expect(
      await count(
        "SELECT COUNT(*) AS n FROM sessions WHERE user_id = ? AND amr LIKE '%hwk%'",
        user.session.user.id,
      ),
    ).toBe(0);
    const session = await json<Session>(await passkeySignIn(authenticator));
    expect(session.access_token).toBeTruthy();
  });

  it("a registration without user verification is refused too", async () => {
    const user = await verifiedUser("no-uv-reg");
    const options = await json(
      await call("POST", "/v1/users/me/passkeys/options", {
        token: bearer(user),
        body: { password: PASSWORD },
      }),
    );
    const response = await new SoftwareAuthenticator().create(options as never, "ES256", {
      uv: false,
    });
    const refused = await call("POST", "/v1/users/me/passkeys", {
      token: bearer(user),
      body: { response },
    });
    expect((await expectProblem(refused, 400, "invalid_code")).detail).toMatch(/verif/i);
  });
});

describe("admin power is one rule: the role and, with ADMIN_MFA_REQUIRED=on, an aal2 session", () => {
  it("a password-only admin session makes no key, no owner invitation, no rename, lists no keys; authorize() denies it", async () => {
    const shop = await createShop("strict");
    const admin = await makeAdmin("pwd-only-admin");
    const token = bearer(admin);
    await expectProblem(
      await call("POST", `/v1/shops/${shop.id}/api-keys`, {
        token,
        env: strict,
        body: { name: "Forever", scopes: ["till.open", "order.refund"] },
      }),
      403,
      "mfa_required",
    );
    await expectProblem(
      await call("POST", `/v1/shops/${shop.id}/invitations`, {
        token,
        env: strict,
        body: { email: "owner-to-be@example.com", role: "owner" },
      }),
      403,
      "mfa_required",
    );
    await expectProblem(
      await call("PATCH", `/v1/shops/${shop.id}`, { token, env: strict, body: { name: "Mine" } }),
      403,
      "mfa_required",
    );
    await expectProblem(
      await call("GET", `/v1/shops/${shop.id}/api-keys`, { token, env: strict }),
      403,
      "mfa_required",
    );
    expect(await authorizeForService(strict, token, shop.id, "order.refund")).toEqual({
      allowed: false,
      role: null,
    });
    expect(await count("SELECT COUNT(*) AS n FROM api_keys WHERE shop_id = ?", shop.id)).toBe(0);
    expect(await count("SELECT COUNT(*) AS n FROM invitations WHERE shop_id = ?", shop.id)).toBe(0);
    expect(
      (await row<{ name: string }>("SELECT name FROM shops WHERE id = ?", shop.id))?.name,
    ).toBe(shop.name);

    // The same admin after a second factor: everything opens, and authorize() allows.
    const { secret } = await enableMfa(token);
    const login = await json<{ mfa_token: string }>(
      await call("POST", "/v1/auth/login", { body: { email: admin.email, password: PASSWORD } }),
    );
    const strong = await json<Session>(
      await call("POST", "/v1/auth/mfa/verify", {
        body: { mfa_token: login.mfa_token, code: totpCode(secret, Date.now() + 30_000) },
      }),
    );
    const made = await call("POST", `/v1/shops/${shop.id}/api-keys`, {
      token: strong.access_token,
      env: strict,
      body: { name: "Till", scopes: ["till.open"] },
    });
    expect(made.status).toBe(201);
    expect(await authorizeForService(strict, strong.access_token, shop.id, "order.refund")).toEqual(
      { allowed: true, role: null },
    );
  });

  it("an admin who is also a shop's owner still acts as that owner with a password-only session", async () => {
    const shop = await createShop("strict-owner");
    const owner = await member(shop, "owner");
    await env.DB.prepare("UPDATE users SET role = 'admin' WHERE id = ?").bind(owner.id).run();
    const renamed = await call("PATCH", `/v1/shops/${shop.id}`, {
      token: bearer(owner),
      env: strict,
      body: { name: "Owner's own" },
    });
    // The role change did not move the token version here (done by hand): the owner's token works.
    expect(renamed.status).toBe(200);
  });
});

describe("a till key dies with its maker's power", () => {
  async function keyOf(maker: { session: Session }, shopId: string) {
    const made = await call("POST", `/v1/shops/${shopId}/api-keys`, {
      token: bearer(maker),
      body: { name: "Till by maker", scopes: ["till.open"] },
    });
    expect(made.status).toBe(201);
    return json<{ id: string; key: string }>(made);
  }
  const self = (key: string) =>
    call("GET", "/v1/api-keys/self", { headers: { Authorization: `Bearer ${key}` } });

  it("removed, demoted to barista, banned: the maker's keys stop, audited, the owners are mailed", async () => {
    const shop = await createShop("orphans");
    const owner = await member(shop, "owner");
    const admin = await makeAdmin("orphan-admin");
    for (const end of ["remove", "demote", "ban"] as const) {
      const manager = await member(shop, "manager", `orphan-${end}`);
      const key = await keyOf(manager, shop.id);
      const otherShop = await createShop("bystander-shop");
      expect((await self(key.key)).status).toBe(200);
      const before = mailsTo(owner.email).filter((m) => m.kind === "api_keys_revoked").length;
      if (end === "remove") {
        const removed = await call("DELETE", `/v1/shops/${shop.id}/members/${manager.id}`, {
          token: bearer(owner),
        });
        expect(removed.status).toBe(204);
      } else if (end === "demote") {
        const demoted = await call("PATCH", `/v1/shops/${shop.id}/members/${manager.id}`, {
          token: bearer(owner),
          body: { role: "barista" },
        });
        expect(demoted.status).toBe(200);
      } else {
        const banned = await call("POST", `/v1/users/${manager.id}/ban`, {
          token: bearer(admin),
          body: { reason: "test" },
        });
        expect(banned.status).toBe(200);
      }
      await expectProblem(await self(key.key), 401, "invalid_token");
      const audit = await row<{ data: string }>(
        "SELECT data FROM audit_events WHERE type = 'key.revoke' AND target_id = ?",
        manager.id,
      );
      expect(JSON.parse(audit?.data ?? "{}")).toMatchObject({
        reason: "maker_lost_power",
        keys: [{ key_id: key.id, shop_id: shop.id }],
      });
      const mails = mailsTo(owner.email).filter((m) => m.kind === "api_keys_revoked");
      expect(mails.length).toBe(before + 1);
      expect(mails.at(-1)).toMatchObject({ keys: ["Till by maker"] });
      expect(otherShop.id).not.toBe(shop.id);
    }
  });

  it("a key that an admin made stops when the maker is no longer an admin; a manager's promotion keeps theirs", async () => {
    const shop = await createShop("admin-keys");
    const root = await makeAdmin("root");
    const maker = await makeAdmin("key-maker");
    const key = await keyOf(maker, shop.id);
    const manager = await member(shop, "manager", "promoted");
    const kept = await keyOf(manager, shop.id);
    const promoted = await call("PATCH", `/v1/shops/${shop.id}/members/${manager.id}`, {
      token: bearer(root),
      body: { role: "owner" },
    });
    expect(promoted.status).toBe(200);
    const demoted = await call("PATCH", `/v1/users/${maker.session.user.id}`, {
      token: bearer(root),
      body: { role: "user" },
    });
    expect(demoted.status).toBe(200);
    await expectProblem(await self(key.key), 401, "invalid_token");
    expect((await self(kept.key)).status).toBe(200);
  });

  it("a key made while its maker is being demoted: either it is refused or it is revoked — never a live key", async () => {
    const shop = await createShop("race-demote");
    const owner = await member(shop, "owner");
    for (let round = 0; round < 3; round += 1) {
      const manager = await member(shop, "manager", `race-${round}`);
      const [made, demoted] = await Promise.all([
        call("POST", `/v1/shops/${shop.id}/api-keys`, {
          token: bearer(manager),
          body: { name: "Racing till", scopes: ["till.open"] },
        }),
        call("PATCH", `/v1/shops/${shop.id}/members/${manager.id}`, {
          token: bearer(owner),
          body: { role: "barista" },
        }),
      ]);
      expect(demoted.status).toBe(200);
      expect([201, 401, 403]).toContain(made.status);
      expect(
        await count(
          "SELECT COUNT(*) AS n FROM api_keys WHERE created_by = ? AND revoked_at IS NULL",
          manager.id,
        ),
      ).toBe(0);
    }
  });
});

describe("invitations: the rank rule for the pending invitation, and one mail a minute per address", () => {
  it("a manager cannot rewrite an admin's owner invitation into a barista one", async () => {
    const shop = await createShop("rewrite");
    const manager = await member(shop, "manager");
    const admin = await makeAdmin("inviting-admin");
    const email = "future-owner@example.com";
    expect((await invite(bearer(admin), shop.id, email, "owner")).status).toBe(202);
    await env.DB.prepare("UPDATE invitations SET sent_at = ? WHERE shop_id = ? AND email = ?")
      .bind(new Date(Date.now() - 120_000).toISOString(), shop.id, email)
      .run();
    await expectProblem(await invite(bearer(manager), shop.id, email, "barista"), 403, "forbidden");
    const pending = await row<{ role: string }>(
      "SELECT role FROM invitations WHERE shop_id = ? AND email = ? AND revoked_at IS NULL",
      shop.id,
      email,
    );
    expect(pending?.role).toBe("owner");
  });

  it("invite → revoke → invite → revoke → invite within seconds: one mail, then 429 with Retry-After", async () => {
    const shop = await createShop("loop");
    const manager = await member(shop, "manager", "looper");
    const email = "victim@example.com";
    const first = await json<{ id: string }>(
      await invite(bearer(manager), shop.id, email, "barista"),
    );
    const revoked = await call("DELETE", `/v1/shops/${shop.id}/invitations/${first.id}`, {
      token: bearer(manager),
    });
    expect(revoked.status).toBe(204);
    const again = await invite(bearer(manager), shop.id, email, "barista");
    await expectProblem(again, 429, "rate_limited");
    expect(Number(again.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(mailsTo(email).filter((m) => m.kind === "shop_invitation")).toHaveLength(1);
  });

  it("an invitation re-sent while it is revoked: at most one pending, at most one mail, no 5xx", async () => {
    const shop = await createShop("resend-revoke");
    const owner = await member(shop, "owner");
    const email = "raced@example.com";
    const first = await json<{ id: string }>(
      await invite(bearer(owner), shop.id, email, "barista"),
    );
    await env.DB.prepare("UPDATE invitations SET sent_at = ? WHERE id = ?")
      .bind(new Date(Date.now() - 120_000).toISOString(), first.id)
      .run();
    const answers = await Promise.all([
      invite(bearer(owner), shop.id, email, "manager"),
      call("DELETE", `/v1/shops/${shop.id}/invitations/${first.id}`, { token: bearer(owner) }),
      invite(bearer(owner), shop.id, email, "barista"),
    ]);
    expect(answers.every((a) => a.status < 500)).toBe(true);
    expect(
      await count(
        "SELECT COUNT(*) AS n FROM invitations WHERE shop_id = ? AND email = ? AND revoked_at IS NULL AND accepted_at IS NULL",
        shop.id,
        email,
      ),
    ).toBeLessThanOrEqual(1);
    expect(mailsTo(email).filter((m) => m.kind === "shop_invitation").length).toBeLessThanOrEqual(
      2,
    );
    expect(
      await count(
        "SELECT COUNT(*) AS n FROM invitations WHERE shop_id = ? AND email = ? AND sent_at > ?",
        shop.id,
        email,
        new Date(Date.now() - 60_000).toISOString(),
      ),
    ).toBeLessThanOrEqual(1);
  });

  it("each inviter has a rate limit of their own", async () => {
    const shop = await createShop("spray");
    const manager = await member(shop, "manager", "sprayer");
    const answers: number[] = [];
    // 30 a minute; the window is a fixed minute, so 61 fast tries meet a 429 even across its edge.
    for (let i = 0; i < 61; i += 1) {
      answers.push(
        (await invite(bearer(manager), shop.id, `spray-${i}@example.com`, "barista")).status,
      );
    }
    expect(answers.filter((s) => s === 202).length).toBeLessThanOrEqual(60);
    expect(answers).toContain(429);
  });
});

describe("the admin's MFA reset removes every second factor, passkeys included", () => {
  it("TOTP, recovery codes and passkeys go; the user is told", async () => {
    const user = await verifiedUser("reset-all");
    await enableMfa(bearer(user));
    await addPasskey(bearer(user), new SoftwareAuthenticator());
    const admin = await makeAdmin("resetter");
    const reset = await call("DELETE", `/v1/users/${user.session.user.id}/mfa`, {
      token: bearer(admin),
    });
    expect(reset.status).toBe(204);
    expect(
      await count("SELECT COUNT(*) AS n FROM passkeys WHERE user_id = ?", user.session.user.id),
    ).toBe(0);
    expect(
      await row("SELECT mfa_enabled_at FROM users WHERE id = ?", user.session.user.id),
    ).toEqual({ mfa_enabled_at: null });
    expect(lastMail(user.email, "mfa_reset_by_admin")).toBeTruthy();
  });

  it("a user with only a passkey is reset too", async () => {
    const user = await verifiedUser("passkey-only");
    await addPasskey(bearer(user), new SoftwareAuthenticator());
    const admin = await makeAdmin("resetter-2");
    expect(
      (await call("DELETE", `/v1/users/${user.session.user.id}/mfa`, { token: bearer(admin) }))
        .status,
    ).toBe(204);
    expect(
      await count("SELECT COUNT(*) AS n FROM passkeys WHERE user_id = ?", user.session.user.id),
    ).toBe(0);
  });
});

describe("the last strong factor survives racing removals", () => {
  it("two removals of the last two passkeys at once, without the password: one passkey stays", async () => {
    const user = await verifiedUser("two-keys");
    const a = await addPasskey(bearer(user), new SoftwareAuthenticator(), "A");
    const b = await addPasskey(bearer(user), new SoftwareAuthenticator(), "B");
    const answers = await Promise.all(
      [a.id, b.id].map((id) =>
        call("DELETE", `/v1/users/me/passkeys/${id}`, { token: bearer(user), body: {} }),
      ),
    );
    expect(answers.map((r) => r.status).sort()).toEqual([204, 403]);
    expect(
      await count("SELECT COUNT(*) AS n FROM passkeys WHERE user_id = ?", user.session.user.id),
    ).toBe(1);
  });
});

describe("small things a new user noticed", () => {
  it("a till key sent to a person's route is told it is a key, not a person's token", async () => {
    const problem = await expectProblem(
      await call("GET", "/v1/users/me", {
        headers: { Authorization: `Bearer csk_${"a".repeat(43)}` },
      }),
      401,
      "invalid_token",
    );
    expect(problem.detail).toMatch(/API key/);
  });

  it("the nightly job purges expired WebAuthn challenges, invitations and idle console sessions", async () => {
    bystandersMayChange("the purge runs 8 days ahead, past every bystander's codes");
    for (let i = 0; i < 3; i += 1) {
      expect((await call("POST", "/v1/auth/passkey/options")).status).toBe(200);
    }
    const shop = await createShop("purge-invites");
    const owner = await member(shop, "owner", "purge-owner");
    expect((await invite(bearer(owner), shop.id, "old@example.com", "barista")).status).toBe(202);
    expect(await count("SELECT COUNT(*) AS n FROM webauthn_challenges")).toBeGreaterThan(0);
    await runScheduled("0 3 * * *", new Date(Date.now() + 8 * 86_400_000));
    expect(
      await count(
        "SELECT COUNT(*) AS n FROM webauthn_challenges WHERE expires_at < ?",
        new Date(Date.now() + 8 * 86_400_000).toISOString(),
      ),
    ).toBe(0);
    expect(
      await count("SELECT COUNT(*) AS n FROM invitations WHERE email = 'old@example.com'"),
    ).toBe(0);
  });
});

describe("accepting still works after the mail-window change", () => {
  it("an invitee accepts the one mailed token", async () => {
    const shop = await createShop("accept-ok");
    const invitee = await verifiedUser("accepting");
    const admin = await makeAdmin("accept-admin");
    expect((await invite(bearer(admin), shop.id, invitee.email, "barista")).status).toBe(202);
    const accepted = await accept(bearer(invitee), invitationToken(invitee.email));
    expect(accepted.status).toBe(200);
  });
});
