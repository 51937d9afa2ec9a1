// The shops table of the SPEC, end to end through the typed client of the checked-in contract,
// against `wrangler dev` with real mail delivery: an admin opens a shop, invites its owner by
// mail, the owner invites a manager, the manager a barista; roles change, someone leaves.
import { describe, expect, inject, it } from "vitest";
import { apiClient, asSession, createAdmin, mailedCode, PASSWORD, uniqueEmail } from "./helpers";

/** The invitation token of the newest invitation mail delivered to `to`. */
async function invitationToken(to: string): Promise<string> {
  for (let waited = 0; waited < 30_000; waited += 250) {
    const response = await fetch(`${inject("mailUrl")}/emails?to=${encodeURIComponent(to)}`);
    const mails = (await response.json()) as { subject: string; text: string }[];
    const invitation = mails.filter((m) => m.subject.includes("invited")).at(-1);
    const token = /invitation token is ([A-Za-z0-9_-]{43})/.exec(invitation?.text ?? "")?.[1];
    if (token) return token;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no invitation reached ${to}`);
}

/** Sign up and verify through the API, as an invitee without an account would. */
async function newAccount(label: string) {
  const email = uniqueEmail(label);
  const api = apiClient();
  expect(
    (await api.POST("/v1/auth/signup", { body: { email, password: PASSWORD } })).response.status,
  ).toBe(202);
  const code = await mailedCode(email);
  const verified = await api.POST("/v1/auth/verify", { body: { email, password: PASSWORD, code } });
  return { email, session: asSession(verified.data) };
}

describe("shops and staff through the typed client", () => {
  it("open a shop, invite its staff by mail, change roles, key a till, leave", async () => {
    const adminEmail = uniqueEmail("chain-admin");
    createAdmin(adminEmail, PASSWORD);
    const adminLogin = await apiClient().POST("/v1/auth/login", {
      body: { email: adminEmail, password: PASSWORD },
    });
    const admin = apiClient(asSession(adminLogin.data).access_token);

    const slug = `e2e-${crypto.randomUUID().slice(0, 8)}`;
    const created = await admin.POST("/v1/shops", {
      body: { slug, name: "Baixa Espresso", timezone: "Europe/Lisbon" },
    });
    expect(created.response.status).toBe(201);
    const shopId = created.data?.id ?? "";

    const owner = await newAccount("owner");
    const invited = await admin.POST("/v1/shops/{id}/invitations", {
      params: { path: { id: shopId } },
      body: { email: owner.email, role: "owner" },
    });
    expect(invited.response.status).toBe(202);
    const ownerApi = apiClient(owner.session.access_token);
    const accepted = await ownerApi.POST("/v1/invitations/accept", {
      body: { token: await invitationToken(owner.email) },
    });
    expect(accepted.data).toMatchObject({ shop: { id: shopId, slug }, role: "owner" });

    const manager = await newAccount("manager");
    await ownerApi.POST("/v1/shops/{id}/invitations", {
      params: { path: { id: shopId } },
      body: { email: manager.email, role: "manager" },
    });
    const managerApi = apiClient(manager.session.access_token);
    await managerApi.POST("/v1/invitations/accept", {
      body: { token: await invitationToken(manager.email) },
    });

    const barista = await newAccount("barista");
    const tooHigh = await managerApi.POST("/v1/shops/{id}/invitations", {
      params: { path: { id: shopId } },
      body: { email: barista.email, role: "manager" },
    });
    expect(tooHigh.error?.code).toBe("forbidden");
    await managerApi.POST("/v1/shops/{id}/invitations", {
      params: { path: { id: shopId } },
      body: { email: barista.email, role: "barista" },
    });
    const baristaApi = apiClient(barista.session.access_token);
    await baristaApi.POST("/v1/invitations/accept", {
      body: { token: await invitationToken(barista.email) },
    });

    const staff = await managerApi.GET("/v1/shops/{id}/members", {
      params: { path: { id: shopId }, query: {} },
    });
    expect(staff.data?.items.map((m) => m.role)).toEqual(["owner", "manager", "barista"]);
    const pending = await ownerApi.GET("/v1/shops/{id}/invitations", {
      params: { path: { id: shopId }, query: {} },
    });
    expect(pending.data?.items).toEqual([]);

    const baristaId = barista.session.user.id;
    const promoted = await ownerApi.PATCH("/v1/shops/{id}/members/{user_id}", {
      params: { path: { id: shopId, user_id: baristaId } },
      body: { role: "manager" },
    });
    expect(promoted.data?.role).toBe("manager");

    const mine = await baristaApi.GET("/v1/users/me/memberships");
    expect(mine.data?.items).toEqual([
      {
        shop: expect.objectContaining({ id: shopId }),
        role: "manager",
        created_at: expect.any(String),
      },
    ]);
    const table = await apiClient().GET("/v1/permissions");
    expect(table.data?.roles.manager).toContain("order.refund");

    // A key for the till: made by the manager, used by the till, listed, revoked.
    const made = await managerApi.POST("/v1/shops/{id}/api-keys", {
      params: { path: { id: shopId } },
      body: { name: "Front till", scopes: ["till.open"], expires_in_days: 90 },
    });
    expect(made.response.status).toBe(201);
    const till = apiClient(made.data?.key);
    const self = await till.GET("/v1/api-keys/self");
    expect(self.data).toMatchObject({ shop_id: shopId, scopes: ["till.open"] });
    const keys = await ownerApi.GET("/v1/shops/{id}/api-keys", {
      params: { path: { id: shopId }, query: {} },
    });
    expect(keys.data?.items.map((k) => k.prefix)).toEqual([made.data?.prefix]);
    const revoked = await ownerApi.DELETE("/v1/shops/{id}/api-keys/{key_id}", {
      params: { path: { id: shopId, key_id: made.data?.id ?? "" } },
    });
    expect(revoked.response.status).toBe(204);
    expect((await till.GET("/v1/api-keys/self")).error?.code).toBe("invalid_token");

    const closed = await ownerApi.PATCH("/v1/shops/{id}", {
      params: { path: { id: shopId } },
      body: { status: "closed" },
    });
    expect(closed.data?.status).toBe("closed");
    const left = await baristaApi.DELETE("/v1/shops/{id}/members/{user_id}", {
      params: { path: { id: shopId, user_id: baristaId } },
    });
    expect(left.response.status).toBe(204);
    const lastOwner = await ownerApi.DELETE("/v1/shops/{id}/members/{user_id}", {
      params: { path: { id: shopId, user_id: owner.session.user.id } },
    });
    expect(lastOwner.error?.code).toBe("last_owner");
    const list = await admin.GET("/v1/shops", { params: { query: { q: slug } } });
    expect(list.data?.items.map((s) => s.slug)).toEqual([slug]);
  });
});
