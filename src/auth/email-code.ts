import { sql } from "drizzle-orm";
import { selectUserByEmail } from "../accounts/repository";
import { auditWhere } from "../audit/events";
import { newClaim } from "../db/claim";
import { batch } from "../db/client";
import { users } from "../db/schema";
import type { Deps } from "../deps";
import type { RefreshTransport } from "../lib/domain";
import { ApiError } from "../lib/errors";
import { addressRefusal, endAttempts, reserveAddressAttempt } from "../security/address-attempts";
import {
  assertReserved,
  attemptReserved,
  clearAttempts,
  reserveAttempt,
} from "../security/backoff";
import { assertNotBanned } from "../security/bans";
import {
  codeConsumed,
  codeMatches,
  consumeCode,
  reservation,
  reserveAttempt as reserveCodeAttempt,
} from "../security/one-time-codes";
import { limitByEmail } from "../security/rate-limits";
import { afterFirstFactor, type FirstFactor } from "../sessions/challenge";
import { type Accepted, mailCodeIfEligible } from "./common";

/**
 * Sign-in with a code mailed to the address, instead of the password (EMAIL_CODE_LOGIN).
 *
 * - The request answers the same 202 after the same work for every address, and mails a code
 *   (purpose `login`, 10 minutes) to verified accounts only; the mail cooldown applies.
 * - A code is compared at most 5 times; what a wrong one answers is decided by the address's
 *   count alone (security/address-attempts.ts), the same for every address.
 * - Each try also counts on the address's password backoff (security/backoff.ts) — the
 *   account's failure count — which a new code never resets (NIST SP 800-63B-4 §3.1.3.2); only a
 *   success does.
 * - The code replaces the password only: with MFA on, it leads to the MFA challenge.
 */

function off(): ApiError {
  return new ApiError("not_found", "Sign-in with an emailed code is turned off here.");
}

export function requestLoginCode(deps: Deps, email: string): Promise<Accepted> {
  if (!deps.config.emailCodeLogin) throw off();
  return mailCodeIfEligible(
    deps,
    email,
    "login",
    sql`${users.email} = ${email} AND ${users.status} = 'verified'`,
  );
}

export async function verifyLoginCode(
  deps: Deps,
  input: { email: string; code: string; transport: RefreshTransport },
): Promise<FirstFactor> {
  const { db, config, env, meta } = deps;
  if (!config.emailCodeLogin) throw off();
  const { email } = input;
  await limitByEmail(env, config, "email-code", email);
  const now = new Date();
  const claim = newClaim();
  const owner = sql`${users.email} = ${email} AND ${users.status} = 'verified'`;
  const [attempt, addressReserved, addressState, accounts, reserved, state] = await batch(db, [
    reserveAttempt(email, claim, now),
    // Counted only when the backoff counted this try (no attempt burns during a block).
    ...reserveAddressAttempt(email, "login", now, attemptReserved(email, claim)),
    selectUserByEmail(db, email),
    ...reserveCodeAttempt(owner, "login", attemptReserved(email, claim), now),
  ] as const);
  assertReserved(attempt, claim, now);
  const found = reservation(reserved, state, now);
  const matches = await codeMatches(config, "login", found.ok ? found.code : undefined, input.code);
  const user = accounts[0];
  if (!addressReserved[0] || !found.ok || !matches || !user || user.status !== "verified") {
    throw addressRefusal(addressReserved, addressState, now);
  }
  assertNotBanned(user, now);

  const consumed = codeConsumed(found.code, "login", claim);
  const next = await afterFirstFactor(config, meta, user, input.transport, consumed, now, [
    "email",
  ]);
  const [consumedRows] = await batch(db, [
    consumeCode(
      found.code,
      "login",
      claim,
      sql`EXISTS (SELECT 1 FROM ${users} AS account WHERE account.id = ${user.id}
        AND account.status = 'verified' AND account.token_version = ${user.tokenVersion})`,
      now,
    ),
    ...next.statements,
    endAttempts(email, "login", consumed),
    // With MFA on, the code alone does not end the backoff: the second factor does.
    ...(user.mfaEnabledAt ? [] : [clearAttempts(db, email, consumed)]),
    auditWhere(
      meta,
      {
        type: user.mfaEnabledAt ? "login.mfa_required" : "login.success",
        actorId: user.id,
        targetId: user.id,
        data: { method: "email_code" },
      },
      consumed,
      now,
    ),
  ]);
  if ((consumedRows as unknown[]).length === 0) {
    throw new ApiError("invalid_code", "The code is not valid.");
  }
  return next.result();
}
