import { sql } from "drizzle-orm";
import { users } from "../db/schema";

/**
 * A WHERE condition that holds unless the row is the last *active* admin (role admin, status
 * verified and not banned — a pending or banned admin cannot sign in). Put it inside the UPDATE or DELETE that would
 * demote or remove the row: D1 runs each statement atomically, so two admins demoting each
 * other at the same moment cannot leave zero admins (no read-then-write gap).
 */
export const notTheLastActiveAdmin = sql`(NOT (${users.role} = 'admin' AND ${users.status} = 'verified') OR EXISTS (SELECT 1 FROM users AS other WHERE other.role = 'admin' AND other.status = 'verified' AND other.id <> ${users.id} AND (other.banned_at IS NULL OR (other.banned_until IS NOT NULL AND other.banned_until <= strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))))`;
