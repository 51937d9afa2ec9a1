import { z } from "@hono/zod-openapi";
import { UserSchema } from "../accounts/dto";
import { ROLES, STATUSES } from "../lib/domain";
import { PageCursor, PageLimit } from "../lib/openapi";
import { EmailSchema, NewPasswordInput, ProfileName } from "../schemas/inputs";

export const USER_SORTS = ["-created_at", "created_at", "email"] as const;

export const ListUsersQuery = z.object({
  limit: PageLimit,
  cursor: PageCursor,
  role: z.enum(ROLES).optional(),
  status: z.enum(STATUSES).optional(),
  q: z
    .string()
    .trim()
    .min(1)
    .max(254)
    .optional()
    .openapi({ description: "Case-insensitive email prefix; `%` and `_` match themselves." }),
  sort: z.enum(USER_SORTS).default("-created_at").openapi({
    description: "`-created_at` (newest first, default), `created_at`, or `email`.",
  }),
});

export const UserPage = z
  .object({ items: z.array(UserSchema), next_cursor: z.string().nullable() })
  .openapi("UserPage", { description: "`next_cursor` is null on the last page." });

export const IdParam = z.object({
  id: z.string().openapi({
    param: { name: "id", in: "path" },
    example: "0b7c8a4e-3f1d-4c55-9a57-2f1f3b0a9d11",
  }),
});

export const CreateUserBody = z
  .strictObject({
    email: EmailSchema,
    password: NewPasswordInput,
    name: ProfileName,
    surname: ProfileName,
    role: z.enum(ROLES).optional().openapi({ description: "Default `user`." }),
    status: z
      .enum(STATUSES)
      .optional()
      .openapi({ description: "Default `verified` (with `verified_at` set)." }),
  })
  .openapi("AdminCreateUserRequest");

export const PatchUserBody = z
  .strictObject({
    name: ProfileName,
    surname: ProfileName,
    role: z.enum(ROLES).optional(),
    status: z.enum(STATUSES).optional(),
  })
  .openapi("AdminPatchUserRequest");
