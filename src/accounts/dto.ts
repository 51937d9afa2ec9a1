import { z } from "@hono/zod-openapi";
import type { UserRow } from "../db/schema";
import { ROLES, STATUSES } from "../lib/domain";

export const UserSchema = z
  .object({
    id: z.uuid().openapi({ example: "0b7c8a4e-3f1d-4c55-9a57-2f1f3b0a9d11" }),
    email: z.string().openapi({ example: "ada@example.com" }),
    name: z.string().nullable().openapi({ example: "Ada" }),
    surname: z.string().nullable().openapi({ example: "Lovelace" }),
    role: z.enum(ROLES),
    status: z.enum(STATUSES),
    created_at: z.string().openapi({ example: "2026-11-21T09:30:00.000Z" }),
    updated_at: z.string().openapi({ example: "2026-11-21T09:30:00.000Z" }),
    verified_at: z.string().nullable().openapi({ example: "2026-11-21T09:35:12.000Z" }),
    banned: z.boolean().openapi({ description: "A ban is in force (POST /v1/users/{id}/ban)." }),
    banned_until: z
      .string()
      .nullable()
      .openapi({ description: "When the ban ends; null when not banned or banned until lifted." }),
    ban_reason: z.string().nullable().openapi({ description: "Why, while banned." }),
  })
  .openapi("User", { description: "An account. Never carries a password, hash, token or code." });

export type UserDto = z.infer<typeof UserSchema>;

/** The only way a user leaves the service: an explicit allowlist of fields. */
export function toUserDto(
  row: Pick<
    UserRow,
    | "id"
    | "email"
    | "name"
    | "surname"
    | "role"
    | "status"
    | "createdAt"
    | "updatedAt"
    | "verifiedAt"
    | "bannedAt"
    | "bannedUntil"
    | "banReason"
  >,
  now = new Date(),
): UserDto {
  const banned = isBanned(row, now);
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    surname: row.surname,
    role: row.role,
    status: row.status,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
    verified_at: row.verifiedAt,
    banned,
    banned_until: banned ? row.bannedUntil : null,
    ban_reason: banned ? row.banReason : null,
  };
}

/** A ban is in force: set, and not yet over. */
export function isBanned(
  row: Pick<UserRow, "bannedAt" | "bannedUntil">,
  now = new Date(),
): boolean {
  return row.bannedAt !== null && (row.bannedUntil === null || row.bannedUntil > now.toISOString());
}
