import { z } from "@hono/zod-openapi";
import {
  CodeInput,
  EmailSchema,
  NewPasswordInput,
  PasswordInput,
  ProfileName,
  RefreshTokenInput,
  RefreshTransportInput,
} from "../schemas/inputs";

export const SignupBody = z
  .strictObject({
    email: EmailSchema,
    password: NewPasswordInput,
    name: ProfileName.openapi({ example: "Ada" }),
    surname: ProfileName.openapi({ example: "Lovelace" }),
  })
  .openapi("SignupRequest");

export const VerifyBody = z
  .strictObject({
    email: EmailSchema,
    password: PasswordInput,
    code: CodeInput,
    refresh_token_transport: RefreshTransportInput,
  })
  .openapi("VerifyRequest");

export const EmailBody = z.strictObject({ email: EmailSchema }).openapi("EmailRequest");

export const LoginBody = z
  .strictObject({
    email: EmailSchema,
    password: PasswordInput,
    refresh_token_transport: RefreshTransportInput,
  })
  .openapi("LoginRequest");

export const EmailCodeBody = z
  .strictObject({
    email: EmailSchema,
    code: CodeInput,
    refresh_token_transport: RefreshTransportInput,
  })
  .openapi("EmailCodeSignInRequest");

export const RefreshBody = z
  .strictObject({
    refresh_token: RefreshTokenInput.optional().openapi({
      description: "Omit (or send no body) to use the refresh-token cookie of a browser session.",
    }),
  })
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
