import { eq, sql } from "drizzle-orm";
import { batch, raw } from "../db/client";
import { auditEvents, identities, memberships, passkeys, shops, users } from "../db/schema";
import type { Deps } from "../deps";
import { ApiError } from "../lib/errors";
import { listSessions } from "../sessions/store";

/**
 * What an admin sees of one user on the console's user page, in one D1 batch: the profile (no
 * hash, no secret), their active sessions, shops, passkeys (metadata only) and the newest audit
 * events about them or by them.
 */

const PROFILE = {
  id: users.id,
  email: users.email,
  name: users.name,
  surname: users.surname,
  role: users.role,
  status: users.status,
  verifiedAt: users.verifiedAt,
  mfaEnabledAt: users.mfaEnabledAt,
  bannedAt: users.bannedAt,
  bannedUntil: users.bannedUntil,
  banReason: users.banReason,
  createdAt: users.createdAt,
};

function noSuchUser(): ApiError {
  return new ApiError("not_found", "No user with this id.");
}

export async function userOverview(deps: Deps, id: string) {
  const { db, config } = deps;
  const [profiles, sessions, memberOf, events, keys, linked] = await batch(db, [
    db.select(PROFILE).from(users).where(eq(users.id, id)),
    listSessions(db, config, id, new Date(), 50),
    raw<{ shopId: string; slug: string; name: string; role: string }>(sql`
      SELECT s.id AS shopId, s.slug, s.name, m.role FROM ${memberships} AS m
        JOIN ${shops} AS s ON s.id = m.shop_id WHERE m.user_id = ${id} ORDER BY s.slug`),
    // The newest 20 about or by them, each with the actor's email (the console shows people).
    raw<{ createdAt: string; type: string; actorId: string | null; actorEmail: string | null }>(sql`
      SELECT e.created_at AS createdAt, e.type, e.actor_id AS actorId, actor.email AS actorEmail
      FROM (SELECT * FROM (SELECT * FROM ${auditEvents} AS recent WHERE recent.target_id = ${id}
                ORDER BY recent.id DESC LIMIT 20)
              UNION ALL
              SELECT * FROM (SELECT * FROM ${auditEvents} AS recent WHERE recent.actor_id = ${id}
                AND recent.actor_id IS NOT NULL AND recent.actor_id IS NOT recent.target_id
                ORDER BY recent.id DESC LIMIT 20)
            ORDER BY id DESC LIMIT 20) AS e
        LEFT JOIN ${users} AS actor ON actor.id = e.actor_id
      ORDER BY e.id DESC`),
    db
      .select({
        id: passkeys.id,
        name: passkeys.name,
        createdAt: passkeys.createdAt,
        lastUsedAt: passkeys.lastUsedAt,
      })
      .from(passkeys)
      .where(eq(passkeys.userId, id))
      .orderBy(passkeys.createdAt),
    // The providers that open the account (docs/social-sign-in.md): never the subject shown.
    db
      .select({
        provider: identities.provider,
        email: identities.email,
        createdAt: identities.createdAt,
      })
      .from(identities)
      .where(eq(identities.userId, id))
      .orderBy(identities.createdAt),
  ] as const);
  const user = profiles[0];
  if (!user) throw noSuchUser();
  return { user, sessions, shops: memberOf, events, passkeys: keys, identities: linked };
}

/** The profile alone (a confirm page names whom it acts on). */
export async function userProfile(deps: Deps, id: string) {
  const [user] = await deps.db.select(PROFILE).from(users).where(eq(users.id, id));
  if (!user) throw noSuchUser();
  return user;
}

/** Emails of the given accounts (the console shows people, not ids): one read, one parameter. */
export async function emailsOf(
  deps: Pick<Deps, "reads">,
  ids: readonly (string | null)[],
): Promise<Record<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => typeof id === "string"))];
  if (wanted.length === 0) return {};
  const [rows] = await batch(deps.reads, [
    raw<{ id: string; email: string }>(sql`SELECT id, email FROM ${users}
      WHERE id IN (SELECT value FROM json_each(${JSON.stringify(wanted)}))`),
  ] as const);
  return Object.fromEntries(rows.map((row) => [row.id, row.email]));
}
