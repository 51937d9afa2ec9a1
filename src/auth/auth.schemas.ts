import { z } from "@hono/zod-openapi";
import { CODE_DIGITS } from "../crypto/codes";
import { UserSchema } from "../users/dto";

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

export const SignupBody = z
  .strictObject({
    email: EmailSchema,
    password: NewPasswordInput,
    name: ProfileName.openapi({ example: "Ada" }),
    surname: ProfileName.openapi({ example: "Lovelace" }),
  })
  .openapi("SignupRequest");

export const VerifyBody = z
  .strictObject({ email: EmailSchema, password: PasswordInput, code: CodeInput })
  .openapi("VerifyRequest");

export const EmailBody = z.strictObject({ email: EmailSchema }).openapi("EmailRequest");

export const LoginBody = z
  .strictObject({ email: EmailSchema, password: PasswordInput })
  .openapi("LoginRequest");

export const RefreshTokenInput = z
  .string()
  .min(1)
  .max(512)
  .openapi({ example: "q3Jc1b3m2mX0z9yVt8sWkq3Jc1b3m2mX0z9yVt8sWkQ" });

export const RefreshBody = z
  .strictObject({ refresh_token: RefreshTokenInput })
  .openapi("RefreshRequest");

export const ResetBody = z
  .strictObject({ email: EmailSchema, code: CodeInput, new_password: NewPasswordInput })
  .openapi("PasswordResetRequest");

export const AcceptedSchema = z
  .object({
    message: z.string(),
    email: z.string().openapi({ example: "ada@example.com" }),
    code_expires_at: z.string().openapi({ example: "2026-11-21T09:45:00.000Z" }),
  })
  .openapi("Accepted", {
    description:
      "The same answer whether or not an account exists for the address (no enumeration).",
  });

export const SessionSchema = z
  .object({
    access_token: z
      .string()
      .openapi({ description: "HS256 JWT; send as `Authorization: Bearer`." }),
    refresh_token: z
      .string()
      .openapi({ description: "Opaque; single use — each refresh returns a new one." }),
    token_type: z.literal("Bearer"),
    expires_in: z
      .number()
      .int()
      .openapi({ description: "Access token lifetime in seconds.", example: 900 }),
    user: UserSchema,
  })
  .openapi("Session");
