import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { call, expectProblem, json, makeAdmin, verifiedUser } from "../helpers/api";

/** The OpenID provider's client registry (issue 37): admins only, exact redirects, secrets once. */

async function register(token: string, body: Record<string, unknown>) {
  return call("POST", "/v1/oauth/clients", { token, body });
}

describe("registering clients", () => {
  it("a confidential client's secret is shown once and kept as its SHA-256; a public one has none", async () => {
    const admin = await makeAdmin("oidc-admin");
    const token = admin.session.access_token;
    const made = await register(token, {
      name: "Partner portal",
      kind: "confidential",
      redirect_uris: ["https://partner.example/callback"],
    });
    expect(made.status).toBe(201);
    const client = await json<{ client_id: string; client_secret: string; scopes: string[] }>(made);
    expect(client.client_secret).toMatch(/^cs_[\w-]{43}$/);
    expect(client.scopes).toEqual(["openid", "profile", "email"]);
    const row = await env.DB.prepare("SELECT secret_digest FROM oauth_clients WHERE id = ?")
      .bind(client.client_id)
      .first<{ secret_digest: string }>();
    const digest = [
      ...new Uint8Array(
        await crypto.subtle.digest("SHA-256", new TextEncoder().encode(client.client_secret)),
      ),
    ]
      .map((b) => b.toString(16).padStart(2, "0"))
      .join("");
    expect(row?.secret_digest).toBe(digest);
    const read = await json(await call("GET", `/v1/oauth/clients/${client.client_id}`, { token }));
    expect(JSON.stringify(read)).not.toContain(client.client_secret);
    expect(read).not.toHaveProperty("client_secret");

    const app = await json<Record<string, unknown>>(
      await register(token, {
        name: "Loyalty app",
        kind: "public",
        redirect_uris: ["com.example.loyalty:/oauth", "http://127.0.0.1/native"],
        first_party: true,
      }),
    );
    expect(app).not.toHaveProperty("client_secret");
    expect(app).toMatchObject({ kind: "public", first_party: true });
  });

  it("refuses inexact or unsafe redirect URIs, native redirects for a confidential client, scopes without openid", async () => {
    const admin = await makeAdmin("oidc-refusals");
    const token = admin.session.access_token;
    for (const [kind, redirect_uris, scopes] of [
      ["public", ["https://*.example/cb"], undefined],
      ["public", ["http://app.example/cb"], undefined],
      ["public", ["https://app.example/cb#frag"], undefined],
      ["public", ["http://localhost:3000/cb"], undefined],
      ["confidential", ["http://127.0.0.1/cb"], undefined],
      ["confidential", ["com.example.app:/cb"], undefined],
      ["public", ["https://app.example/cb"], ["profile"]],
    ] as const) {
      await expectProblem(
        await register(token, { name: "x", kind, redirect_uris, ...(scopes ? { scopes } : {}) }),
        422,
        "validation_failed",
      );
    }
    const rows = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM oauth_clients WHERE name = 'x'",
    ).first<{
      n: number;
    }>();
    expect(rows?.n).toBe(0);
  });

  it("admins only (with ADMIN_MFA_REQUIRED, a two-factor session); revoking is audited and idempotent", async () => {
    const user = await verifiedUser("oidc-user");
    await expectProblem(
      await register(user.session.access_token, {
        name: "Mine",
        kind: "public",
        redirect_uris: ["https://mine.example/cb"],
      }),
      403,
      "forbidden",
    );
    const admin = await makeAdmin("oidc-revoke");
    const strict = { ...env, ADMIN_MFA_REQUIRED: "on" } as Env;
    await expectProblem(
      await call("GET", "/v1/oauth/clients", { token: admin.session.access_token, env: strict }),
      403,
      "mfa_required",
    );
    const client = await json<{ client_id: string }>(
      await register(admin.session.access_token, {
        name: "To revoke",
        kind: "public",
        redirect_uris: ["https://revoke.example/cb"],
      }),
    );
    const path = `/v1/oauth/clients/${client.client_id}`;
    const answers = await Promise.all(
      [1, 2].map(() => call("DELETE", path, { token: admin.session.access_token })),
    );
    expect(answers.map((a) => a.status)).toEqual([204, 204]);
    const audits = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM audit_events WHERE type = 'oauth_client.revoke' AND json_extract(data, '$.client_id') = ?",
    )
      .bind(client.client_id)
      .first<{ n: number }>();
    expect(audits?.n).toBe(1);
    const read = await json<{ revoked_at: string | null }>(
      await call("GET", path, { token: admin.session.access_token }),
    );
    expect(read.revoked_at).not.toBeNull();
    await expectProblem(
      await call("DELETE", "/v1/oauth/clients/cl_nosuchclient00", {
        token: admin.session.access_token,
      }),
      404,
      "not_found",
    );
  });

  it("PATCH changes the name, redirect URIs, scopes or first-party flag under the same rules; never a revoked client", async () => {
    const admin = await makeAdmin("oidc-patch");
    const token = admin.session.access_token;
    const client = await json<{ client_id: string }>(
      await register(token, {
        name: "Partner",
        kind: "confidential",
        redirect_uris: ["https://partner.example/cb"],
      }),
    );
    const path = `/v1/oauth/clients/${client.client_id}`;
    const changed = await call("PATCH", path, {
      token,
      body: { name: "Partner (2027)", scopes: ["openid", "email"], first_party: true },
    });
    expect(changed.status).toBe(200);
    expect(await json(changed)).toMatchObject({
      name: "Partner (2027)",
      scopes: ["openid", "email"],
      first_party: true,
      kind: "confidential",
      redirect_uris: ["https://partner.example/cb"],
    });
    // A confidential client stays on https; openid stays; the kind never changes; nothing empty.
    for (const body of [
      { redirect_uris: ["http://127.0.0.1/cb"] },
      { scopes: ["email"] },
      { kind: "public" },
      {},
    ]) {
      await expectProblem(await call("PATCH", path, { token, body }), 422, "validation_failed");
    }
    const audits = await env.DB.prepare(
      "SELECT data FROM audit_events WHERE type = 'oauth_client.update' AND json_extract(data, '$.client_id') = ?",
    )
      .bind(client.client_id)
      .all<{ data: string }>();
    expect(audits.results.map((r) => JSON.parse(r.data).fields)).toEqual([
      ["first_party", "name", "scopes"],
    ]);
    expect((await call("DELETE", path, { token })).status).toBe(204);
    await expectProblem(
      await call("PATCH", path, { token, body: { name: "Back" } }),
      409,
      "conflict",
    );
    await expectProblem(
      await call("PATCH", "/v1/oauth/clients/cl_nosuchclient00", { token, body: { name: "x" } }),
      404,
      "not_found",
    );
  });
});
