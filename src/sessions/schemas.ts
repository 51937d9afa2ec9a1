import { z } from "@hono/zod-openapi";
import { AUTH_METHODS } from "../lib/domain";

/** A list shows the newest live sessions, at most this many. */
export const SESSIONS_LISTED = 100;

export const SessionInfo = z
  .object({
    id: z.uuid().openapi({ example: "7d1e3a52-5c7b-4a43-9b0e-0f1f3b0a9d22" }),
    created_at: z.string().openapi({ example: "2026-12-01T08:00:00.000Z" }),
    last_used_at: z.string().openapi({
      description: "The sign-in, or the last refresh.",
      example: "2026-12-01T09:45:00.000Z",
    }),
    expires_at: z.string().openapi({
      description: "The absolute end (SESSION_MAX_AGE_SECONDS after the sign-in).",
      example: "2027-03-01T08:00:00.000Z",
    }),
    ip: z.string().nullable().openapi({ example: "203.0.113.7" }),
    user_agent: z
      .string()
      .nullable()
      .openapi({ description: "At most 256 characters.", example: "Mozilla/5.0 (iPhone …)" }),
    country: z
      .string()
      .nullable()
      .openapi({ description: "Where Cloudflare saw the sign-in (ISO 3166).", example: "PT" }),
    amr: z
      .array(z.enum(AUTH_METHODS))
      .openapi({ description: "How it was authenticated (RFC 8176).", example: ["pwd"] }),
    current: z.boolean().openapi({ description: "The session of the request that asks." }),
    client: z
      .object({
        id: z.string().openapi({ example: "cl_Q2hhaW5BcHBfX19fX19fXw" }),
        name: z.string().openapi({ example: "Coffee Shop loyalty site" }),
      })
      .nullable()
      .openapi({
        description:
          "The app this session was granted to through the OpenID provider (docs/openid-provider.md); null for a sign-in to the API itself. Ending it ends the app's access.",
      }),
  })
  .openapi("SessionInfo", {
    description: "One sign-in and its refresh tokens. Never carries a token.",
  });

export const SessionList = z.object({ items: z.array(SessionInfo) }).openapi("SessionList", {
  description: `The live sessions, newest first (at most ${SESSIONS_LISTED}).`,
});

export const SessionIdParam = z.object({
  id: z.string().openapi({
    param: { name: "id", in: "path" },
    example: "7d1e3a52-5c7b-4a43-9b0e-0f1f3b0a9d22",
  }),
});
