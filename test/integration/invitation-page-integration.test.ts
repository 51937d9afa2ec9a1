import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { totpCode } from "../../src/crypto/totp";
import { renderMail } from "../../src/mail/templates";
import { call, enableMfa, lastMail, PASSWORD, verifiedUser } from "../helpers/api";
import { createShop, invitationToken, invite, role, shopAdmin } from "../helpers/shops";

/**
 * The hosted invitation page (PUBLIC_URL/invitations): the mail links to it with the token in
 * the fragment; a person signs in there with the invited address and the invitation is accepted.
 */

const ORIGIN = "https://api.test";
function form(path: string, fields: Record<string, string>, origin = ORIGIN) {
  return call("POST", path, {
    rawBody: new URLSearchParams(fields).toString(),
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: origin },
  });
}

async function invited(label: string) {
  const shop = await createShop(label, "Alfama Roastery");
  const admin = await shopAdmin();
  const person = await verifiedUser(label);
  expect((await invite(admin.session.access_token, shop.id, person.email, "barista")).status).toBe(
    202,
  );
  return { shop, person, token: invitationToken(person.email) };
}

async function liveSessions(userId: string) {
  const row = await env.DB.prepare(
    "SELECT COUNT(*) AS n FROM sessions WHERE user_id = ? AND revoked_at IS NULL",
  )
    .bind(userId)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

describe("the invitation page", () => {
  it("the mail links to it with the token in the fragment; the page has a strict CSP and one script", async () => {
    const { person, token } = await invited("page-link");
    const text = renderMail(lastMail(person.email, "shop_invitation")).text;
    expect(text).toContain(`https://accounts.test/invitations#token=${token}`);
    expect(text).toContain('"Alfama Roastery"');
    const page = await call("GET", "/invitations");
    expect(page.status).toBe(200);
    expect(page.headers.get("Content-Security-Policy")).toContain("script-src 'self'");
    expect(page.headers.get("Cache-Control")).toBe("no-store");
    const html = await page.text();
    expect(html).toContain('action="/invitations"');
    expect(html).toContain('<label for="token">');
    expect((await call("GET", "/invitations.js")).status).toBe(200);
  });

  it("signing in with the invited address accepts it, and leaves no session behind", async () => {
    const { shop, person, token } = await invited("page-accept");
    const before = await liveSessions(person.session.user.id);
    const answer = await form("/invitations", { token, email: person.email, password: PASSWORD });
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain("You are now a barista of Alfama Roastery");
    expect(await role(shop.id, person.session.user.id)).toBe("barista");
    expect(await liveSessions(person.session.user.id)).toBe(before);
    // Single use.
    const again = await form("/invitations", { token, email: person.email, password: PASSWORD });
    expect(again.status).toBe(400);
    expect(await again.text()).toMatch(/invitation/i);
  });

  it("with MFA on, the second step comes first; a wrong code asks again", async () => {
    const { shop, person, token } = await invited("page-mfa");
    const { secret } = await enableMfa(person.session.access_token);
    const first = await form("/invitations", { token, email: person.email, password: PASSWORD });
    expect(first.status).toBe(200);
    const html = await first.text();
    const mfaToken = /name="mfa_token" value="([^"]+)"/.exec(html)?.[1] ?? "";
    expect(mfaToken).not.toBe("");
    const wrong = await form("/invitations/mfa", { token, mfa_token: mfaToken, code: "000000" });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('name="mfa_token"');
    expect(await role(shop.id, person.session.user.id)).toBeNull();
    const right = await form("/invitations/mfa", {
      token,
      mfa_token: mfaToken,
      code: totpCode(secret, Date.now() + 30_000),
    });
    expect(right.status).toBe(200);
    expect(await role(shop.id, person.session.user.id)).toBe("barista");
  });

  it("refuses another address, a wrong password, a form from another site — each as a clear page, changing nothing", async () => {
    const { shop, person, token } = await invited("page-refuse");
    const stranger = await verifiedUser("page-stranger");
    const other = await form("/invitations", { token, email: stranger.email, password: PASSWORD });
    expect(other.status).toBe(403);
    expect(await other.text()).toContain("verified address it was sent to");
    const wrong = await form("/invitations", {
      token,
      email: person.email,
      password: `${PASSWORD}-wrong`,
    });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("Content-Type")).toMatch(/^text\/html/);
    const crossSite = await form(
      "/invitations",
      { token, email: person.email, password: PASSWORD },
      "https://evil.example",
    );
    expect(crossSite.status).toBe(403);
    expect(await crossSite.text()).toContain("another site");
    const empty = await form("/invitations", {});
    expect(empty.status).toBe(400);
    expect(await role(shop.id, person.session.user.id)).toBeNull();
    expect(await role(shop.id, stranger.session.user.id)).toBeNull();
    expect(await liveSessions(stranger.session.user.id)).toBe(1);
  });
});
