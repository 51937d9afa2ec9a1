import { env } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { renderMail } from "../../src/mail/templates";
import {
  call,
  expectProblem,
  json,
  lastMail,
  mailsTo,
  type Session,
  uniqueEmail,
  verifiedUser,
} from "../helpers/api";
import {
  accept,
  claimsOf,
  createShop,
  invitationToken,
  invite,
  member,
  role,
  type Shop,
  shopAdmin,
  uniqueSlug,
} from "../helpers/shops";

const bearer = (s: { session: Session }) => s.session.access_token;

describe("shops: created by admins, seen by their members only", () => {
  it("an admin creates a shop; slugs are unique and shaped; time zones are IANA names", async () => {
    const admin = await shopAdmin();
    const slug = uniqueSlug("lisbon");
    const created = await call("POST", "/v1/shops", {
      token: bearer(admin),
      body: { slug, name: "Lisbon Central", timezone: "Europe/Lisbon" },
    });
    expect(created.status).toBe(201);
    const shop = await json<Shop>(created);
    expect(Object.keys(shop).sort()).toEqual(
      ["created_at", "id", "name", "slug", "status", "timezone"].sort(),
    );
    expect(shop).toMatchObject({ slug, status: "active", timezone: "Europe/Lisbon" });

    const again = await call("POST", "/v1/shops", {
      token: bearer(admin),
      body: { slug, name: "Another", timezone: "UTC" },
    });
    await expectProblem(again, 409, "conflict");
    for (const body of [
      { slug: "Has Caps", name: "x", timezone: "UTC" },
      { slug: "ab", name: "x", timezone: "UTC" },
      { slug: uniqueSlug(), name: "x", timezone: "Mars/Olympus" },
      { slug: uniqueSlug(), name: "x", timezone: "UTC+1" },
      { slug: uniqueSlug(), name: "x", timezone: "UTC", owner: "me" },
    ]) {
      const refused = await call("POST", "/v1/shops", { token: bearer(admin), body });
      await expectProblem(refused, 422, "validation_failed");
    }
    const user = await verifiedUser("not-admin");
    await expectProblem(
      await call("POST", "/v1/shops", {
        token: bearer(user),
        body: { slug: uniqueSlug(), name: "x", timezone: "UTC" },
      }),
      403,
      "forbidden",
    );
  });

  it("a non-member gets 404 for a shop that exists (ids are not enumerable); a member sees it", async () => {
    const shop = await createShop("private");
    const stranger = await verifiedUser("stranger");
    await expectProblem(
      await call("GET", `/v1/shops/${shop.id}`, { token: bearer(stranger) }),
      404,
      "not_found",
    );
    await expectProblem(
      await call("GET", `/v1/shops/${crypto.randomUUID()}`, { token: bearer(stranger) }),
      404,
      "not_found",
    );
    const barista = await member(shop, "barista");
    const seen = await call("GET", `/v1/shops/${shop.id}`, { token: bearer(barista) });
    expect(await json(seen)).toMatchObject({ id: shop.id, slug: shop.slug });
    const mine = await json<{ items: { id: string; role: string }[] }>(
      await call("GET", "/v1/shops", { token: bearer(barista) }),
    );
    expect(mine.items).toEqual([expect.objectContaining({ id: shop.id, role: "barista" })]);
    const none = await json<{ items: unknown[] }>(
      await call("GET", "/v1/shops", { token: bearer(stranger) }),
    );
    expect(none.items).toEqual([]);
    const memberships = await json<{ items: { shop: Shop; role: string }[] }>(
      await call("GET", "/v1/users/me/memberships", { token: bearer(barista) }),
    );
    expect(memberships.items).toEqual([
      {
        shop: expect.objectContaining({ id: shop.id }),
        role: "barista",
        created_at: expect.any(String),
      },
    ]);
  });

  it("admins list every shop in keyset pages, filtered by status and a slug or name prefix", async () => {
    const admin = await shopAdmin();
    const prefix = `pg${crypto.randomUUID().slice(0, 6)}`;
    for (let i = 0; i < 5; i += 1) {
      await call("POST", "/v1/shops", {
        token: bearer(admin),
        body: { slug: `${prefix}-${i}`, name: `Paged ${i}`, timezone: "UTC" },
      });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/v1/shops?q=${prefix}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
      const page: { items: Shop[]; next_cursor: string | null } = await json(
        await call("GET", query, { token: bearer(admin) }),
      );
      seen.push(...page.items.map((s) => s.slug));
      cursor = page.next_cursor;
    } while (cursor);
    expect(seen.sort()).toEqual([0, 1, 2, 3, 4].map((i) => `${prefix}-${i}`));
    const byName = await json<{ items: Shop[] }>(
      await call("GET", "/v1/shops?q=PAGED%203", { token: bearer(admin) }),
    );
    expect(byName.items.map((s) => s.slug)).toContain(`${prefix}-3`);
    const mismatched = await call("GET", `/v1/shops?status=closed&cursor=x.y`, {
      token: bearer(admin),
    });
    await expectProblem(mismatched, 422, "validation_failed");
  });

  it("an owner updates the shop; a manager may not; closing keeps members and refuses invitations", async () => {
    const shop = await createShop("update");
    const owner = await member(shop, "owner");
    const manager = await member(shop, "manager");
    const renamed = await call("PATCH", `/v1/shops/${shop.id}`, {
      token: bearer(owner),
      body: { name: "Renamed", timezone: "America/New_York" },
    });
    expect(await json(renamed)).toMatchObject({ name: "Renamed", timezone: "America/New_York" });
    await expectProblem(
      await call("PATCH", `/v1/shops/${shop.id}`, { token: bearer(manager), body: { name: "No" } }),
      403,
      "forbidden",
    );
    await expectProblem(
      await call("PATCH", `/v1/shops/${shop.id}`, {
        token: bearer(owner),
        body: { timezone: "Nowhere/Else" },
      }),
      422,
      "validation_failed",
    );
    const closed = await call("PATCH", `/v1/shops/${shop.id}`, {
      token: bearer(owner),
      body: { status: "closed" },
    });
    expect(await json(closed)).toMatchObject({ status: "closed" });
    await expectProblem(
      await invite(bearer(owner), shop.id, uniqueEmail("late"), "barista"),
      409,
      "conflict",
    );
    expect(await role(shop.id, manager.id)).toBe("manager");
  });
});

describe("the rank rule: only roles strictly below one's own", () => {
  it("a manager invites baristas only; an owner managers and baristas; nobody an owner but admins", async () => {
    const shop = await createShop("ranks");
    const owner = await member(shop, "owner");
    const manager = await member(shop, "manager");
    expect((await invite(bearer(manager), shop.id, uniqueEmail("b"), "barista")).status).toBe(202);
    await expectProblem(
      await invite(bearer(manager), shop.id, uniqueEmail("m"), "manager"),
      403,
      "forbidden",
    );
    await expectProblem(
      await invite(bearer(manager), shop.id, uniqueEmail("o"), "owner"),
      403,
      "forbidden",
    );
    expect((await invite(bearer(owner), shop.id, uniqueEmail("m"), "manager")).status).toBe(202);
    await expectProblem(
      await invite(bearer(owner), shop.id, uniqueEmail("o"), "owner"),
      403,
      "forbidden",
    );
    const barista = await member(shop, "barista");
    await expectProblem(
      await invite(bearer(barista), shop.id, uniqueEmail("x"), "barista"),
      403,
      "forbidden",
    );
    await expectProblem(
      await call("GET", `/v1/shops/${shop.id}/members`, { token: bearer(barista) }),
      403,
      "forbidden",
    );
    await expectProblem(
      await invite(bearer(owner), shop.id, uniqueEmail("x"), "admin"),
      422,
      "validation_failed",
    );
  });

  it("promotions and demotions follow it; nobody changes their own role; a demotion ends access tokens", async () => {
    const shop = await createShop("promote");
    const owner = await member(shop, "owner");
    const manager = await member(shop, "manager");
    const barista = await member(shop, "barista");
    const patchRole = (actor: { session: Session }, userId: string, to: string) =>
      call("PATCH", `/v1/shops/${shop.id}/members/${userId}`, {
        token: bearer(actor),
        body: { role: to },
      });
    await expectProblem(await patchRole(manager, barista.id, "manager"), 403, "forbidden");
    await expectProblem(await patchRole(manager, manager.id, "barista"), 403, "forbidden");
    await expectProblem(await patchRole(owner, owner.id, "manager"), 403, "forbidden");
    await expectProblem(await patchRole(manager, owner.id, "barista"), 403, "forbidden");

    const promoted = await patchRole(owner, barista.id, "manager");
    expect(await json(promoted)).toMatchObject({ user_id: barista.id, role: "manager" });
    // A promotion leaves the access token working; the claim catches up at the next refresh.
    expect((await call("GET", "/v1/users/me", { token: bearer(barista) })).status).toBe(200);

    const demoted = await patchRole(owner, manager.id, "barista");
    expect(demoted.status).toBe(200);
    await expectProblem(
      await call("GET", "/v1/users/me", { token: bearer(manager) }),
      401,
      "invalid_token",
    );
    const refreshed = await json<Session>(
      await call("POST", "/v1/auth/refresh", {
        body: { refresh_token: manager.session.refresh_token },
      }),
    );
    expect(claimsOf(refreshed.access_token).shops).toEqual({ [shop.id]: "barista" });
  });

  it("a member may leave; the last owner may not (409 last_owner) — unless an admin removes them", async () => {
    const shop = await createShop("leave");
    const owner = await member(shop, "owner");
    const barista = await member(shop, "barista");
    const leave = (who: { session: Session; id: string }) =>
      call("DELETE", `/v1/shops/${shop.id}/members/${who.id}`, { token: bearer(who) });
    expect((await leave(barista)).status).toBe(204);
    expect(await role(shop.id, barista.id)).toBeNull();
    await expectProblem(
      await call("GET", `/v1/shops/${shop.id}`, { token: bearer(barista) }),
      401,
      "invalid_token",
    );
    await expectProblem(await leave(owner), 409, "last_owner");
    expect(await role(shop.id, owner.id)).toBe("owner");
    const admin = await shopAdmin();
    const removed = await call("DELETE", `/v1/shops/${shop.id}/members/${owner.id}`, {
      token: bearer(admin),
    });
    expect(removed.status).toBe(204);
  });
});

describe("invitations by mail", () => {
  it("202 with the same body whether or not the address has an account; the mail carries a token, the admin's name for the shop (escaped) and no inviter text", async () => {
    const shop = await createShop("invites", "<a href=https://evil.example>Evil</a>");
    const owner = await member(shop, "owner");
    // An owner's rename is what members see, never what an unproven address receives.
    const renamed = await call("PATCH", `/v1/shops/${shop.id}`, {
      token: bearer(owner),
      body: { name: "Free prizes at https://phish.example" },
    });
    expect(renamed.status).toBe(200);
    const known = await verifiedUser("known");
    const unknown = uniqueEmail("unknown");
    const answers = await Promise.all([
      invite(bearer(owner), shop.id, known.email, "barista"),
      invite(bearer(owner), shop.id, unknown, "barista"),
    ]);
    const bodies = await Promise.all(answers.map((a) => json<Record<string, unknown>>(a)));
    expect(answers.map((a) => a.status)).toEqual([202, 202]);
    expect(bodies.map((b) => Object.keys(b).sort())).toEqual([
      ["email", "expires_at", "id", "role"],
      ["email", "expires_at", "id", "role"],
    ]);
    const mail = lastMail(unknown, "shop_invitation");
    expect(mail.code).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const rendered = renderMail(mail);
    const text = `${rendered.subject}${rendered.text}${rendered.html}`;
    expect(text).toContain(shop.slug);
    expect(text).not.toContain("phish");
    // The admin's name is shown — as text: escaped in the HTML part, never markup.
    expect(rendered.text).toContain('"<a href=https://evil.example>Evil</a>"');
    expect(rendered.html).toContain("&lt;a href=https://evil.example&gt;Evil&lt;/a&gt;");
    expect(rendered.html).not.toContain("<a href=https://evil");
    // An admin names it again: that name is the shop's from now on.
    const admin = await shopAdmin();
    await call("PATCH", `/v1/shops/${shop.id}`, {
      token: admin.session.access_token,
      body: { name: "Alfama Roastery & Co" },
    });
    const again = uniqueEmail("again");
    expect((await invite(bearer(owner), shop.id, again, "barista")).status).toBe(202);
    expect(renderMail(lastMail(again, "shop_invitation")).text).toContain(
      `"Alfama Roastery & Co" (${shop.slug})`,
    );
    const stored = await env.DB.prepare("SELECT token_digest FROM invitations WHERE email = ?")
      .bind(unknown)
      .first<{ token_digest: string }>();
    expect(stored?.token_digest).not.toContain(mail.code);
  });

  it("an invitation never waits for the mail cooldown: the invitee can sign up right after", async () => {
    const shop = await createShop("cooldown");
    const owner = await member(shop, "owner");
    const email = uniqueEmail("fresh");
    expect((await invite(bearer(owner), shop.id, email, "barista")).status).toBe(202);
    const signup = await call("POST", "/v1/auth/signup", {
      body: { email, password: "flat-white-2026" },
    });
    expect(signup.status).toBe(202);
    const code = lastMail(email, "verification_code").code;
    const verified = await call("POST", "/v1/auth/verify", {
      body: { email, password: "flat-white-2026", code },
    });
    const session = await json<Session>(verified);
    const accepted = await accept(session.access_token, invitationToken(email));
    expect(await json(accepted)).toMatchObject({ shop: { id: shop.id }, role: "barista" });
  });

  it("accepted only by the verified owner of the invited address; single use; dead after revocation", async () => {
    const shop = await createShop("accept");
    const owner = await member(shop, "owner");
    const invitee = await verifiedUser("invitee");
    const other = await verifiedUser("other");
    await invite(bearer(owner), shop.id, invitee.email, "barista");
    const token = invitationToken(invitee.email);
    await expectProblem(await accept(bearer(other), token), 403, "forbidden");
    expect(await role(shop.id, other.session.user.id)).toBeNull();
    expect((await accept(bearer(invitee), token)).status).toBe(200);
    await expectProblem(await accept(bearer(invitee), token), 400, "invalid_code");
    await expectProblem(await accept(bearer(invitee), "not-a-token"), 400, "invalid_code");

    const revokedFor = await verifiedUser("revoked");
    const invited = await json<{ id: string }>(
      await invite(bearer(owner), shop.id, revokedFor.email, "barista"),
    );
    const listed = await json<{ items: { id: string }[] }>(
      await call("GET", `/v1/shops/${shop.id}/invitations`, { token: bearer(owner) }),
    );
    expect(listed.items.map((i) => i.id)).toContain(invited.id);
    const revoke = await call("DELETE", `/v1/shops/${shop.id}/invitations/${invited.id}`, {
      token: bearer(owner),
    });
    expect(revoke.status).toBe(204);
    await expectProblem(
      await accept(bearer(revokedFor), invitationToken(revokedFor.email)),
      400,
      "invalid_code",
    );
  });

  it("re-inviting replaces the pending invitation with a new token — but never twice a minute (429 with Retry-After)", async () => {
    const shop = await createShop("reinvite");
    const owner = await member(shop, "owner");
    const invitee = await verifiedUser("again");
    const first = await json<{ id: string }>(
      await invite(bearer(owner), shop.id, invitee.email, "barista"),
    );
    const firstToken = invitationToken(invitee.email);
    const tooSoon = await invite(bearer(owner), shop.id, invitee.email, "manager");
    await expectProblem(tooSoon, 429, "rate_limited");
    expect(Number(tooSoon.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(Number(tooSoon.headers.get("Retry-After"))).toBeLessThanOrEqual(60);
    expect(mailsTo(invitee.email).filter((m) => m.kind === "shop_invitation")).toHaveLength(1);

    await env.DB.prepare("UPDATE invitations SET sent_at = ? WHERE id = ?")
      .bind(new Date(Date.now() - 120_000).toISOString(), first.id)
      .run();
    const third = await json<{ id: string }>(
      await invite(bearer(owner), shop.id, invitee.email, "barista"),
    );
    expect(third.id).not.toBe(first.id);
    expect(mailsTo(invitee.email).filter((m) => m.kind === "shop_invitation")).toHaveLength(2);
    await expectProblem(await accept(bearer(invitee), firstToken), 400, "invalid_code");
    expect(await json(await accept(bearer(invitee), invitationToken(invitee.email)))).toMatchObject(
      {
        role: "barista",
      },
    );
  });
});

describe("access tokens carry the caller's shops", () => {
  it("{shop_id: role} after a refresh; more than 20 memberships: shops_overflow and no shops", async () => {
    const user = await verifiedUser("many");
    const admin = await shopAdmin();
    const shopIds: string[] = [];
    for (let i = 0; i < 21; i += 1) {
      const shop = await createShop(`many${i}`);
      shopIds.push(shop.id);
      await env.DB.prepare(
        "INSERT INTO memberships (shop_id, user_id, role, created_at, updated_at) VALUES (?, ?, 'barista', ?, ?)",
      )
        .bind(
          shop.id,
          user.session.user.id,
          new Date(Date.now() + i).toISOString(),
          new Date().toISOString(),
        )
        .run();
      if (i === 0) {
        const login = await json<Session>(
          await call("POST", "/v1/auth/login", {
            body: { email: user.email, password: user.password },
          }),
        );
        expect(claimsOf(login.access_token).shops).toEqual({ [shop.id]: "barista" });
      }
    }
    const login = await json<Session>(
      await call("POST", "/v1/auth/login", {
        body: { email: user.email, password: user.password },
      }),
    );
    const claims = claimsOf(login.access_token);
    expect(claims.shops_overflow).toBe(true);
    expect(claims).not.toHaveProperty("shops");
    expect(admin).toBeTruthy();
  });
});

describe("GET /v1/permissions", () => {
  it("publishes the fixed table", async () => {
    const table = await json<{ roles: Record<string, string[]> }>(
      await call("GET", "/v1/permissions"),
    );
    expect(table.roles.owner).toEqual(
      expect.arrayContaining(["shop.update", "keys.manage", "staff.invite"]),
    );
    expect(table.roles.manager).not.toContain("shop.update");
    expect(table.roles.barista).toEqual(expect.arrayContaining(["till.open"]));
    expect(table.roles.barista).not.toContain("staff.read");
  });
});

describe("no request about shop A ever reads or changes shop B", () => {
  it("an owner of A cannot reach B's members, invitations or settings through A's ids or B's", async () => {
    const a = await createShop("a");
    const b = await createShop("b");
    const ownerA = await member(a, "owner");
    const baristaB = await member(b, "barista");
    await expectProblem(
      await call("PATCH", `/v1/shops/${a.id}/members/${baristaB.id}`, {
        token: bearer(ownerA),
        body: { role: "manager" },
      }),
      404,
      "not_found",
    );
    await expectProblem(
      await call("DELETE", `/v1/shops/${a.id}/members/${baristaB.id}`, { token: bearer(ownerA) }),
      404,
      "not_found",
    );
    for (const [method, path] of [
      ["GET", `/v1/shops/${b.id}`],
      ["PATCH", `/v1/shops/${b.id}`],
      ["GET", `/v1/shops/${b.id}/members`],
      ["DELETE", `/v1/shops/${b.id}/members/${baristaB.id}`],
      ["GET", `/v1/shops/${b.id}/invitations`],
    ] as const) {
      const response = await call(method, path, {
        token: bearer(ownerA),
        ...(method === "PATCH" ? { body: { name: "Taken" } } : {}),
      });
      await expectProblem(response, 404, "not_found");
    }
    expect(await role(b.id, baristaB.id)).toBe("barista");
    const bNow = await env.DB.prepare("SELECT name FROM shops WHERE id = ?").bind(b.id).first();
    expect(bNow).toEqual({ name: "Alfama Roastery" });
  });
});

describe("shop rules hold under concurrency", () => {
  it("two accepts of one token: one member, one 200, the other 400", async () => {
    const shop = await createShop("race-accept");
    const owner = await member(shop, "owner");
    const invitee = await verifiedUser("racer");
    await invite(bearer(owner), shop.id, invitee.email, "barista");
    const token = invitationToken(invitee.email);
    const answers = await Promise.all([1, 2, 3, 4].map(() => accept(bearer(invitee), token)));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect(answers.every((a) => [200, 400, 409].includes(a.status))).toBe(true);
    const rows = await env.DB.prepare("SELECT COUNT(*) AS n FROM memberships WHERE shop_id = ?")
      .bind(shop.id)
      .first<{ n: number }>();
    expect(rows?.n).toBe(2);
  });

  it("two owners leaving at the same moment: exactly one goes, the shop keeps an owner", async () => {
    const shop = await createShop("race-owners");
    const first = await member(shop, "owner", "owner-a");
    const second = await member(shop, "owner", "owner-b");
    const answers = await Promise.all(
      [first, second].map((o) =>
        call("DELETE", `/v1/shops/${shop.id}/members/${o.id}`, { token: bearer(o) }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([204, 409]);
    const owners = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM memberships WHERE shop_id = ? AND role = 'owner'",
    )
      .bind(shop.id)
      .first<{ n: number }>();
    expect(owners?.n).toBe(1);
  });

  it("two owners demoting each other at once: the rank rule refuses both, both stay owners", async () => {
    const shop = await createShop("race-demote");
    const first = await member(shop, "owner", "owner-c");
    const second = await member(shop, "owner", "owner-d");
    const answers = await Promise.all([
      call("PATCH", `/v1/shops/${shop.id}/members/${second.id}`, {
        token: bearer(first),
        body: { role: "manager" },
      }),
      call("PATCH", `/v1/shops/${shop.id}/members/${first.id}`, {
        token: bearer(second),
        body: { role: "manager" },
      }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([403, 403]);
    expect([await role(shop.id, first.id), await role(shop.id, second.id)]).toEqual([
      "owner",
      "owner",
    ]);
  });

  it("a manager demoted while inviting: the invitation is written only if the manager still is one", async () => {
    const shop = await createShop("race-invite");
    const owner = await member(shop, "owner");
    const manager = await member(shop, "manager");
    const emails = [1, 2, 3, 4, 5].map(() => uniqueEmail("during"));
    const [demoted, ...invites] = await Promise.all([
      call("PATCH", `/v1/shops/${shop.id}/members/${manager.id}`, {
        token: bearer(owner),
        body: { role: "barista" },
      }),
      ...emails.map((email) => invite(bearer(manager), shop.id, email, "barista")),
    ]);
    expect(demoted?.status).toBe(200);
    const written = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM invitations WHERE shop_id = ? AND invited_by = ?",
    )
      .bind(shop.id, manager.id)
      .first<{ n: number }>();
    // Every 202 is an invitation made while the caller was a manager; every refusal wrote nothing.
    expect(written?.n).toBe(invites.filter((a) => a.status === 202).length);
    expect(invites.map((a) => a.status).filter((s) => ![202, 401, 403].includes(s))).toEqual([]);
  });

  it("accept racing revoke: either a member and a 404 revoke, or a refused accept and a 204 revoke", async () => {
    const shop = await createShop("race-revoke");
    const owner = await member(shop, "owner");
    const invitee = await verifiedUser("contested");
    const { id } = await json<{ id: string }>(
      await invite(bearer(owner), shop.id, invitee.email, "barista"),
    );
    const token = invitationToken(invitee.email);
    const [accepted, revoked] = await Promise.all([
      accept(bearer(invitee), token),
      call("DELETE", `/v1/shops/${shop.id}/invitations/${id}`, { token: bearer(owner) }),
    ]);
    const outcome = [accepted.status, revoked.status];
    expect([
      [200, 404],
      [400, 204],
    ]).toContainEqual(outcome);
    expect(await role(shop.id, invitee.session.user.id)).toBe(
      accepted.status === 200 ? "barista" : null,
    );
  });
});

describe("deleting a user removes their memberships", () => {
  it("the admin deletes a barista: the membership is gone, the shop stays", async () => {
    const shop = await createShop("delete");
    const barista = await member(shop, "barista");
    const admin = await shopAdmin();
    expect((await call("DELETE", `/v1/users/${barista.id}`, { token: bearer(admin) })).status).toBe(
      204,
    );
    expect(await role(shop.id, barista.id)).toBeNull();
    expect((await call("GET", `/v1/shops/${shop.id}`, { token: bearer(admin) })).status).toBe(200);
  });
});

describe("authorize over the Service Binding: the membership as D1 has it now", () => {
  const authorize = (token: unknown, shopId: unknown, permission: unknown) =>
    (
      exports as unknown as {
        AccountsService: {
          authorize(
            t: unknown,
            s: unknown,
            p: unknown,
          ): Promise<{ allowed: boolean; role: string | null }>;
        };
      }
    ).AccountsService.authorize(token, shopId, permission);

  it("answers by role and permission, and sees a demotion before the token's claim does", async () => {
    const shop = await createShop("rpc");
    const owner = await member(shop, "owner");
    const manager = await member(shop, "manager");
    expect(await authorize(bearer(manager), shop.id, "order.refund")).toEqual({
      allowed: true,
      role: "manager",
    });
    expect(await authorize(bearer(manager), shop.id, "shop.update")).toEqual({
      allowed: false,
      role: "manager",
    });
    expect(await authorize(bearer(owner), shop.id, "shop.update")).toEqual({
      allowed: true,
      role: "owner",
    });
    const other = await createShop("rpc-other");
    expect(await authorize(bearer(manager), other.id, "till.open")).toEqual({
      allowed: false,
      role: null,
    });
    expect(await authorize(bearer(manager), shop.id, "launch.rockets")).toEqual({
      allowed: false,
      role: null,
    });
    expect(await authorize("not-a-token", shop.id, "till.open")).toEqual({
      allowed: false,
      role: null,
    });
    expect(await authorize(42, shop.id, "till.open")).toEqual({ allowed: false, role: null });

    // Demoted: the old token still claims "manager", but it is refused, and a fresh one says barista.
    await call("PATCH", `/v1/shops/${shop.id}/members/${manager.id}`, {
      token: bearer(owner),
      body: { role: "barista" },
    });
    expect(claimsOf(bearer(manager)).shops).toEqual({ [shop.id]: "manager" });
    expect(await authorize(bearer(manager), shop.id, "order.refund")).toEqual({
      allowed: false,
      role: null,
    });
    const admin = await shopAdmin();
    expect(await authorize(bearer(admin), shop.id, "order.refund")).toEqual({
      allowed: true,
      role: null,
    });
  });
});
