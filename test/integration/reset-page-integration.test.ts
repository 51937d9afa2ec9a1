import { describe, expect, it } from "vitest";
import { renderMail } from "../../src/mail/templates";
import {
  call,
  expireMailCooldown,
  lastMail,
  PASSWORD,
  uniqueEmail,
  verifiedUser,
} from "../helpers/api";

// The hosted reset page (PUBLIC_URL/reset, SPEC Part 4 "reset by a link"): the link carries the
// address and the code in its fragment; only the page's POST, with the new password, spends it.

const NEW_PASSWORD = "a-brand-new-passphrase-77";

async function forgot(email: string) {
  await expireMailCooldown(email);
  const response = await call("POST", "/v1/auth/password/forgot", { body: { email } });
  expect(response.status).toBe(202);
  return lastMail(email, "password_reset_code");
}

const post = (fields: Record<string, string>, origin = "https://api.test") =>
  call("POST", "/reset", {
    rawBody: new URLSearchParams(fields).toString(),
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: origin },
  });

describe("reset by a link", () => {
  it("the reset mail links to PUBLIC_URL/reset with the address and code in the fragment", async () => {
    const { email } = await verifiedUser("link-mail");
    const mail = await forgot(email);
    const { text } = renderMail(mail);
    expect(text).toContain(
      `https://accounts.test/reset#email=${encodeURIComponent(email)}&code=${mail.code}`,
    );
  });

  it("GET /reset is a page under a strict CSP; a scanner's GET spends nothing", async () => {
    const page = await call("GET", "/reset");
    expect(page.status).toBe(200);
    expect(page.headers.get("Content-Type")).toMatch(/^text\/html/);
    expect(page.headers.get("Content-Security-Policy")).toContain("default-src 'none'");
    const html = await page.text();
    for (const field of ['name="email"', 'name="code"', 'name="new_password"', 'action="/reset"']) {
      expect(html).toContain(field);
    }
    expect((await call("GET", "/reset.js")).headers.get("Content-Type")).toMatch(/javascript/);
  });

  it("the POST with the code and a new password changes it; the old one stops working", async () => {
    const { email } = await verifiedUser("link-reset");
    const { code } = await forgot(email);
    const done = await post({ email, code, new_password: NEW_PASSWORD });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain("Your password is changed");
    const login = (password: string) =>
      call("POST", "/v1/auth/login", { body: { email, password } });
    expect((await login(NEW_PASSWORD)).status).toBe(200);
    expect((await login(PASSWORD)).status).toBe(401);
  });

  it("a wrong code, a weak password or a missing field: the form again with a clear message, nothing changed", async () => {
    const { email } = await verifiedUser("link-wrong");
    const { code } = await forgot(email);
    const wrong = await post({
      email,
      code: code === "000000" ? "111111" : "000000",
      new_password: NEW_PASSWORD,
    });
    expect(wrong.status).toBe(400);
    const html = await wrong.text();
    expect(html).toContain('role="alert"');
    expect(html).not.toContain(code);
    const weak = await post({ email, code, new_password: "short" });
    expect([400, 422]).toContain(weak.status);
    expect(await weak.text()).toContain('role="alert"');
    expect((await post({ email })).status).toBe(400);
    expect(
      (await call("POST", "/v1/auth/login", { body: { email, password: PASSWORD } })).status,
    ).toBe(200);
  });

  it("no code yet: the page's second form mails one, with the API's answer and cooldown", async () => {
    const { email } = await verifiedUser("link-ask");
    await expireMailCooldown(email);
    const ask = (address: string) =>
      call("POST", "/reset/code", {
        rawBody: new URLSearchParams({ email: address }).toString(),
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          Origin: "https://api.test",
        },
      });
    const asked = await ask(email);
    expect(asked.status).toBe(200);
    expect(await asked.text()).toContain("a code is on its way");
    expect(lastMail(email, "password_reset_code").code).toMatch(/^\d{6}$/);
    // An unknown address gets the same page.
    const unknown = await ask(uniqueEmail("nobody"));
    expect(unknown.status).toBe(200);
    expect(await unknown.text()).toContain("a code is on its way");
    // The one-minute mail cooldown: a readable page, not JSON.
    const again = await ask(email);
    expect(again.status).toBe(429);
    expect(await again.text()).toContain('role="alert"');
  });

  it("a form posted from another origin is refused (CSRF)", async () => {
    const email = uniqueEmail("link-csrf");
    const response = await post(
      { email, code: "123456", new_password: NEW_PASSWORD },
      "https://evil.example",
    );
    expect(response.status).toBe(403);
  });
});
