import { eq, isNull, sql } from "drizzle-orm";
import { userClaimed } from "../accounts/repository";
import { auditWhere } from "../audit/events";
import { newTotpSecret, totpStep, totpUri } from "../crypto/totp";
import { newClaim, subject } from "../db/claim";
import { batch, raw, type Statement } from "../db/client";
import { passkeys, sessions, users } from "../db/schema";
import type { Deps } from "../deps";
import type { AuthMethod } from "../lib/domain";
import { ApiError } from "../lib/errors";
import type { AuthSession, AuthUser } from "../lib/types";
import { handOverLater, type OutboxRow, recordNotice } from "../mail/outbox";
import { clearAttempts } from "../security/backoff";
import { proveStepUp } from "../security/step-up";
import { endSessions } from "../sessions/revocation";
import {
  claimWithBothFactors,
  deleteRecoveryCodes,
  invalidCode,
  mfaKey,
  mfaOffColumns,
  newRecoveryCodes,
  openTotp,
  proveBothFactors,
  sealTotpSecret,
} from "./factors";

/**
 * Turning TOTP MFA on and off. Enrolment is inert until confirmed with a code; every change after
 * that needs the password *and* a second factor (behind the password backoff: a wrong code keeps
 * the attempt counted), is audited and mailed. Each write batch leads with the claim on the
 * account (db/claim.ts): the one statement that re-checks the decision and makes the change.
 */

const PASSWORD_AND_OTP: AuthMethod[] = ["pwd", "otp"];

/** Confirmations of one enrolment before it is burned (a new enrolment starts again). */
export const MAX_ENROLMENT_ATTEMPTS = 5;

/**
 * A pending enrolment: a new secret, sealed, stored beside the account — inert until confirmed.
 * Starting again replaces it. Needs the password (behind the backoff).
 */
export async function enrol(
  deps: Deps,
  user: AuthUser,
  session: AuthSession,
  password: string | undefined,
) {
  const { db, config } = deps;
  const now = new Date();
  mfaKey(config);
  const checked = await proveStepUp(db, config, user, session, { password }, now);
  const secret = newTotpSecret();
  const [updated] = await batch(db, [
    db
      .update(users)
      .set({ totpPendingSecret: await sealTotpSecret(deps, secret), totpPendingAttempts: 0 })
      .where(
        subject(
          users.id,
          user.id,
          eq(users.passwordHash, checked.passwordHash),
          // One authenticator app per account; MFA may already be on with texted codes.
          isNull(users.totpSecret),
        ),
      )
      .returning({ id: users.id }),
    clearAttempts(db, user.email),
  ] as const);
  if (updated.length === 0) {
    throw new ApiError("conflict", "An authenticator app is already on for this account.");
  }
  return { secret, otpauth_uri: totpUri(secret, config.mfaIssuer, user.email) };
}

function tooManyConfirmations(): ApiError {
  return new ApiError(
    "too_many_attempts",
    `${MAX_ENROLMENT_ATTEMPTS} wrong codes: the enrolment is void; start again.`,
  );
}

/**
 * Confirms the pending enrolment with a code from the app: MFA is on, 10 recovery codes are
 * made (shown this once), every other session ends, and the current one — which just proved the
 * second factor — counts as a second-factor session from now on.
 */
export async function confirm(deps: Deps, user: AuthUser, session: AuthSession, code: string) {
  const { db, meta } = deps;
  mfaKey(deps.config);
  const now = new Date();
  const at = now.toISOString();
  const [reserved, current] = await batch(db, [
    raw<{ sealed: string; attempts: number }>(sql`
      UPDATE ${users} SET totp_pending_attempts = totp_pending_attempts + 1
      WHERE id = ${user.id} AND totp_pending_secret IS NOT NULL AND totp_secret IS NULL
        AND totp_pending_attempts < ${MAX_ENROLMENT_ATTEMPTS}
      RETURNING totp_pending_secret AS sealed, totp_pending_attempts AS attempts`),
    db
      .select({
        pending: users.totpPendingSecret,
        totpOn: sql<number>`${users.totpSecret} IS NOT NULL`,
        mfaOn: users.mfaEnabledAt,
      })
      .from(users)
      .where(eq(users.id, user.id)),
  ] as const);
  const attempt = reserved[0];
  if (!attempt) {
    if (current[0]?.totpOn)
      throw new ApiError("conflict", "An authenticator app is already on for this account.");
    if (current[0]?.pending) throw tooManyConfirmations();
    throw new ApiError(
      "conflict",
      "No enrolment to confirm: start with POST /v1/users/me/mfa/totp.",
    );
  }
  const secret = await openTotp(deps, attempt.sealed);
  const step = secret ? totpStep(secret, code, now.getTime()) : null;
  if (step === null) {
    if (attempt.attempts >= MAX_ENROLMENT_ATTEMPTS) throw tooManyConfirmations();
    throw invalidCode();
  }

  // MFA may already be on with texted codes (mfa/sms.ts): then the app is added beside them —
  // the recovery codes stay and no session ends; else MFA turns on as it always did.
  const wasOff = !current[0]?.mfaOn;
  const claim = newClaim();
  const enabled = userClaimed(user.id, claim);
  const recovery = wasOff ? await newRecoveryCodes(deps, user.id, enabled, now) : null;
  const statements: Statement[] = [
    // The claim: the app on for this account, if the enrolment checked is still the pending one
    // and MFA is still as it was read.
    raw<{ id: string }>(sql`
      UPDATE ${users} SET mfa_enabled_at = COALESCE(mfa_enabled_at, ${at}),
        totp_secret = ${attempt.sealed}, totp_last_step = ${step}, totp_pending_secret = NULL,
        totp_pending_attempts = 0, mfa_failures = 0, mfa_blocked_until = NULL,
        updated_at = ${at}, claim = ${claim}
      WHERE id = ${user.id} AND totp_pending_secret = ${attempt.sealed} AND totp_secret IS NULL
        AND mfa_enabled_at IS ${wasOff ? sql`NULL` : sql`NOT NULL`}
      RETURNING id`),
    ...(recovery
      ? [
          recovery.insert,
          endSessions(db, user.id, now, { keep: session.id, guard: enabled }),
          db
            .update(sessions)
            .set({ amr: PASSWORD_AND_OTP })
            .where(subject(sessions.id, session.id, eq(sessions.userId, user.id), enabled)),
        ]
      : []),
    auditWhere(meta, { type: "mfa.enable", actorId: user.id, targetId: user.id }, enabled, now),
    recordNotice({ kind: "mfa_enabled", userId: user.id, guard: enabled, now }),
  ];
  const results = (await batch(db, statements)) as unknown[][];
  if ((results[0] ?? []).length === 0) {
    throw new ApiError("conflict", "The enrolment changed; start again.");
  }
  handOverLater(deps, results.at(-1) as OutboxRow[]);
  return { recovery_codes: recovery?.codes ?? [] };
}

/** MFA off: password + a second factor. Sessions stay; sign-ins need the password only again. */
export async function disable(deps: Deps, user: AuthUser, password: string, code: string) {
  const { db, meta } = deps;
  const proof = await proveBothFactors(deps, user, password, code);
  const { now } = proof;
  const claim = newClaim();
  const off = userClaimed(user.id, claim);
  const [turnedOff, , , notice] = await batch(db, [
    claimWithBothFactors(proof, claim, mfaOffColumns(now)),
    deleteRecoveryCodes(user.id, off),
    auditWhere(meta, { type: "mfa.disable", actorId: user.id, targetId: user.id }, off, now),
    recordNotice({ kind: "mfa_disabled", userId: user.id, guard: off, now }),
    clearAttempts(db, user.email, off),
  ] as const);
  if (turnedOff.length === 0) throw invalidCode();
  handOverLater(deps, notice);
}

/**
 * An admin resets a user's second factors (a user who lost both the app and the recovery codes,
 * once their identity is established out of band): TOTP, recovery codes *and* passkeys go — a
 * passkey is a second factor in itself (aal2), and leaving one would leave whatever made it —
 * or voids a pending enrolment. Audited; the user is told when a factor was removed. Idempotent.
 * The claim says which it was: one claim id when a factor was there, another when only an
 * enrolment was pending.
 */
export async function adminReset(deps: Deps, actorId: string, userId: string): Promise<void> {
  const { db, meta } = deps;
  const now = new Date();
  const wasOn = newClaim();
  const wasPending = newClaim();
  const reset = sql`(${userClaimed(userId, wasOn)} OR ${userClaimed(userId, wasPending)})`;
  const hasPasskey = sql`EXISTS (SELECT 1 FROM ${passkeys} AS held WHERE held.user_id = ${userId})`;
  const [, , , , notice, exists] = await batch(db, [
    raw(sql`
      UPDATE ${users}
      SET claim = CASE WHEN mfa_enabled_at IS NOT NULL OR ${hasPasskey} THEN ${wasOn}
          ELSE ${wasPending} END,
        ${mfaOffColumns(now)}
      WHERE id = ${userId}
        AND (mfa_enabled_at IS NOT NULL OR totp_pending_secret IS NOT NULL OR ${hasPasskey})`),
    deleteRecoveryCodes(userId, reset),
    raw(sql`DELETE FROM ${passkeys} WHERE user_id = ${userId} AND ${reset}`),
    auditWhere(meta, { type: "admin.mfa_reset", actorId, targetId: userId }, reset, now),
    recordNotice({
      kind: "mfa_reset_by_admin",
      userId,
      guard: userClaimed(userId, wasOn),
      now,
    }),
    db.select({ id: users.id }).from(users).where(eq(users.id, userId)),
  ] as const);
  if (exists.length === 0) throw new ApiError("not_found", "No user with this id.");
  handOverLater(deps, notice);
}
