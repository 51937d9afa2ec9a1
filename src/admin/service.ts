import { and, asc, desc, eq, gt, gte, lt, type SQL, sql } from "drizzle-orm";
import type { z } from "zod";
import { toUserDto, type UserDto } from "../accounts/dto";
import { userClaimed } from "../accounts/repository";
import { revokeOrphanedKeys } from "../api-keys/orphans";
import { type AuditEvent, auditWhere } from "../audit/events";
import { hashPassword } from "../crypto/password";
import { ALWAYS, newClaim, subject } from "../db/claim";
import { batch, type Statement } from "../db/client";
import { type Page, paginate } from "../db/pagination";
import { type UserRow, users } from "../db/schema";
import type { Deps } from "../deps";
import { recordEvent, recordUserEvent } from "../events/outbox";
import { ApiError } from "../lib/errors";
import { handOverLater, type OutboxRow } from "../mail/outbox";
import { notTheLastActiveAdmin } from "../security/last-admin";
import { assertPasswordAllowed } from "../security/passwords";
import type { CreateUserBody, ListUsersQuery, PatchUserBody } from "./admin.schemas";

// Above every code point: `email < prefix + MAX_CHAR` closes a prefix range on the email index.
const MAX_CHAR = "\u{10FFFF}";

type ListQuery = z.output<typeof ListUsersQuery>;

/**
 * The page query: filters and the keyset condition as equality/range constraints that one of
 * the users_* indexes serves in order, so the cost depends on the page size, not on the table.
 * `q` is a prefix *range* on the (lower-case) email — `%` and `_` are just characters.
 */
function roleLiteral(role: string): "user" | "admin" {
  if (role === "user" || role === "admin") return role;
  throw new ApiError("validation_failed", "Unknown role.");
}

function statusLiteral(status: string): "pending" | "verified" {
  if (status === "pending" || status === "verified") return status;
  throw new ApiError("validation_failed", "Unknown status.");
}

export function listUsersStatement(
  deps: Pick<Deps, "reads">,
  query: ListQuery,
  after: [string, string] | null,
  take: number,
) {
  const conditions: SQL[] = [];
  // Literals, not parameters: SQLite matches a partial index (admins, pending accounts) only to a
  // WHERE term it can read. The values are the schema's enums, checked by the query's schema.
  if (query.role) conditions.push(sql.raw(`"users"."role" = '${roleLiteral(query.role)}'`));
  if (query.status) conditions.push(sql.raw(`"users"."status" = '${statusLiteral(query.status)}'`));
  if (query.q) {
    const prefix = query.q.toLowerCase();
    conditions.push(gte(users.email, prefix), lt(users.email, prefix + MAX_CHAR));
  }
  if (after) {
    const [first, second] = after;
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
  return deps.reads
    .select()
    .from(users)
    .where(and(...conditions))
    .orderBy(...order)
    .limit(take);
}

export function listUsers(deps: Deps, query: ListQuery): Promise<Page<UserDto>> {
  return paginate({
    secret: deps.config.codeHmacSecret,
    cursor: query.cursor,
    limit: query.limit,
    scope: {
      sort: query.sort,
      role: query.role ?? null,
      status: query.status ?? null,
      q: query.q?.toLowerCase() ?? null,
    },
    fetch: (after, take) => listUsersStatement(deps, query, after, take),
    keyOf: (row) => (query.sort === "email" ? [row.email, row.id] : [row.createdAt, row.id]),
    toItem: toUserDto,
  });
}

export async function getUser(deps: Deps, id: string): Promise<UserDto> {
  const user = await deps.db.select().from(users).where(eq(users.id, id)).get();
  if (!user) throw notFound();
  return toUserDto(user);
}

/**
 * Admin create: same password policy; verified (with verified_at) unless told otherwise. The
 * unique email index decides a race with a sign-up or another create: the insert does nothing
 * on a taken address (409), and the audit event is written only with the row it records.
 */
export async function createUser(
  deps: Deps,
  actorId: string,
  input: z.output<typeof CreateUserBody>,
): Promise<UserDto> {
  const { db, config, meta } = deps;
  await assertPasswordAllowed(deps, input.password, input.email);
  const now = new Date();
  const at = now.toISOString();
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
    mfaEnabledAt: null,
    totpSecret: null,
    totpLastStep: null,
    totpPendingSecret: null,
    totpPendingAttempts: 0,
    mfaFailures: 0,
    mfaBlockedUntil: null,
    bannedAt: null,
    bannedUntil: null,
    banReason: null,
    exportedAt: null,
    smsPhone: null,
    smsPendingPhone: null,
    smsPendingAt: null,
    claim: null,
  };
  const created = sql`EXISTS (SELECT 1 FROM ${users} WHERE ${users.id} = ${row.id})`;
  const [inserted] = await batch(db, [
    db.insert(users).values(row).onConflictDoNothing().returning({ id: users.id }),
    auditWhere(
      meta,
      {
        type: "admin.user_create",
        actorId,
        targetId: row.id,
        data: { role: row.role, status: row.status },
      },
      created,
      now,
    ),
    // From the row with this request's fresh id: there is one only if the insert wrote it.
    recordUserEvent(deps, "user.created", row.id, ALWAYS, now),
  ] as const);
  if (inserted.length === 0) {
    throw new ApiError("conflict", "A user with this email already exists.");
  }
  return toUserDto(row);
}

/** Tries of an admin patch that lost a race with another change of the same row. */
const PATCH_ATTEMPTS = 3;

/**
 * Admin patch. A role or status change bumps the token version, so it takes effect on the
 * user's very next request. Setting `pending` keeps `verified_at` (the purge must never take
 * an account that was once verified). Demoting the last active admin is refused atomically.
 * The change is computed against the row as read and applied only if the row is still exactly
 * that (`updated_at` and the fields read), in the same batch as its audit events — so the
 * events always say what really changed. A lost race is re-read and retried.
 */
export async function patchUser(
  deps: Deps,
  actorId: string,
  id: string,
  input: z.output<typeof PatchUserBody>,
): Promise<UserDto> {
  for (let attempt = 1; ; attempt++) {
    const result = await tryPatch(deps, actorId, id, input);
    if (result) return result;
    if (attempt >= PATCH_ATTEMPTS) {
      throw new ApiError("conflict", "The user changed while this update ran; try again.");
    }
  }
}

async function tryPatch(
  deps: Deps,
  actorId: string,
  id: string,
  input: z.output<typeof PatchUserBody>,
): Promise<UserDto | null> {
  const { db, meta } = deps;
  const current = await db.select().from(users).where(eq(users.id, id)).get();
  if (!current) throw notFound();

  const changes: Partial<Pick<UserRow, "name" | "surname" | "role" | "status" | "verifiedAt">> = {};
  for (const field of ["name", "surname", "role", "status"] as const) {
    if (input[field] !== undefined && input[field] !== current[field]) {
      Object.assign(changes, { [field]: input[field] });
    }
  }
  if (Object.keys(changes).length === 0) return toUserDto(current);

  const now = new Date();
  const at = now.toISOString();
  const accessChanged = changes.role !== undefined || changes.status !== undefined;
  if (changes.status === "verified" && !current.verifiedAt) changes.verifiedAt = at;
  const asRead = and(
    eq(users.id, id),
    eq(users.updatedAt, current.updatedAt),
    eq(users.role, current.role),
    eq(users.status, current.status),
    eq(users.tokenVersion, current.tokenVersion),
  );
  const guard = accessChanged ? and(asRead, notTheLastActiveAdmin) : asRead;
  // The update is the claim (db/claim.ts): the audit events are written only where it landed.
  const claim = newClaim();
  const applies = userClaimed(id, claim);

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
  const userEvent = recordUserEvent(deps, "user.updated", id, applies, now, {
    changes: Object.keys(changes).filter((f) => f !== "verifiedAt"),
  });
  const statements: Statement[] = [
    db
      .update(users)
      .set({
        ...changes,
        updatedAt: at,
        claim,
        ...(accessChanged ? { tokenVersion: sql`${users.tokenVersion} + 1` } : {}),
      })
      .where(subject(users.id, id, guard))
      .returning(),
    ...events.map((event) => auditWhere(meta, event, applies, now)),
    userEvent,
    db.select().from(users).where(eq(users.id, id)),
    // Last: a maker no longer admin (or no longer verified) loses the keys only admin power made.
    ...(accessChanged ? revokeOrphanedKeys(deps, id, applies, now, actorId) : []),
  ];
  const results = (await batch(db, statements)) as unknown[][];
  const reread = 2 + events.length;
  const [updated] = results[0] as UserRow[];
  if (updated) {
    // The orphaned keys' mail: the last statement but their event.
    if (accessChanged) handOverLater(deps, results.at(-2) as OutboxRow[]);
    return toUserDto(updated);
  }

  const [after] = results[reread] as UserRow[];
  if (!after) throw notFound();
  // Still as read, so only the last-admin condition can have refused it.
  if (accessChanged && after.updatedAt === current.updatedAt) {
    throw new ApiError("last_admin", "This is the last active admin; promote another admin first.");
  }
  return null;
}

/**
 * Deletes a user with their codes and tokens (cascade); never the last active admin. The audit
 * event is written just before the DELETE under the same condition.
 */
export async function deleteUser(deps: Deps, actorId: string, id: string): Promise<void> {
  const { db, meta } = deps;
  const now = new Date();
  const deletable = and(eq(users.id, id), notTheLastActiveAdmin);
  // Order matters here, and only here: the audit event reads the row the DELETE removes, so it
  // comes first, under the DELETE's own condition (a deleted row can carry no claim).
  const [, , deleted, remaining, , , ownersMail] = await batch(db, [
    recordEvent(deps, {
      type: "user.deleted",
      data: { id },
      guard: sql`EXISTS (SELECT 1 FROM ${users} WHERE ${deletable})`,
      now,
    }),
    auditWhere(
      meta,
      {
        type: "admin.user_delete",
        actorId,
        targetId: id,
        data: sql`(SELECT json_object('role', role) FROM ${users} WHERE ${users.id} = ${id})`,
      },
      sql`EXISTS (SELECT 1 FROM ${users} WHERE ${deletable})`,
      now,
    ),
    db
      .delete(users)
      .where(subject(users.id, id, notTheLastActiveAdmin))
      .returning({ id: users.id }),
    db.select({ id: users.id }).from(users).where(eq(users.id, id)),
    // Last: the keys of a maker who is gone (a no-op when the DELETE was refused).
    ...revokeOrphanedKeys(deps, id, ALWAYS, now, actorId),
  ] as const);
  if (deleted.length > 0) {
    handOverLater(deps, ownersMail);
    return;
  }
  if (remaining.length === 0) throw notFound();
  throw new ApiError("last_admin", "This is the last active admin; promote another admin first.");
}

function notFound(): ApiError {
  return new ApiError("not_found", "No user with this id.");
}
