import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import {
  bindings,
  call,
  expectProblem,
  json,
  lastMail,
  makeAdmin,
  PASSWORD,
  type Session,
  verifiedUser,
} from "../helpers/api";
import { type Alg, SoftwareAuthenticator } from "../helpers/authenticator";
import { claimsOf } from "../helpers/shops";

interface Options {
  challenge: string;
  user: { id: string; name: string };
  rp: { id: string; name: string };
  pubKeyCredParams: { alg: number }[];
  excludeCredentials?: { id: string }[];
}

async function registrationOptions(token: string, password = PASSWORD): Promise<Options> {
  const response = await call("POST", "/v1/users/me/passkeys/options", {
    token,
    body: { password },
  });
  expect(response.status).toBe(200);
  return json<Options>(response);
}

/** A verified user with a passkey on a fresh software authenticator. */
async function withPasskey(label: string, alg: Alg = "ES256", counterStep = 1) {
  const user = await verifiedUser(label);
  const authenticator = new SoftwareAuthenticator();
  const options = await registrationOptions(user.session.access_token);
  const response = await authenticator.create(options, alg, { counterStep });
  const added = await call("POST", "/v1/users/me/passkeys", {
    token: user.session.access_token,
    body: { name: "Test key", response },
  });
  expect(added.status).toBe(201);
  return { ...user, authenticator, passkey: await json<{ id: string }>(added) };
}

async function signInOptions(): Promise<{ challenge: string }> {
  const response = await call("POST", "/v1/auth/passkey/options");
  expect(response.status).toBe(200);
  return json(response);
}

const signIn = (response: unknown, extra: object = {}) =>
  call("POST", "/v1/auth/passkey/verify", { body: { response, ...extra } });

describe("passkeys: register, then sign in without a password", () => {
  for (const alg of ["ES256", "EdDSA"] as const) {
    it(`${alg}: registration, a discoverable sign-in with amr hwk+user+mfa, a notice`, async () => {
      const user = await withPasskey(`passkey-${alg.toLowerCase()}`, alg);
      expect(lastMail(user.email, "passkey_added").kind).toBe("passkey_added");
      const options = await signInOptions();
      const assertion = await user.authenticator.get(options);
      const answer = await signIn(assertion);
      expect(answer.status).toBe(200);
      const session = await json<Session>(answer);
      expect(session.user.email).toBe(user.email);
      expect(claimsOf(session.access_token).amr).toEqual(["hwk", "user", "mfa"]);
      const listed = await json<{ items: Record<string, unknown>[] }>(
        await call("GET", "/v1/users/me/passkeys", { token: session.access_token }),
      );
      expect(listed.items).toEqual([
        expect.objectContaining({ id: user.passkey.id, name: "Test key", backed_up: false }),
      ]);
      expect(JSON.stringify(listed)).not.toContain("public_key");
    });
  }

  it("offers EdDSA, ES256 and RS256, and excludes the caller's own passkeys", async () => {
    const user = await withPasskey("options");
    const options = await registrationOptions(user.session.access_token);
    expect(options.pubKeyCredParams.map((p) => p.alg).sort()).toEqual([-257, -8, -7].sort());
    expect(options.rp).toEqual({ id: "localhost", name: "Coffee Shop" });
    expect(options.excludeCredentials?.map((c) => c.id)).toEqual([
      (
        await env.DB.prepare("SELECT credential_id FROM passkeys WHERE id = ?")
          .bind(user.passkey.id)
          .first<{ credential_id: string }>()
      )?.credential_id,
    ]);
  });

  it("with MFA on, a passkey still signs in at once (no TOTP), and satisfies ADMIN_MFA_REQUIRED", async () => {
    const admin = await makeAdmin("passkey-admin");
    const authenticator = new SoftwareAuthenticator();
    const options = await registrationOptions(admin.session.access_token);
    await call("POST", "/v1/users/me/passkeys", {
      token: admin.session.access_token,
      body: { response: await authenticator.create(options) },
    });
    const session = await json<Session>(
      await signIn(await authenticator.get(await signInOptions())),
    );
    const strict = bindings({ ADMIN_MFA_REQUIRED: "on" });
    expect(
      (await call("GET", "/v1/users", { token: session.access_token, env: strict })).status,
    ).toBe(200);
    await expectProblem(
      await call("GET", "/v1/users", { token: admin.session.access_token, env: strict }),
      403,
      "mfa_required",
    );
  });
});

describe("challenges are single-use, 5 minutes, and belong to one ceremony", () => {
  it("a replayed assertion, a registration challenge and an unknown challenge are 400s, never 500s", async () => {
    const user = await withPasskey("replay");
    const options = await signInOptions();
    const assertion = await user.authenticator.get(options);
    expect((await signIn(assertion)).status).toBe(200);
    await expectProblem(await signIn(assertion), 400, "invalid_code");

    const registration = await registrationOptions(user.session.access_token);
    await expectProblem(
      await signIn(await user.authenticator.get(registration)),
      400,
      "invalid_code",
    );
    await expectProblem(
      await signIn(await user.authenticator.get({ challenge: "bm90LW91cnM" })),
      400,
      "invalid_code",
    );
    for (const garbage of [
      { id: "x", rawId: "x", type: "public-key", response: { clientDataJSON: "!!" } },
    ]) {
      await expectProblem(await signIn(garbage), 400, "invalid_code");
    }
    await expectProblem(await signIn({ nope: true }), 422, "validation_failed");
  });

  it("a sign-in challenge cannot register; another user's registration challenge cannot either", async () => {
    const a = await verifiedUser("ceremony-a");
    const b = await verifiedUser("ceremony-b");
    const authenticator = new SoftwareAuthenticator();
    const wrongCeremony = await authenticator.create({
      ...(await signInOptions()),
      user: { id: "x" },
    });
    await expectProblem(
      await call("POST", "/v1/users/me/passkeys", {
        token: a.session.access_token,
        body: { response: wrongCeremony },
      }),
      400,
      "invalid_code",
    );
    const bOptions = await registrationOptions(b.session.access_token);
    const stolen = await authenticator.create(bOptions);
    await expectProblem(
      await call("POST", "/v1/users/me/passkeys", {
        token: a.session.access_token,
        body: { response: stolen },
      }),
      400,
      "invalid_code",
    );
  });

  it("an attestation with a certificate chain, or of another format, is refused and spends nothing", async () => {
    const user = await verifiedUser("attested");
    const options = await registrationOptions(user.session.access_token);
    const authenticator = new SoftwareAuthenticator();
    for (const attestation of [
      { fmt: "packed", x5c: true },
      { fmt: "fido-u2f", x5c: true },
      { fmt: "tpm" },
      { fmt: "android-safetynet" },
    ]) {
      const refused = await call("POST", "/v1/users/me/passkeys", {
        token: user.session.access_token,
        body: { response: await authenticator.create(options, "ES256", { attestation }) },
      });
      const problem = await expectProblem(refused, 400, "invalid_code");
      expect(problem.detail, attestation.fmt).toContain('attestation "none"');
    }
    const stored = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM passkeys JOIN users ON users.id = passkeys.user_id WHERE users.email = ?",
    )
      .bind(user.email)
      .first<{ n: number }>();
    expect(stored?.n).toBe(0);
    // The challenge was not spent: the same options still register a plain passkey.
    const added = await call("POST", "/v1/users/me/passkeys", {
      token: user.session.access_token,
      body: { response: await authenticator.create(options) },
    });
    expect(added.status).toBe(201);
  });

  it("an expired challenge is refused; so is another origin", async () => {
    const user = await withPasskey("expired");
    const options = await signInOptions();
    await env.DB.prepare("UPDATE webauthn_challenges SET expires_at = ? WHERE challenge = ?")
      .bind(new Date(Date.now() - 1000).toISOString(), options.challenge)
      .run();
    await expectProblem(await signIn(await user.authenticator.get(options)), 400, "invalid_code");
    const phished = await user.authenticator.get(await signInOptions(), undefined, {
      origin: "https://evil.example",
    });
    await expectProblem(await signIn(phished), 401, "invalid_credentials");
  });
});

describe("signature counters", () => {
  it("a counter that does not grow is refused; a counter that stays 0 is fine", async () => {
    const user = await withPasskey("counter");
    expect((await signIn(await user.authenticator.get(await signInOptions()))).status).toBe(200);
    const cloned = await user.authenticator.get(await signInOptions(), undefined, { counter: 1 });
    await expectProblem(await signIn(cloned), 401, "invalid_credentials");

    const zero = await withPasskey("counter-zero", "EdDSA", 0);
    for (let i = 0; i < 2; i += 1) {
      expect((await signIn(await zero.authenticator.get(await signInOptions()))).status).toBe(200);
    }
  });

  it("two sign-ins with one assertion at once: exactly one session", async () => {
    const user = await withPasskey("race");
    const assertion = await user.authenticator.get(await signInOptions());
    const answers = await Promise.all([1, 2, 3].map(() => signIn(assertion)));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect(answers.every((a) => [200, 400, 401].includes(a.status))).toBe(true);
    const sessions = await env.DB.prepare(
      'SELECT COUNT(*) AS n FROM sessions WHERE user_id = ? AND amr = \'["hwk","user","mfa"]\'',
    )
      .bind(user.session.user.id)
      .first<{ n: number }>();
    expect(sessions?.n).toBe(1);
  });
});

describe("a cloned authenticator racing the real one", () => {
  it("two assertions with the same counter on two challenges at once: exactly one signs in", async () => {
    const user = await withPasskey("clone");
    const [first, second] = await Promise.all([signInOptions(), signInOptions()]);
    const real = await user.authenticator.get(first as { challenge: string }, undefined, {
      counter: 7,
    });
    const clone = await user.authenticator.get(second as { challenge: string }, undefined, {
      counter: 7,
    });
    const answers = await Promise.all([signIn(real), signIn(clone)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 401]);
    const stored = await env.DB.prepare("SELECT counter FROM passkeys WHERE id = ?")
      .bind(user.passkey.id)
      .first<{ counter: number }>();
    expect(stored?.counter).toBe(7);
  });
});

describe("register racing remove", () => {
  it("adding a second passkey while removing the first: no 5xx, and the rows match the answers", async () => {
    const user = await withPasskey("register-remove");
    const token = user.session.access_token;
    const second = new SoftwareAuthenticator();
    const options = await registrationOptions(token);
    const [added, removed] = await Promise.all([
      call("POST", "/v1/users/me/passkeys", {
        token,
        body: { response: await second.create(options) },
      }),
      call("DELETE", `/v1/users/me/passkeys/${user.passkey.id}`, {
        token,
        body: { password: PASSWORD },
      }),
    ]);
    expect([added.status, removed.status]).toEqual([201, 204]);
    const rows = await env.DB.prepare("SELECT id FROM passkeys WHERE user_id = ?")
      .bind(user.session.user.id)
      .all<{ id: string }>();
    expect(rows.results.map((r) => r.id)).toEqual([(await json<{ id: string }>(added)).id]);
    expect((await signIn(await second.get(await signInOptions()))).status).toBe(200);
  });
});

describe("managing passkeys", () => {
  it("rename; remove the last strong factor only with the password; the holder is told", async () => {
    const user = await withPasskey("manage");
    const token = user.session.access_token;
    const renamed = await call("PATCH", `/v1/users/me/passkeys/${user.passkey.id}`, {
      token,
      body: { name: "Work laptop" },
    });
    expect(await json(renamed)).toMatchObject({ name: "Work laptop" });
    await expectProblem(
      await call("DELETE", `/v1/users/me/passkeys/${user.passkey.id}`, { token }),
      403,
      "forbidden",
    );
    await expectProblem(
      await call("DELETE", `/v1/users/me/passkeys/${user.passkey.id}`, {
        token,
        body: { password: "not-the-password" },
      }),
      401,
      "invalid_credentials",
    );
    const removed = await call("DELETE", `/v1/users/me/passkeys/${user.passkey.id}`, {
      token,
      body: { password: PASSWORD },
    });
    expect(removed.status).toBe(204);
    expect(lastMail(user.email, "passkey_removed").kind).toBe("passkey_removed");
    await expectProblem(
      await signIn(await user.authenticator.get(await signInOptions())),
      401,
      "invalid_credentials",
    );
  });

  it("one user's passkey cannot be renamed or removed by another", async () => {
    const owner = await withPasskey("owner");
    const other = await verifiedUser("other");
    await expectProblem(
      await call("PATCH", `/v1/users/me/passkeys/${owner.passkey.id}`, {
        token: other.session.access_token,
        body: { name: "mine now" },
      }),
      404,
      "not_found",
    );
    await expectProblem(
      await call("DELETE", `/v1/users/me/passkeys/${owner.passkey.id}`, {
        token: other.session.access_token,
        body: { password: PASSWORD },
      }),
      404,
      "not_found",
    );
  });
});
