import { sql } from "drizzle-orm";
import { type UserColumns, userColumns, userFromColumns } from "../accounts/repository";
import { generateRefreshToken, refreshTokenDigest, verifyAccessToken } from "../crypto/tokens";
import { batch, raw } from "../db/client";
import { consoleSessions, memberships, sessions, users } from "../db/schema";
import type { Deps } from "../deps";
import type { AuthMethod } from "../lib/domain";
import { ApiError } from "../lib/errors";
import type { AuthSession, ConsoleCaller } from "../lib/types";
import { consoleAccess } from "../security/assurance";
import { endSession } from "./revocation";
import { accessTokenSettings, type SignedIn } from "./store";

/**
 * The console's own session. A console sign-in goes through the API's sign-in (password, then
 * the second factor) and keeps the API session it started — its refresh token is never handed
 * out — binding a cookie secret to it. So everything that ends sessions (log-out everywhere, a
 * ban, a password change, an admin's force log-out) ends the console too. Idle 30 minutes: the
 * read that finds the session moves its clock in the same round trip.
 */
export const CONSOLE_IDLE_SECONDS = 30 * 60;

export type { ConsoleCaller };

/**
 * After a successful sign-in: the assurance policy decides (`consoleAccess`): only a two-factor
 * session of an admin or of a shop's owner or manager, in good standing, opens the console;
 * anyone else's new session is ended at once. The console row remembers the account's token
 * version, so a later role, status or password change ends it.
 */
export async function openConsole(deps: Deps, signedIn: SignedIn) {
  const { db, config } = deps;
  const claims = await verifyAccessToken(accessTokenSettings(config), signedIn.body.access_token);
  if (!claims) throw new ApiError("internal", "A fresh access token did not verify.");
  const now = new Date();
  const refuse = async (detail: string): Promise<never> => {
    await batch(db, [endSession(db, claims.sub, claims.sid, crypto.randomUUID(), now)] as const);
    throw new ApiError("forbidden", detail);
  };
  const account = signedIn.body.user;
  const [managed] = await batch(db, [
    raw<{ n: number }>(sql`SELECT COUNT(*) AS n FROM ${memberships} AS m
      WHERE m.user_id = ${claims.sub} AND m.role IN ('owner', 'manager')`),
  ] as const);
  const access = consoleAccess(
    {
      role: account.role,
      status: account.status,
      bannedAt: account.banned ? now.toISOString() : null,
      bannedUntil: account.banned_until ?? null,
    },
    { amr: claims.amr as AuthMethod[] },
    (managed[0]?.n ?? 0) > 0,
    now,
  );
  if (access === "needs_second_factor") {
    return refuse("The console needs two-step sign-in: turn on MFA (or use a passkey) first.");
  }
  if (access !== "open") {
    return refuse("The console is for the platform's admins and shops' owners and managers.");
  }
  const token = generateRefreshToken();
  const at = now.toISOString();
  await db.insert(consoleSessions).values({
    tokenDigest: await refreshTokenDigest(token),
    sessionId: claims.sid,
    userId: claims.sub,
    csrf: generateRefreshToken(),
    tokenVersion: claims.ver,
    createdAt: at,
    lastUsedAt: at,
  });
  return { token };
}

interface CallerRow {
  csrf: string;
  sessionId: string;
  amr: string;
  authTime: string;
  transport: "body" | "cookie";
  expiresAt: string;
  managed: string | null;
}

/**
 * The person behind a console cookie, in one round trip that also moves the idle clock: null when
 * unknown, idle for 30 minutes, its API session has ended, the account's token version moved
 * since the sign-in (a role or status change, a password change, log-out everywhere), or the
 * assurance policy no longer opens the console to them (banned, no longer verified, no longer
 * an admin or a shop's owner or manager).
 */
export async function consoleCaller(deps: Deps, token: string): Promise<ConsoleCaller | null> {
  const { db } = deps;
  const now = new Date();
  const at = now.toISOString();
  const idleSince = new Date(now.getTime() - CONSOLE_IDLE_SECONDS * 1000).toISOString();
  const digest = await refreshTokenDigest(token);
  const [touched, rows] = await batch(db, [
    raw<{ tokenDigest: string }>(sql`UPDATE ${consoleSessions} SET last_used_at = ${at}
      WHERE token_digest = ${digest} AND last_used_at > ${idleSince}
      RETURNING token_digest AS tokenDigest`),
    // Raw, one alias per column: the joined tables share column names (D1 batch rows are objects).
    raw<CallerRow & UserColumns>(sql`
      SELECT ${userColumns("u")}, c.csrf AS csrf, s.id AS sessionId, s.amr AS amr,
        s.created_at AS authTime, s.transport AS transport, s.expires_at AS expiresAt,
        (SELECT json_group_array(m.shop_id) FROM ${memberships} AS m
          WHERE m.user_id = c.user_id AND m.role IN ('owner', 'manager')) AS managed
      FROM ${consoleSessions} AS c
        JOIN ${sessions} AS s ON s.id = c.session_id
        JOIN ${users} AS u ON u.id = c.user_id
      WHERE c.token_digest = ${digest} AND s.revoked_at IS NULL AND s.expires_at > ${at}
        AND u.token_version = c.token_version`),
  ] as const);
  const row = rows[0];
  if (touched.length === 0 || !row) return null;
  const user = userFromColumns(row);
  const session: AuthSession = {
    id: row.sessionId,
    amr: JSON.parse(row.amr),
    authTime: row.authTime,
    transport: row.transport,
    expiresAt: row.expiresAt,
  };
  const managedShops = JSON.parse(row.managed ?? "[]") as string[];
  if (consoleAccess(user, session, managedShops.length > 0, now) !== "open") return null;
  return { user, session, csrf: row.csrf, managedShops };
}

/** Console log-out: its API session ends (and the console row with it, by cascade). */
export async function closeConsole(deps: Deps, caller: ConsoleCaller): Promise<void> {
  const now = new Date();
  await batch(deps.db, [
    endSession(deps.db, caller.user.id, caller.session.id, crypto.randomUUID(), now),
  ] as const);
}
