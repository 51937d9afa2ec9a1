import { z } from "@hono/zod-openapi";
import { UserSchema } from "../accounts/dto";

/** What every sign-in answers (verify, login, refresh, password change …). */
export const SessionSchema = z
  .object({
    access_token: z
      .string()
      .openapi({ description: "HS256 JWT; send as `Authorization: Bearer`." }),
    refresh_token: z
      .string()
      .optional()
      .openapi({
        description:
          "Opaque; single use — each refresh returns a new one. Absent when the session uses " +
          'the cookie transport (`refresh_token_transport: "cookie"`): the token is then in the ' +
          "HttpOnly `__Secure-refresh_token` cookie (Path=/v1/auth) instead.",
      }),
    token_type: z.literal("Bearer"),
    expires_in: z
      .number()
      .int()
      .openapi({ description: "Access token lifetime in seconds.", example: 900 }),
    user: UserSchema,
  })
  .openapi("Session");

export const MfaChallengeSchema = z
  .object({
    mfa_required: z.literal(true),
    mfa_token: z.string().openapi({
      description:
        "Opaque; send it to POST /v1/auth/mfa/verify with a TOTP code, a recovery code or " +
        "(after POST /v1/auth/mfa/sms) a texted code. " +
        "Good for 5 minutes, 5 attempts and one success.",
    }),
    expires_in: z.number().int().openapi({ example: 300 }),
    methods: z.array(z.enum(["totp", "recovery_code", "sms"])).openapi({
      example: ["totp", "recovery_code"],
      description:
        "The second factors this account can answer with (`sms`: it has an enrolled number).",
    }),
  })
  .openapi("MfaChallenge", {
    description: "The password was right and MFA is on: no token yet, a second factor first.",
  });

/** A first factor's answer: a session, or — with MFA on — the challenge for the second. */
export const SignInSchema = z.union([SessionSchema, MfaChallengeSchema]).openapi("SignIn");
