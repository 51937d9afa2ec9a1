import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config";
import type { Mail } from "../../src/mail/messages";
import { renderMail } from "../../src/mail/templates";

// MAIL_BRAND: every mail names and signs with the configured brand; a name that happens to hold
// the default brand is left as it was.

const notice = {
  id: "m1",
  to: "ada@example.com",
  name: "Ada of Coffee Shop Lane",
  kind: "password_changed",
} as Mail;
const code = {
  id: "m2",
  to: "ada@example.com",
  name: null,
  kind: "verification_code",
  code: "123456",
  expires_at: new Date(Date.now() + 600_000).toISOString(),
} as Mail;

describe("MAIL_BRAND", () => {
  it("names the brand in the subject and text and signs with it; other text is untouched", () => {
    const rendered = renderMail(notice, new Date(), { brand: "Alfama Roasters" });
    expect(rendered.subject).toBe("Your Alfama Roasters password was changed");
    expect(rendered.text).toContain("Hi Ada of Coffee Shop Lane,");
    expect(rendered.text.trimEnd().endsWith("— Alfama Roasters")).toBe(true);
    expect(rendered.text).not.toMatch(/Coffee Shop(?! Lane)/);
    expect(rendered.html).toContain("<p>— Alfama Roasters</p>");
    const withCode = renderMail(code, new Date(), { brand: "Alfama Roasters" });
    expect(withCode.subject).toBe("Your Alfama Roasters verification code");
    expect(`${withCode.text}${withCode.html}`).not.toContain("Coffee Shop");
  });

  it("defaults to Coffee Shop, and escapes the brand in HTML", () => {
    expect(renderMail(notice).text.trimEnd().endsWith("— Coffee Shop")).toBe(true);
    expect(renderMail(notice, new Date(), { brand: "Tom & Jerry's" }).html).toContain(
      "— Tom &amp; Jerry",
    );
  });

  it("a notice sends the reader to a page that exists: the reset page when PUBLIC_URL is set", () => {
    expect(
      renderMail(notice, new Date(), { publicUrl: "https://accounts.example" }).text,
    ).toContain("reset your password now at https://accounts.example/reset");
    const without = renderMail(notice).text;
    expect(without).toContain('"Forgot password" in the app');
    expect(without).not.toContain("sign-in page");
    expect(without).not.toContain("Review your sessions");
    // APP_URL: the app's account page, where sessions are seen and ended.
    expect(
      renderMail(notice, new Date(), {
        publicUrl: "https://accounts.example",
        appUrl: "https://app.coffee.example/account",
      }).text,
    ).toContain("Review your sessions and sign-in settings at https://app.coffee.example/account.");
  });

  it("is plain text of at most 64 characters", () => {
    for (const bad of ["<b>Shop</b>", "x".repeat(65), "Line\nbreak"]) {
      const parsed = loadConfig({ ...env, MAIL_BRAND: bad } as unknown as Env);
      expect(parsed.ok, bad).toBe(false);
      if (!parsed.ok) expect(parsed.error.setting).toBe("MAIL_BRAND");
    }
  });
});
