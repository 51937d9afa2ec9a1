import { z } from "@hono/zod-openapi";
import { CODE_DIGITS } from "../crypto/codes";
import { REFRESH_TRANSPORTS } from "../lib/domain";

/** Request fields that several features accept, defined once. */

/** Trimmed and lower-cased *before* validation, so `"  A@B.co "` is accepted as `a@b.co`. */
export const EmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: "Enter a valid email address." }).max(254))
  .openapi({ type: "string", format: "email", example: "ada@example.com" });

/**
 * A password as submitted. The policy (length in code points, common list, not the email) is
 * checked by the service, which names the reason; this only bounds the hashing work.
 */
export const PasswordInput = z
  .string()
  .min(1, "Password is required.")
  .max(1024, "Password is too long.")
  .openapi({ example: "correct horse battery staple" });

export const NewPasswordInput = PasswordInput.openapi({
  description:
    "8–128 characters (PASSWORD_MIN_LENGTH), counted in code points; any Unicode, spaces included. " +
    "Must not be the email address nor a common password.",
});

export const CodeInput = z
  .string()
  .regex(new RegExp(`^\\d{${CODE_DIGITS}}$`), `The code is ${CODE_DIGITS} digits.`)
  .openapi({ example: "042917" });

export const ProfileName = z
  .string()
  .trim()
  .max(100, "At most 100 characters.")
  .nullable()
  .optional();

export const RefreshTokenInput = z
  .string()
  .min(1)
  .max(512)
  .openapi({ example: "q3Jc1b3m2mX0z9yVt8sWkq3Jc1b3m2mX0z9yVt8sWkQ" });

// Optional without a schema `default`: generated clients would make a defaulted field required.
export const RefreshTransportInput = z
  .enum(REFRESH_TRANSPORTS)
  .optional()
  .openapi({
    description:
      "`body` (the default when omitted): the refresh token is in the JSON response. `cookie` (browsers): it is " +
      "set as an HttpOnly, Secure, SameSite cookie scoped to /v1/auth and left out of the body; " +
      "refresh and logout then read it from the cookie.",
  });

/**
 * The step-up proof of a binding or a self-deletion (security/step-up.ts): the current password;
 * an account without one omits it, and its proof is a sign-in of the last 5 minutes.
 */
export const StepUpPassword = PasswordInput.optional().openapi({
  description:
    "The current password. An account without one (made by a provider sign-in) omits it: its proof is a sign-in of this session within the last 5 minutes.",
  example: "espresso-doppio-42!",
});
