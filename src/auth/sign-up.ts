import { and, eq, sql } from "drizzle-orm";
import { selectUserByEmail } from "../accounts/repository";
import { auditWhere } from "../audit/events";
import { checkPassword, hashPassword } from "../crypto/password";
import { ALWAYS, newClaim } from "../db/claim";
import { batch, raw } from "../db/client";
import { users } from "../db/schema";
import type { Deps } from "../deps";
import { recordUserEvent } from "../events/outbox";
import type { RefreshTransport } from "../lib/domain";
import { ApiError } from "../lib/errors";
import { handOverLater, recordMail, sealCode } from "../mail/outbox";
import {
  assertReserved,
  attemptReserved,
  clearAttempts,
  reserveAttempt,
} from "../security/backoff";
import { assertNotBanned } from "../security/bans";
import { assertSlotClaimed, claimSlot, slotClaimed } from "../security/mail-cooldown";
import {
  codeConsumed,
  codeMatches,
  consumeCode,
  issueCode,
  reservation,
  reserveAttempt as reserveCodeAttempt,
  wrongCode,
} from "../security/one-time-codes";
import { assertPasswordAllowed, invalidCredentials } from "../security/passwords";
import { limitByEmail } from "../security/rate-limits";
import { afterFirstFactor, type FirstFactor } from "../sessions/challenge";
import { type Accepted, mailCodeIfEligible } from "./common";

/**
 * Sign-up and email verification. Every rule about proving a mailbox lives here.
 *
 * New email: a pending account and a verification code. Pending email: password and profile
 * replaced, older codes burned, a new code. Verified email: nothing changes and an "account
 * exists" notice is mailed instead. The caller sees the same 202 after the same work (one
 * password hash, one batch) in all three cases, so it reveals nothing.
 */
export async function signup(
  deps: Deps,
  input: { email: string; password: string; name?: string | null; surname?: string | null },
): Promise<Accepted> {
  const { db, config, meta } = deps;
  const { email } = input;
  await assertPasswordAllowed(deps, input.password, email);

  const now = new Date();
  const at = now.toISOString();
  const claim = newClaim();
  const userId = crypto.randomUUID();
  const name = input.name ?? null;
  const surname = input.surname ?? null;
  const passwordHash = await hashPassword(input.password, config.passwordPepper);

  const holdsSlot = slotClaimed(email, claim);
  // The new hash has a fresh random salt: the row carries it only if this request wrote it.
  const written = sql`${users.email} = ${email} AND ${users.passwordHash} = ${passwordHash}`;
  const exists = sql`${users.email} = ${email} AND ${users.passwordHash} <> ${passwordHash}`;
  const someone = sql`(SELECT ${users.id} FROM ${users} WHERE ${users.email} = ${email})`;
  const code = await issueCode(config, written, "verify_email", ALWAYS, now);
  const sealed = await sealCode(config, code.issued.code);

  const [slot, window, , , , codeMail, existsMail] = await batch(db, [
    ...claimSlot(db, email, claim, now),
    // Create, or replace a never-verified account. A verified one (or one verified once and
    // set back to pending by an admin) is left untouched: the upsert's WHERE says so, in the
    // same statement, so a verify racing this sign-up can never end with the squatter's hash.
    raw(sql`
      INSERT INTO ${users} (id, email, password_hash, name, surname, role, status, token_version, created_at, updated_at)
      SELECT ${userId}, ${email}, ${passwordHash}, ${name}, ${surname}, 'user', 'pending', 0, ${at}, ${at}
      WHERE ${holdsSlot}
      ON CONFLICT (email) DO UPDATE SET
        password_hash = excluded.password_hash, name = excluded.name,
        surname = excluded.surname, updated_at = excluded.updated_at,
        -- A new registration of the address: its purge clock starts again.
        created_at = excluded.created_at
      WHERE ${users.status} = 'pending' AND ${users.verifiedAt} IS NULL`),
    ...code.statements,
    recordMail({
      kind: "verification_code",
      to: email,
      // No name: the address has not proven itself, so the mail carries no text the caller chose.
      data: { expires_at: code.issued.expiresAt },
      secret: sealed,
      from: sql`FROM ${users} WHERE ${written}`,
      guard: ALWAYS,
      now,
    }),
    recordMail({
      kind: "account_exists",
      to: email,
      data: sql`json_object('name', ${users.name})`,
      from: sql`FROM ${users} WHERE ${exists}`,
      guard: holdsSlot,
      now,
    }),
    auditWhere(
      meta,
      { type: "signup", actorId: userId, targetId: userId, data: { outcome: "created" } },
      sql`EXISTS (SELECT 1 FROM ${users} WHERE ${users.id} = ${userId} AND ${written})`,
      now,
    ),
    auditWhere(
      meta,
      {
        type: "signup",
        actorId: someone,
        targetId: someone,
        data: { outcome: "pending_replaced" },
      },
      sql`EXISTS (SELECT 1 FROM ${users} WHERE ${users.id} <> ${userId} AND ${written})`,
      now,
    ),
    auditWhere(
      meta,
      { type: "signup", targetId: someone, data: { outcome: "account_exists" } },
      sql`${holdsSlot} AND EXISTS (SELECT 1 FROM ${users} WHERE ${exists})`,
      now,
    ),
    // The account this request created. A never-verified one it replaced keeps its id and
    // sends nothing now: its new name reaches subscribers with `user.verified`.
    recordUserEvent(deps, "user.created", userId, written, now),
  ] as const);
  assertSlotClaimed(slot, window, now);
  handOverLater(deps, [...codeMail, ...existsMail]);
  return { email, codeExpiresAt: code.issued.expiresAt };
}

/**
 * Email + current password + code. Requiring the password means a stranger who pre-registered
 * someone else's address cannot end up owning it. One read batch reserves a password-backoff
 * attempt and an attempt on the code *before* anything is compared (so a wrong password counts
 * on the code too, and parallel guesses get no extra tries); a wrong password is 401 whatever
 * state the code is in. The write batch consumes the code only if the account still has the
 * hash that was checked and is still pending — a re-sign-up in between makes it match nothing.
 */
export async function verifyEmail(
  deps: Deps,
  input: { email: string; password: string; code: string; transport: RefreshTransport },
): Promise<FirstFactor> {
  const { db, config, env, meta } = deps;
  const { email } = input;
  await limitByEmail(env, config, "verify", email);
  const now = new Date();
  const claim = newClaim();

  const [attempt, accounts, reservedCode, codeState] = await batch(db, [
    reserveAttempt(email, claim, now),
    selectUserByEmail(db, email),
    ...reserveCodeAttempt(
      sql`${users.email} = ${email}`,
      "verify_email",
      attemptReserved(email, claim),
      now,
    ),
  ] as const);
  assertReserved(attempt, claim, now);
  const user = accounts[0];
  const password = await checkPassword(input.password, user?.passwordHash, config.passwordPepper);
  if (!user || !password.ok) throw invalidCredentials();
  assertNotBanned(user, now);

  // The password was right: whatever else fails, the backoff count starts again.
  const fail = async (error: ApiError): Promise<never> => {
    await batch(db, [clearAttempts(db, email)] as const);
    throw error;
  };
  if (user.status === "verified") {
    return fail(
      new ApiError("conflict", "This email address is already verified; log in instead."),
    );
  }
  const found = reservation(reservedCode, codeState, now);
  if (!found.ok) return fail(found.error);
  if (!(await codeMatches(config, "verify_email", found.code, input.code))) {
    return fail(wrongCode(found.code));
  }

  const at = now.toISOString();
  const consumed = codeConsumed(found.code, "verify_email", claim);
  const next = await afterFirstFactor(config, meta, user, input.transport, consumed, now);
  const [consumedRows, verified] = await batch(db, [
    consumeCode(
      found.code,
      "verify_email",
      claim,
      sql`EXISTS (SELECT 1 FROM ${users} WHERE ${users.id} = ${user.id}
        AND ${users.passwordHash} = ${user.passwordHash} AND ${users.status} = 'pending')`,
      now,
    ),
    db
      .update(users)
      .set({
        status: "verified",
        verifiedAt: sql`COALESCE(${users.verifiedAt}, ${at})`,
        updatedAt: at,
      })
      .where(and(eq(users.id, user.id), consumed))
      .returning(),
    ...next.statements,
    clearAttempts(db, email),
    auditWhere(meta, { type: "verify", actorId: user.id, targetId: user.id }, consumed, now),
    recordUserEvent(deps, "user.verified", user.id, consumed, now),
  ] as const);
  const account = verified[0];
  // Lost a race (a re-sign-up replaced the password, another verify won, the purge ran).
  if (consumedRows.length === 0 || !account)
    throw new ApiError("invalid_code", "The code is not valid.");
  // The memberships were read with the account; verifying changes none.
  return next.result({ ...account, shops: user.shops });
}

/** 202 always; a new code (older ones burned) only for a never-verified pending account. */
export function resendCode(deps: Deps, email: string): Promise<Accepted> {
  return mailCodeIfEligible(
    deps,
    email,
    "verify_email",
    sql`${users.email} = ${email} AND ${users.status} = 'pending' AND ${users.verifiedAt} IS NULL`,
  );
}
