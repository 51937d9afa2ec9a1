import type { Mail } from "./messages";

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

/** Subjects are one line: CR/LF (header injection) and other control characters are removed. */
export function safeSubject(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
  return value.replace(/[\u0000-\u001f\u007f]+/g, " ").trim();
}

/** User-provided text for the plain part: no control characters, at most 100 characters. */
function plain(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
  return value.replace(/[\u0000-\u001f\u007f]+/g, " ").slice(0, 100);
}

function minutesUntil(iso: string, now: Date): number {
  return Math.max(1, Math.round((Date.parse(iso) - now.getTime()) / 60_000));
}

/**
 * Where the sign-off goes until `renderMail` puts the brand there (MAIL_BRAND). A control
 * character cannot come from a name or any other field (`plain` strips them), so nothing else is
 * ever replaced.
 */
const SIGN_OFF = "\u0000sign-off\u0000";

function layout(greeting: string, paragraphs: string[], code?: string): string {
  const codeBlock = code
    ? `<p style="font-size:28px;font-weight:bold;letter-spacing:6px;font-family:monospace">${escapeHtml(code)}</p>`
    : "";
  const body = paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("");
  return `<!doctype html><html><body style="font-family:sans-serif;line-height:1.5"><p>${escapeHtml(greeting)}</p>${codeBlock}${body}<p>${SIGN_OFF}</p></body></html>`;
}

function mail(subject: string, greeting: string, lines: string[], code?: string): RenderedMail {
  return {
    subject: safeSubject(subject),
    text: [greeting, "", ...lines, "", SIGN_OFF].join("\n"),
    // The code gets its own large line in the HTML part; the sentence naming it stays in text.
    html: layout(greeting, code ? lines.slice(1) : lines, code),
  };
}

/**
 * Plain text and HTML for one mail. Names are escaped; codes never in the subject; a notice
 * carries no secret — only what happened, and what to do if it was not the account holder.
 */
export function renderMail(
  message: Mail,
  now = new Date(),
  settings: { brand?: string; publicUrl?: string; appUrl?: string } = {},
): RenderedMail {
  const brand = plain(settings.brand ?? DEFAULT_BRAND);
  const rendered = compose(message, now, brand, settings.publicUrl, settings.appUrl);
  return {
    subject: rendered.subject,
    text: rendered.text.replace(SIGN_OFF, `— ${brand}`),
    html: rendered.html.replace(SIGN_OFF, `— ${escapeHtml(brand)}`),
  };
}

/** The brand every mail names and signs with (MAIL_BRAND). */
export const DEFAULT_BRAND = "Coffee Shop";

function compose(
  message: Mail,
  now: Date,
  brand: string,
  publicUrl?: string,
  appUrl?: string,
): RenderedMail {
  // Where a person who did not do it goes: pages that exist — the hosted reset page when there
  // is one (a reset signs every session out), and the app's account page (APP_URL) when set.
  const reset = publicUrl
    ? `reset your password now at ${publicUrl}/reset`
    : 'reset your password now ("Forgot password" in the app)';
  const review = appUrl ? ` Review your sessions and sign-in settings at ${appUrl}.` : "";
  const NOT_YOU = `If it was not you, ${reset}: that signs every session out.${review}`;
  const greeting = message.name ? `Hi ${plain(message.name)},` : "Hi,";
  switch (message.kind) {
    // An address that has not proven itself gets no text its sender chose: no name, ever.
    case "verification_code":
      return mail(
        `Your ${brand} verification code`,
        "Hi,",
        [
          `Your ${brand} verification code is ${message.code}.`,
          `Enter it with your password to verify your email address. It expires in ${minutesUntil(message.expires_at, now)} minutes and works once.`,
          "If you did not sign up, ignore this mail: the account is deleted if it is never verified.",
        ],
        message.code,
      );
    case "password_reset_code":
      return mail(
        `Reset your ${brand} password`,
        greeting,
        [
          `Your ${brand} password reset code is ${message.code}.`,
          ...(message.reset_page
            ? [
                `Or choose a new password here: ${message.reset_page}#email=${encodeURIComponent(message.to)}&code=${message.code}`,
              ]
            : []),
          `It expires in ${minutesUntil(message.expires_at, now)} minutes and works once. Resetting signs you out everywhere.`,
          "If you did not ask for this, ignore this mail: your password has not changed.",
        ],
        message.code,
      );
    case "email_change_code":
      return mail(
        `Confirm your new ${brand} email address`,
        "Hi,",
        [
          `Your code to move your ${brand} account to this address is ${message.code}.`,
          `Enter it while signed in to confirm the change. It expires in ${minutesUntil(message.expires_at, now)} minutes and works once.`,
          "If you did not ask for this, ignore this mail: nothing changes without the code.",
        ],
        message.code,
      );
    case "login_code":
      return mail(
        `Your ${brand} sign-in code`,
        greeting,
        [
          `Your ${brand} sign-in code is ${message.code}.`,
          `Enter it to sign in without your password. It expires in ${minutesUntil(message.expires_at, now)} minutes and works once.`,
          "If you did not ask for it, ignore this mail — and if it keeps coming, change your password: someone is trying your address.",
        ],
        message.code,
      );
    case "account_exists":
      return mail(`You already have a ${brand} account`, greeting, [
        `Someone tried to sign up for ${brand} with this email address, which already has an account.`,
        "If it was you, log in instead — or reset your password if you forgot it.",
        "If it was not you, you can ignore this mail; nothing has changed.",
      ]);
    case "email_change_attempted":
      return mail("Someone tried to use your email address", greeting, [
        `Someone signed in to another ${brand} account tried to change its email address to this one, which already has an account.`,
        "Nothing has changed: your account and this address are untouched, and no code was sent.",
        "If you did not expect this, you can ignore this mail.",
      ]);
    case "email_changed":
      return mail(`Your ${brand} email address was changed`, greeting, [
        `The email address of your ${brand} account was changed to ${plain(message.new_email)}.`,
        "Mail about your account now goes there, and every other session was signed out.",
        `If it was not you, contact us at once — ${NOT_YOU.charAt(0).toLowerCase()}${NOT_YOU.slice(1)}`,
      ]);
    case "password_changed":
      return mail(`Your ${brand} password was changed`, greeting, [
        `The password of your ${brand} account was just changed, and every other session was signed out.`,
        NOT_YOU,
      ]);
    case "password_reset":
      return mail(`Your ${brand} password was reset`, greeting, [
        `The password of your ${brand} account was just reset with a code mailed to this address, and every session was signed out.`,
        NOT_YOU,
      ]);
    case "mfa_enabled":
      return mail(`Two-step sign-in is on for your ${brand} account`, greeting, [
        `Two-step sign-in (an authenticator app) was just turned on for your ${brand} account; every other session was signed out.`,
        "Keep your recovery codes somewhere safe: each lets you sign in once without the app. To remove it: turn two-step sign-in off in your account (DELETE /v1/users/me/mfa, with your password and a code).",
        NOT_YOU,
      ]);
    case "mfa_disabled":
      return mail(`Two-step sign-in is off for your ${brand} account`, greeting, [
        `Two-step sign-in was just turned off for your ${brand} account: signing in needs the password only.`,
        NOT_YOU,
      ]);
    case "sms_enabled":
      return mail(`Codes by text message are on for your ${brand} account`, greeting, [
        `Signing in to your ${brand} account can now be confirmed with a code texted to the number ending in ${message.phone_ending}.`,
        "Text messages are the weakest second step: a thief who moves your number to their SIM card gets your codes. An authenticator app or a passkey is safer; add one in your account, then remove the number.",
        NOT_YOU,
      ]);
    case "sms_removed":
      return mail(`Codes by text message are off for your ${brand} account`, greeting, [
        `The number ending in ${message.phone_ending} no longer receives sign-in codes for your ${brand} account.`,
        NOT_YOU,
      ]);
    case "recovery_code_used":
      return mail("A recovery code was used to sign in", greeting, [
        `Someone signed in to your ${brand} account with your password and one of your recovery codes. That code no longer works.`,
        "If you lost your authenticator app, make new recovery codes once you have set it up again.",
        NOT_YOU,
      ]);
    case "recovery_codes_regenerated":
      return mail(`New recovery codes for your ${brand} account`, greeting, [
        `A new set of recovery codes was just made for your ${brand} account; the old ones no longer work.`,
        NOT_YOU,
      ]);
    case "shop_invitation": {
      const days = Math.max(1, Math.round(minutesUntil(message.expires_at, now) / 1440));
      const shop = message.shop_name
        ? `"${plain(message.shop_name)}" (${message.shop_slug})`
        : `"${message.shop_slug}"`;
      return mail(
        `You are invited to join ${message.shop_name ? plain(message.shop_name) : message.shop_slug} on ${brand}`,
        "Hi,",
        [
          `You are invited to join the coffee shop ${shop} as ${message.role === "owner" ? "an owner" : `a ${message.role}`}. Your invitation token is ${message.code}`,
          message.invitation_page
            ? `Accept it here: ${message.invitation_page}#token=${message.code} — sign in with this email address (no account yet? sign up in the app with it first). It works once and expires in ${days} day${days === 1 ? "" : "s"}.`
            : `Sign in (or sign up) with this email address, then accept it in the app. It works once and expires in ${days} day${days === 1 ? "" : "s"}.`,
          "If you did not expect this, ignore this mail: nothing happens without the token.",
        ],
      );
    }
    case "account_banned":
      return mail(`Your ${brand} account is suspended`, greeting, [
        message.until
          ? `A ${brand} administrator suspended your account until ${message.until}; every session was signed out.`
          : `A ${brand} administrator suspended your account until further notice; every session was signed out.`,
        "If you think this is a mistake, reply to this mail.",
      ]);
    case "account_unbanned":
      return mail(`Your ${brand} account is active again`, greeting, [
        `A ${brand} administrator lifted the suspension of your account: you can sign in again.`,
      ]);
    case "passkey_added":
      return mail(`A passkey was added to your ${brand} account`, greeting, [
        `A new passkey${message.passkey_name ? ` ("${plain(message.passkey_name)}")` : ""} was just added to your ${brand} account: it can sign in without your password and counts as two-step sign-in.`,
        "To remove it: your account's Passkeys page (DELETE /v1/users/me/passkeys/{id}), or ask an administrator to reset your second factors.",
        NOT_YOU,
      ]);
    case "api_keys_revoked":
      return mail(`Till keys of ${plain(message.shop_name)} stopped working`, greeting, [
        `These keys of "${plain(message.shop_name)}" were revoked because the person who made them can no longer make keys there (they left or were removed, demoted, banned or deleted): ${message.keys.map(plain).join(", ")}.`,
        "Tills and kiosks that used them are signed out. Make new keys from the shop's Keys page (POST /v1/shops/{id}/api-keys) if they are still needed.",
      ]);
    case "identity_linked":
      return mail(`${plain(message.provider)} can now sign in to your ${brand} account`, greeting, [
        `Your ${plain(message.provider)} account was just linked to your ${brand} account: signing in with ${plain(message.provider)} now opens it.`,
        "To unlink it: your account's sign-in methods (DELETE /v1/users/me/identities/{id}).",
        NOT_YOU,
      ]);
    case "passkey_removed":
      return mail(`A passkey was removed from your ${brand} account`, greeting, [
        `A passkey was just removed from your ${brand} account: it can no longer sign in.`,
        NOT_YOU,
      ]);
    case "mfa_attempts_blocked":
      return mail(`Second factors for your ${brand} account are on hold`, greeting, [
        `Someone who knows your ${brand} password has entered 10 wrong authenticator or recovery codes in a row.`,
        "Two-step sign-in for your account now waits a while after each further wrong code; your account is safe while your codes are.",
        `If it was not you, your password is known to someone else: ${reset}: that signs every session out.${review}`,
      ]);
    case "mfa_reset_by_admin":
      return mail("An administrator turned off two-step sign-in", greeting, [
        `A ${brand} administrator removed your second factors — authenticator app, recovery codes and passkeys — usually because you asked after losing them.`,
        "Signing in needs the password only until you turn it on again — we recommend doing that now.",
        NOT_YOU,
      ]);
  }
}
