import { asc, eq, sql } from "drizzle-orm";
import { auditWhere } from "../audit/events";
import { batch, raw } from "../db/client";
import { identities, passkeys, users } from "../db/schema";
import type { Deps } from "../deps";
import { ApiError } from "../lib/errors";

/** A person's provider identities: listed, and removed while another way in remains. */

export interface LinkedIdentity {
  id: string;
  provider: string;
  email: string | null;
  createdAt: string;
}

/** An identity's id in the API: the provider and the subject (`google:1234…`). */
export function identityId(provider: string, subject: string): string {
  return `${provider}:${subject}`;
}

export async function listIdentities(deps: Deps, userId: string): Promise<LinkedIdentity[]> {
  const [rows] = await batch(deps.db, [
    deps.db
      .select()
      .from(identities)
      .where(eq(identities.userId, userId))
      .orderBy(asc(identities.createdAt)),
  ] as const);
  return rows.map((row) => ({
    id: identityId(row.provider, row.subject),
    provider: row.provider,
    email: row.email,
    createdAt: row.createdAt,
  }));
}

/**
 * Removes one of the caller's identities — never the last way in: the account keeps a password,
 * another identity or a passkey. One conditional statement decides and deletes, so two removals
 * of the last two identities at once cannot both succeed.
 */
export async function removeIdentity(deps: Deps, userId: string, id: string): Promise<void> {
  const { db, meta } = deps;
  const split = id.indexOf(":");
  const provider = split > 0 ? id.slice(0, split) : "";
  const subject = split > 0 ? id.slice(split + 1) : "";
  const now = new Date();
  // The decision, stated once: the identity is the caller's and another way in remains. The
  // audit event is written first, under the same condition — a batch is one transaction, so both
  // statements see the same rows.
  const removable = sql`EXISTS (SELECT 1 FROM ${identities} AS target
      WHERE target.provider = ${provider} AND target.subject = ${subject}
        AND target.user_id = ${userId})
    AND (EXISTS (SELECT 1 FROM ${users} AS account
          WHERE account.id = ${userId} AND account.password_hash <> '')
      OR EXISTS (SELECT 1 FROM ${identities} AS other WHERE other.user_id = ${userId}
          AND NOT (other.provider = ${provider} AND other.subject = ${subject}))
      OR EXISTS (SELECT 1 FROM ${passkeys} AS key WHERE key.user_id = ${userId}))`;
  const [mine, , removed] = await batch(db, [
    raw<{ n: number }>(sql`SELECT COUNT(*) AS n FROM ${identities}
      WHERE provider = ${provider} AND subject = ${subject} AND user_id = ${userId}`),
    auditWhere(
      meta,
      { type: "identity.remove", actorId: userId, targetId: userId, data: { provider } },
      removable,
      now,
    ),
    raw<{ provider: string }>(sql`
      DELETE FROM ${identities}
      WHERE provider = ${provider} AND subject = ${subject} AND user_id = ${userId} AND ${removable}
      RETURNING provider`),
  ] as const);
  if (removed.length > 0) return;
  if ((mine[0]?.n ?? 0) > 0) {
    throw new ApiError(
      "conflict",
      "This is the account's last way in: set a password or add a passkey before removing it.",
    );
  }
  throw new ApiError("not_found", "No such identity on this account.");
}
