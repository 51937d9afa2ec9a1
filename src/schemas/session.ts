import { z } from "@hono/zod-openapi";
import { UserSchema } from "../users/dto";

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
