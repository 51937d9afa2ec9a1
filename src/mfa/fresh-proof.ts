import { eq, sql } from "drizzle-orm";
import { batch, raw } from "../db/client";
import { users } from "../db/schema";
import type { Deps } from "../deps";
import { ApiError } from "../lib/errors";
import type { AuthUser } from "../lib/types";
import { assertReserved, clearAttempts, reserveAttempt } from "../security/backoff";
import { checkCurrentPassword } from "../security/passwords";
import { factorHolds, readFactor } from "./factors";

/**
 * A fresh proof from someone already signed in, before a destructive act (the console's delete,
 * ban, role change, force log-out, MFA reset): their password, or a TOTP code from their app —
 * behind the same login backoff as every other password or code check, and a TOTP step is spent
 * (never accepted twice). A session left open on a shared screen cannot act without it.
 */
export async function proveFreshly(deps: Deps, user: AuthUser, proof: string): Promise<void> {
  const { db, config } = deps;
  const now = new Date();
  const totp = /^\d{6}$/.test(proof.trim()) && user.mfaEnabledAt !== null;
  if (!totp) {
    await checkCurrentPassword(db, config, user, proof, now);
    await batch(db, [clearAttempts(db, user.email)] as const);
    return;
  }
  const claim = crypto.randomUUID();
  const [reserved, rows] = await batch(db, [
    reserveAttempt(user.email, claim, now),
    db
      .select({ sealed: users.totpSecret, lastStep: users.totpLastStep })
      .from(users)
      .where(eq(users.id, user.id)),
  ] as const);
  assertReserved(reserved, claim, now);
  const secrets = rows[0];
  const factor = secrets ? await readFactor(deps, user.id, secrets, proof.trim(), now) : null;
  if (factor?.kind !== "totp") throw wrongProof();
  const [spent] = await batch(db, [
    raw<{ id: string }>(sql`UPDATE ${users} SET totp_last_step = ${factor.step}
      WHERE id = ${user.id} AND ${factorHolds(user.id, factor, sql`${users}`)}
      RETURNING id`),
    clearAttempts(db, user.email),
  ] as const);
  if (spent.length === 0) throw wrongProof();
}

function wrongProof(): ApiError {
  return new ApiError("invalid_credentials", "The password or code is wrong (or already used).");
}
