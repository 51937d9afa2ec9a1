import { z } from "@hono/zod-openapi";
import { EmailSchema, NewPasswordInput, ProfileName } from "../auth/auth.schemas";
import { ROLES, STATUSES } from "../db/schema";
import { PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX } from "../lib/cursor";
import { UserSchema } from "../users/dto";
import { USER_SORTS } from "./service";

export const PageLimit = z.coerce
  .number()
  .int()
  .min(1)
  .max(PAGE_LIMIT_MAX)
  .default(PAGE_LIMIT_DEFAULT)
  .openapi({ description: `Page size, 1–${PAGE_LIMIT_MAX}.`, example: PAGE_LIMIT_DEFAULT });

export const PageCursor = z
  .string()
  .max(1024)
  .optional()
  .openapi({ description: "`next_cursor` of the previous page; opaque. Omit for the first page." });

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
