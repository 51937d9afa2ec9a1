import { sql } from "drizzle-orm";
import { generateRefreshToken, refreshTokenDigest, verifyAccessToken } from "../crypto/tokens";
import { batch, raw } from "../db/client";
import { consoleSessions, memberships, sessions, users } from "../db/schema";
import type { Deps } from "../deps";
import { ApiError } from "../lib/errors";
import type { AuthSession, AuthUser } from "../lib/types";
import { endSession } from "../sessions/revocation";
import { accessTokenSettings, type SignedIn } from "../sessions/store";
import { type UserColumns, userColumns, userFromColumns } from "../users/repository";

/**
 * The console's own session. A console sign-in goes through the API's sign-in (password, then
 * the second factor) and keeps the API session it started — its refresh token is never handed
 * out — binding a cookie secret to it. So everything that ends sessions (log-out everywhere, a
 * ban, a password change, an admin's force log-out) ends the console too. Idle 30 minutes: the
 * read that finds the session moves its clock in the same round trip.
 */
export const CONSOLE_IDLE_SECONDS = 30 * 60;
const MULTI_FACTOR = ["otp", "recovery", "hwk"];

export interface ConsoleCaller {
  user: AuthUser;
  session: AuthSession;
  csrf: string;
  /** The shops this person manages (owner or manager), for the shop pages. */
  managedShops: string[];
}

/**
 * After a successful sign-in: only a second-factor session of an admin or of a shop's owner or
 * manager may open the console; anyone else's new session is ended at once.
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
  if (!claims.amr.some((method) => MULTI_FACTOR.includes(method))) {
    return refuse("The console needs two-step sign-in: turn on MFA (or use a passkey) first.");
  }
  const [managed] = await batch(db, [
    raw<{ n: number }>(sql`SELECT COUNT(*) AS n FROM ${memberships} AS m
      WHERE m.user_id = ${claims.sub} AND m.role IN ('owner', 'manager')`),
  ] as const);
  if (claims.role !== "admin" && (managed[0]?.n ?? 0) === 0) {
    return refuse("The console is for the platform's admins and shops' owners and managers.");
  }
  const token = generateRefreshToken();
  const at = now.toISOString();
  await db.insert(consoleSessions).values({
    tokenDigest: await refreshTokenDigest(token),
    sessionId: claims.sid,
    userId: claims.sub,
    csrf: generateRefreshToken(),
    createdAt: at,
    lastUsedAt: at,
  });
  return { token };
}

interface CallerRow {
  csrf: string;
  sessionId: string;
  amr: string;
  transport: "body" | "cookie";
  expiresAt: string;
  managed: string | null;
}

/**
 * The person behind a console cookie, in one round trip that also moves the idle clock: null when
 * unknown, idle for 30 minutes, or its API session has ended.
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
        s.transport AS transport, s.expires_at AS expiresAt,
        (SELECT json_group_array(m.shop_id) FROM ${memberships} AS m
          WHERE m.user_id = c.user_id AND m.role IN ('owner', 'manager')) AS managed
      FROM ${consoleSessions} AS c
        JOIN ${sessions} AS s ON s.id = c.session_id
        JOIN ${users} AS u ON u.id = c.user_id
      WHERE c.token_digest = ${digest} AND s.revoked_at IS NULL AND s.expires_at > ${at}`),
  ] as const);
  const row = rows[0];
  if (touched.length === 0 || !row) return null;
  return {
    user: userFromColumns(row),
    session: {
      id: row.sessionId,
      amr: JSON.parse(row.amr),
      transport: row.transport,
      expiresAt: row.expiresAt,
    },
    csrf: row.csrf,
    managedShops: JSON.parse(row.managed ?? "[]") as string[],
  };
}

/** Console log-out: its API session ends (and the console row with it, by cascade). */
export async function closeConsole(deps: Deps, caller: ConsoleCaller): Promise<void> {
  const now = new Date();
  await batch(deps.db, [
    endSession(deps.db, caller.user.id, caller.session.id, crypto.randomUUID(), now),
  ] as const);
}
