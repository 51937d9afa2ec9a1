import { z } from "@hono/zod-openapi";
import { PERMISSIONS } from "../accounts/permissions";
import { SHOP_ROLES, SHOP_STATUSES } from "../lib/domain";
import { PageCursor, PageLimit } from "../lib/openapi";
import { isTimeZone } from "../lib/time";
import { EmailSchema } from "../schemas/inputs";

const Id = (name: string, example: string) =>
  z
    .string()
    .max(64)
    .openapi({ param: { name, in: "path" }, example });

export const ShopIdParam = z.object({
  id: Id("id", "5f3c2a10-6b8e-4d21-9c47-0a1b2c3d4e5f"),
});
export const MemberParams = z.object({
  id: Id("id", "5f3c2a10-6b8e-4d21-9c47-0a1b2c3d4e5f"),
  user_id: Id("user_id", "0b7c8a4e-3f1d-4c55-9a57-2f1f3b0a9d11"),
});
export const InvitationParams = z.object({
  id: Id("id", "5f3c2a10-6b8e-4d21-9c47-0a1b2c3d4e5f"),
  invitation_id: Id("invitation_id", "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"),
});

const ShopRole = z.enum(SHOP_ROLES).openapi({ example: "barista" });
const Slug = z
  .string()
  .regex(/^[a-z0-9-]{3,40}$/, "3–40 characters: lower-case letters, digits and hyphens.")
  .openapi({ example: "alfama-roastery" });
const ShopName = z.string().trim().min(1).max(100).openapi({ example: "Alfama Roastery" });
const TimeZone = z
  .string()
  .refine(isTimeZone, "Not an IANA time zone (e.g. Europe/Lisbon).")
  .openapi({ example: "Europe/Lisbon", description: "An IANA time zone name." });

export const ShopSchema = z
  .object({
    id: z.uuid().openapi({ example: "5f3c2a10-6b8e-4d21-9c47-0a1b2c3d4e5f" }),
    slug: Slug,
    name: ShopName,
    timezone: z.string().openapi({ example: "Europe/Lisbon" }),
    status: z.enum(SHOP_STATUSES),
    created_at: z.string().openapi({ example: "2026-12-06T09:00:00.000Z" }),
  })
  .openapi("Shop");

export const CreateShopBody = z
  .strictObject({ slug: Slug, name: ShopName, timezone: TimeZone })
  .openapi("CreateShopRequest");

export const PatchShopBody = z
  .strictObject({
    name: ShopName.optional(),
    timezone: TimeZone.optional(),
    status: z.enum(SHOP_STATUSES).optional().openapi({
      description: "`closed` keeps the members and refuses new invitations and keys.",
    }),
  })
  .openapi("PatchShopRequest");

export const ListShopsQuery = z.object({
  limit: PageLimit,
  cursor: PageCursor,
  status: z.enum(SHOP_STATUSES).optional(),
  q: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .openapi({ description: "Case-insensitive prefix of the slug or the name." }),
});

export const ShopPage = z
  .object({
    items: z.array(
      ShopSchema.extend({
        role: ShopRole.nullable().openapi({ description: "The caller's role (null: none)." }),
      }),
    ),
    next_cursor: z.string().nullable(),
  })
  .openapi("ShopPage");

export const PageQuery = z.object({ limit: PageLimit, cursor: PageCursor });

export const MemberSchema = z
  .object({
    user_id: z.uuid(),
    email: z.string().openapi({ example: "ada@example.com" }),
    name: z.string().nullable(),
    surname: z.string().nullable(),
    role: ShopRole,
    created_at: z.string().openapi({ example: "2026-12-06T09:00:00.000Z" }),
  })
  .openapi("Member");

export const MemberPage = z
  .object({ items: z.array(MemberSchema), next_cursor: z.string().nullable() })
  .openapi("MemberPage");

export const PatchMemberBody = z.strictObject({ role: ShopRole }).openapi("PatchMemberRequest");

export const InviteBody = z
  .strictObject({ email: EmailSchema, role: ShopRole })
  .openapi("InviteRequest");

export const InvitationSchema = z
  .object({
    id: z.uuid(),
    email: z.string().openapi({ example: "bea@example.com" }),
    role: ShopRole,
    expires_at: z.string().openapi({ example: "2026-12-13T09:00:00.000Z" }),
  })
  .openapi("Invitation");

export const InvitationPage = z
  .object({
    items: z.array(InvitationSchema.extend({ created_at: z.string() })),
    next_cursor: z.string().nullable(),
  })
  .openapi("InvitationPage");

export const AcceptBody = z
  .strictObject({
    token: z
      .string()
      .min(1)
      .max(256)
      .openapi({ description: "The token from the invitation mail." }),
  })
  .openapi("AcceptInvitationRequest");

export const Accepted = z
  .object({ shop: ShopSchema, role: ShopRole })
  .openapi("AcceptedInvitation");

export const MembershipList = z
  .object({
    items: z.array(z.object({ shop: ShopSchema, role: ShopRole, created_at: z.string() })),
  })
  .openapi("MembershipList");

export const PermissionTable = z
  .object({
    roles: z.object({
      owner: z.array(z.enum(PERMISSIONS)),
      manager: z.array(z.enum(PERMISSIONS)),
      barista: z.array(z.enum(PERMISSIONS)),
    }),
  })
  .openapi("Permissions");
