import { z } from "@hono/zod-openapi";

/** Path parameters that several features share. */

/** `{id}` of a user (admin routes of sessions, MFA, bans …). */
export const UserIdParam = z.object({
  id: z.string().openapi({
    param: { name: "id", in: "path" },
    example: "0b7c8a4e-3f1d-4c55-9a57-2f1f3b0a9d11",
  }),
});
