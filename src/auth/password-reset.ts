import { and, eq, sql } from "drizzle-orm";
import { auditWhere } from "../audit/events";
import { hashPassword } from "../crypto/password";
import { ALWAYS, newClaim } from "../db/claim";
import { batch } from "../db/client";
import { users } from "../db/schema";
import type { Deps } from "../deps";
import { recordEvent } from "../events/outbox";
import { handOverLater, recordNotice } from "../mail/outbox";
import { addressRefusal, endAttempts, reserveAddressAttempt } from "../security/address-attempts";
import { clearAttempts } from "../security/backoff";
import {
  burnCodes,
  codeConsumed,
  codeMatches,
  consumeCode,
  invalidCode,
  reservation,
  reserveAttempt,
} from "../security/one-time-codes";
import { assertPasswordAllowed } from "../security/passwords";
import { limitByEmail } from "../security/rate-limits";
import { endEverySession } from "../sessions/revocation";
import { type Accepted, mailCodeIfEligible } from "./common";

/** Forgotten passwords: reset codes for verified accounts only. */

/** 202 always; a reset code is mailed to verified accounts only. */
export function forgotPassword(deps: Deps, email: string): Promise<Accepted> {
  return mailCodeIfEligible(
    deps,
    email,
    "reset_password",
    sql`${users.email} = ${email} AND ${users.status} = 'verified'`,
  );
}

/**
 * A reset code sets a new password and ends every session and access token. An attempt on the
 * code is reserved before it is compared, and the code is HMAC-checked (against a dummy when
 * there is none) for every address, so an unknown or unverified address looks — and takes —
 * exactly like a wrong code. The new password is hashed only once the code is known good.
 */
export async function resetPassword(
  deps: Deps,
  input: { email: string; code: string; newPassword: string },
): Promise<void> {
  const { db, config, env, meta } = deps;
  const { email } = input;
  await limitByEmail(env, config, "reset", email);
  await assertPasswordAllowed(deps, input.newPassword, email, "new_password");
  const now = new Date();
  const owner = sql`${users.email} = ${email} AND ${users.status} = 'verified'`;

  const [addressReserved, addressState, reserved, state] = await batch(db, [
    ...reserveAddressAttempt(email, "reset_password", now),
    ...reserveAttempt(owner, "reset_password", ALWAYS, now),
  ] as const);
  const found = reservation(reserved, state, now);
  const matches = await codeMatches(
    config,
    "reset_password",
    found.ok ? found.code : undefined,
    input.code,
  );
  // Every refusal is the address's count speaking, the same for a known and an unknown address.
  if (!addressReserved[0] || !found.ok || !matches) {
    throw addressRefusal(addressReserved, addressState, now);
  }

  const { userId } = found.code;
  const claim = newClaim();
  const consumed = codeConsumed(found.code, "reset_password", claim);
  const passwordHash = await hashPassword(input.newPassword, config.passwordPepper);
  const [consumedRows, , , , , , , notice] = await batch(db, [
    consumeCode(
      found.code,
      "reset_password",
      claim,
      sql`EXISTS (SELECT 1 FROM ${users} WHERE ${owner})`,
      now,
    ),
    db
      .update(users)
      .set({ passwordHash })
      .where(and(eq(users.id, userId), consumed)),
    ...endEverySession(db, userId, consumed, now),
    burnCodes(userId, "reset_password", consumed, now),
    clearAttempts(db, email, consumed),
    auditWhere(meta, { type: "password.reset", actorId: userId, targetId: userId }, consumed, now),
    recordNotice({ kind: "password_reset", userId, guard: consumed, now }),
    endAttempts(email, "reset_password", consumed),
    recordEvent(deps, {
      type: "sessions.revoked",
      data: { user_id: userId, reason: "password_reset" },
      guard: consumed,
      now,
    }),
  ] as const);
  if (consumedRows.length === 0) throw invalidCode();
  handOverLater(deps, notice);
}
