import { and, asc, desc, eq, gt, gte, lt, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { type AuditEvent, auditInsert } from "../audit/service";
import { assertPasswordAllowed, findUserByEmail } from "../auth/service";
import { hashPassword } from "../crypto/password";
import type { Statement } from "../db/client";
import { ROLES, type Role, STATUSES, type Status, type UserRow, users } from "../db/schema";
import { decodeCursor, encodeCursor } from "../lib/cursor";
import type { Deps } from "../lib/deps";
import { ApiError } from "../lib/errors";
import { toUserDto, type UserDto } from "../users/dto";
import { notTheLastActiveAdmin } from "./last-admin";

export const USER_SORTS = ["-created_at", "created_at", "email"] as const;
export type UserSort = (typeof USER_SORTS)[number];

export interface ListUsersQuery {
  limit: number;
  cursor?: string;
  role?: Role;
  status?: Status;
  q?: string;
  sort: UserSort;
}

// Above every code point: `email < prefix + MAX_CHAR` closes a prefix range on the email index.
const MAX_CHAR = "\u{10FFFF}";

const CursorPayload = z.object({
  sort: z.enum(USER_SORTS),
  role: z.enum(ROLES).nullable(),
  status: z.enum(STATUSES).nullable(),
  q: z.string().nullable(),
  key: z.tuple([z.string(), z.string()]),
});
type CursorPayload = z.infer<typeof CursorPayload>;

/**
 * The page query: filters and the keyset condition as equality/range constraints that one of
 * the users_* indexes serves in order, so the cost depends on the page size, not on the table.
 * `q` is a prefix *range* on the (lower-case) email — `%` and `_` are just characters.
 */
export function listUsersStatement(deps: Deps, query: ListUsersQuery, after: CursorPayload | null) {
  const conditions: SQL[] = [];
  if (query.role) conditions.push(eq(users.role, query.role));
  if (query.status) conditions.push(eq(users.status, query.status));
  if (query.q) {
    const prefix = query.q.toLowerCase();
    conditions.push(gte(users.email, prefix), lt(users.email, prefix + MAX_CHAR));
  }
  if (after) {
    const [first, second] = after.key;
    if (query.sort === "email") conditions.push(gt(users.email, first));
    else if (query.sort === "created_at") {
      conditions.push(sql`(${users.createdAt}, ${users.id}) > (${first}, ${second})`);
    } else conditions.push(sql`(${users.createdAt}, ${users.id}) < (${first}, ${second})`);
  }
  const order =
    query.sort === "email"
      ? [asc(users.email)]
      : query.sort === "created_at"
        ? [asc(users.createdAt), asc(users.id)]
        : [desc(users.createdAt), desc(users.id)];
  return deps.db
    .select()
    .from(users)
    .where(and(...conditions))
    .orderBy(...order)
    .limit(query.limit + 1);
}

export async function listUsers(
  deps: Deps,
  query: ListUsersQuery,
): Promise<{ items: UserDto[]; next_cursor: string | null }> {
  const secret = deps.config.jwtSecret;
  const scope = {
    sort: query.sort,
    role: query.role ?? null,
    status: query.status ?? null,
    q: query.q?.toLowerCase() ?? null,
  };
  let after: CursorPayload | null = null;
  if (query.cursor) {
    after = await decodeCursor(secret, query.cursor, CursorPayload);
    const { key: _key, ...cursorScope } = after;
    if (JSON.stringify(cursorScope) !== JSON.stringify(scope)) {
      throw new ApiError("validation_failed", "The cursor belongs to another query.", {
        errors: [{ path: "cursor", message: "Cursor does not match sort and filters" }],
      });
    }
  }
  const rows = await listUsersStatement(deps, query, after);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const next_cursor =
    rows.length > query.limit && last
      ? await encodeCursor(secret, {
          ...scope,
          key: query.sort === "email" ? [last.email, last.id] : [last.createdAt, last.id],
        })
      : null;
  return { items: page.map(toUserDto), next_cursor };
}

export async function getUser(deps: Deps, id: string): Promise<UserDto> {
  const user = await deps.db.select().from(users).where(eq(users.id, id)).get();
  if (!user) throw new ApiError("not_found", "No user with this id.");
  return toUserDto(user);
}

export interface CreateUserInput {
  email: string;
  password: string;
  name?: string | null;
  surname?: string | null;
  role?: Role;
  status?: Status;
}

/** Admin create: same password policy; verified (with verified_at) unless told otherwise. */
export async function createUser(
  deps: Deps,
  actorId: string,
  input: CreateUserInput,
): Promise<UserDto> {
  const { db, config, meta } = deps;
  assertPasswordAllowed(deps, input.password, input.email);
  if (await findUserByEmail(db, input.email)) {
    throw new ApiError("conflict", "A user with this email already exists.");
  }
  const at = new Date().toISOString();
  const status = input.status ?? "verified";
  const row: UserRow = {
    id: crypto.randomUUID(),
    email: input.email,
    passwordHash: await hashPassword(input.password, config.passwordPepper),
    name: input.name ?? null,
    surname: input.surname ?? null,
    role: input.role ?? "user",
    status,
    tokenVersion: 0,
    createdAt: at,
    updatedAt: at,
    verifiedAt: status === "verified" ? at : null,
  };
  try {
    await db.batch([
      db.insert(users).values(row),
      auditInsert(db, meta, {
        type: "admin.user_create",
        actorId,
        targetId: row.id,
        data: { role: row.role, status: row.status },
      }),
    ]);
  } catch (error) {
    // Lost a race with another create of the same email: the unique index decided.
    if (String(error).includes("UNIQUE")) {
      throw new ApiError("conflict", "A user with this email already exists.");
    }
    throw error;
  }
  return toUserDto(row);
}

export interface PatchUserInput {
  name?: string | null;
  surname?: string | null;
  role?: Role;
  status?: Status;
}

/**
 * Admin patch. A role or status change bumps the token version, so it takes effect on the
 * user's very next request. Setting `pending` keeps `verified_at` (the purge must never take
 * an account that was once verified). Demoting the last active admin is refused atomically.
 */
export async function patchUser(
  deps: Deps,
  actorId: string,
  id: string,
  input: PatchUserInput,
): Promise<UserDto> {
  const { db, meta } = deps;
  const current = await db.select().from(users).where(eq(users.id, id)).get();
  if (!current) throw new ApiError("not_found", "No user with this id.");

  const changes: Partial<UserRow> = {};
  for (const field of ["name", "surname", "role", "status"] as const) {
    if (input[field] !== undefined && input[field] !== current[field]) {
      Object.assign(changes, { [field]: input[field] });
    }
  }
  if (Object.keys(changes).length === 0) return toUserDto(current);

  const at = new Date().toISOString();
  const accessChanged = changes.role !== undefined || changes.status !== undefined;
  if (changes.status === "verified" && !current.verifiedAt) changes.verifiedAt = at;

  const update = db
    .update(users)
    .set({
      ...changes,
      updatedAt: at,
      ...(accessChanged ? { tokenVersion: sql`${users.tokenVersion} + 1` } : {}),
    })
    .where(and(eq(users.id, id), accessChanged ? notTheLastActiveAdmin : undefined))
    .returning()
    .get();
  const updated = await update;
  if (!updated) {
    const stillThere = await db.select({ id: users.id }).from(users).where(eq(users.id, id)).get();
    if (!stillThere) throw new ApiError("not_found", "No user with this id.");
    throw new ApiError("last_admin", "This is the last active admin; promote another admin first.");
  }

  const events: AuditEvent[] = [
    {
      type: "admin.user_update",
      actorId,
      targetId: id,
      data: { fields: Object.keys(changes).filter((f) => f !== "verifiedAt") },
    },
  ];
  if (changes.role !== undefined) {
    events.push({
      type: "admin.role_change",
      actorId,
      targetId: id,
      data: { from: current.role, to: changes.role },
    });
  }
  const statements: Statement[] = events.map((event) => auditInsert(db, meta, event));
  await db.batch(statements as [Statement, ...Statement[]]);
  return toUserDto(updated);
}

/** Deletes a user with their codes and tokens (cascade); never the last active admin. */
export async function deleteUser(deps: Deps, actorId: string, id: string): Promise<void> {
  const { db, meta } = deps;
  const deleted = await db
    .delete(users)
    .where(and(eq(users.id, id), notTheLastActiveAdmin))
    .returning({ id: users.id, role: users.role })
    .get();
  if (!deleted) {
    const exists = await db.select({ id: users.id }).from(users).where(eq(users.id, id)).get();
    if (!exists) throw new ApiError("not_found", "No user with this id.");
    throw new ApiError("last_admin", "This is the last active admin; promote another admin first.");
  }
  await auditInsert(db, meta, {
    type: "admin.user_delete",
    actorId,
    targetId: id,
    data: { role: deleted.role },
  });
}
