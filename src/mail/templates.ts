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

function layout(greeting: string, paragraphs: string[], code?: string): string {
  const codeBlock = code
    ? `<p style="font-size:28px;font-weight:bold;letter-spacing:6px;font-family:monospace">${escapeHtml(code)}</p>`
    : "";
  const body = paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("");
  return `<!doctype html><html><body style="font-family:sans-serif;line-height:1.5"><p>${escapeHtml(greeting)}</p>${codeBlock}${body}<p>— Coffee Shop</p></body></html>`;
}

/** Plain text and HTML for one queued message. Names are escaped; codes never in the subject. */
export function renderMail(message: Mail, now = new Date()): RenderedMail {
  const greeting = message.name ? `Hi ${plain(message.name)},` : "Hi,";
  switch (message.kind) {
    case "verification_code": {
      const minutes = minutesUntil(message.expires_at, now);
      const lines = [
        `Your Coffee Shop verification code is ${message.code}.`,
        `Enter it with your password to verify your email address. It expires in ${minutes} minutes and works once.`,
        "If you did not sign up, ignore this mail: the account is deleted if it is never verified.",
      ];
      return {
        subject: safeSubject("Your Coffee Shop verification code"),
        text: [greeting, "", ...lines, "", "— Coffee Shop"].join("\n"),
        html: layout(greeting, lines.slice(1), message.code),
      };
    }
    case "password_reset_code": {
      const minutes = minutesUntil(message.expires_at, now);
      const lines = [
        `Your Coffee Shop password reset code is ${message.code}.`,
        `It expires in ${minutes} minutes and works once. Resetting signs you out everywhere.`,
        "If you did not ask for this, ignore this mail: your password has not changed.",
      ];
      return {
        subject: safeSubject("Reset your Coffee Shop password"),
        text: [greeting, "", ...lines, "", "— Coffee Shop"].join("\n"),
        html: layout(greeting, lines.slice(1), message.code),
      };
    }
    case "account_exists": {
      const lines = [
        "Someone tried to sign up for Coffee Shop with this email address, which already has an account.",
        "If it was you, log in instead — or reset your password if you forgot it.",
        "If it was not you, you can ignore this mail; nothing has changed.",
      ];
      return {
        subject: safeSubject("You already have a Coffee Shop account"),
        text: [greeting, "", ...lines, "", "— Coffee Shop"].join("\n"),
        html: layout(greeting, lines),
      };
    }
  }
}
