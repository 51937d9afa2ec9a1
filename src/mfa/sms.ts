import { eq, sql } from "drizzle-orm";
import { userClaimed } from "../accounts/repository";
import { auditWhere } from "../audit/events";
import { refreshTokenDigest } from "../crypto/tokens";
import { newClaim, subject } from "../db/claim";
import { batch, raw, type Statement } from "../db/client";
import { mfaChallenges, sessions, users } from "../db/schema";
import type { Deps } from "../deps";
import type { AuthMethod } from "../lib/domain";
import { ApiError } from "../lib/errors";
import type { AuthSession, AuthUser } from "../lib/types";
import { handOverLater, type OutboxRow, recordNotice } from "../mail/outbox";
import { notBanned } from "../security/bans";
import { assertSmsAllowed, countSmsSend, smsKeys, smsSendAllowed } from "../security/sms-limits";
import { proveStepUp } from "../security/step-up";
import { MAX_MFA_ATTEMPTS } from "../sessions/challenge";
import { endSessions } from "../sessions/revocation";
import { invalidCode, mfaKey, newRecoveryCodes } from "./factors";
import { assertSmsOn, checkSmsCode, sendSmsCode } from "./sms-provider";

/**
 * SMS as a *restricted* second factor (NIST SP 800-63B-4 §3.1.3.3; docs/sms.md): offered beside
 * TOTP and passkeys, never instead of them — every answer and mail about it says so and points to
 * them; it completes a sign-in's second step but never gives admin power or opens the console
 * (security/assurance.ts). A number is enrolled only by a signed-in session after a step-up
 * proof, and confirmed by the code texted to it (a binding); texts go only to numbers so
 * enrolled and to the calling codes of SMS_COUNTRIES, within the limits of
 * security/sms-limits.ts. The number is stored whole (it is where texts go) and never logged,
 * audited, sent in an event or answered whole: its last two digits only.
 */

/** E.164: `+`, a country code and at most 15 digits in all. */
export const E164 = /^\+[1-9]\d{6,14}$/;
/** A pending number waits this long for its code (Verify's own lifetime of a code). */
export const SMS_PENDING_SECONDS = 600;

export const RESTRICTED_NOTICE =
  "SMS is a restricted second factor: a thief who takes over your number (a SIM swap) receives your codes. An authenticator app (POST /v1/users/me/mfa/totp) or a passkey is stronger; admins need one of those.";

/** The last two digits, for people and logs: "••••67". */
export function phoneEnding(phone: string): string {
  return phone.slice(-2);
}
export function maskPhone(phone: string): string {
  return `••••${phoneEnding(phone)}`;
}

function assertCountry(deps: Deps, phone: string): void {
  const countries = deps.config.sms.countries;
  if (countries.some((code) => phone.startsWith(code))) return;
  throw new ApiError("validation_failed", "Texts cannot go to this country.", {
    errors: [
      { path: "phone", message: `Texts go only to numbers starting ${countries.join(", ")}` },
    ],
  });
}

/**
 * POST /v1/users/me/mfa/sms: after the step-up proof, the number becomes the pending one and a
 * code is texted to it. The counts are taken before the text, in the same batch as the pending
 * number; a provider that does not take the text leaves no pending number behind (503).
 */
export async function enrolSms(
  deps: Deps,
  user: AuthUser,
  session: AuthSession,
  input: { password?: string; phone: string },
) {
  const { db, config } = deps;
  assertSmsOn(config);
  mfaKey(config);
  assertCountry(deps, input.phone);
  const now = new Date();
  const at = now.toISOString();
  const checked = await proveStepUp(db, config, user, session, { password: input.password }, now);
  const keys = await smsKeys(config.codeHmacSecret, input.phone, user.id);
  const claim = newClaim();
  const [toNumber, toAccount, counts, pending] = await batch(db, [
    ...countSmsSend(db, keys, claim, now),
    raw<{ id: string }>(sql`
      UPDATE ${users} SET sms_pending_phone = ${input.phone}, sms_pending_at = ${at}
      WHERE id = ${user.id} AND password_hash = ${checked.passwordHash}
        AND ${smsSendAllowed(keys, claim)}
      RETURNING id`),
  ] as const);
  assertSmsAllowed(keys, [toNumber, toAccount], counts, now);
  if (pending.length === 0) throw new ApiError("invalid_credentials", "The password is wrong.");
  try {
    await sendSmsCode(config, input.phone, now);
  } catch (error) {
    await batch(db, [
      raw(sql`UPDATE ${users} SET sms_pending_phone = NULL, sms_pending_at = NULL
        WHERE id = ${user.id} AND sms_pending_phone = ${input.phone} AND sms_pending_at = ${at}`),
    ] as const);
    throw error;
  }
  return {
    message: `A code is on its way to the number ending in ${phoneEnding(input.phone)}; confirm it with POST /v1/users/me/mfa/sms/confirm.`,
    phone: maskPhone(input.phone),
    restricted: true as const,
    notice: RESTRICTED_NOTICE,
  };
}

/**
 * POST /v1/users/me/mfa/sms/confirm: the code texted to the pending number makes it the account's.
 * If MFA was off it is now on — the other sessions end, this one counts the text as its second
 * factor, and recovery codes are made (shown once). The claim re-checks that the pending number
 * and the MFA state are still the ones read, so two confirmations at once enrol it once.
 */
export async function confirmSms(deps: Deps, user: AuthUser, session: AuthSession, code: string) {
  const { db, config, meta } = deps;
  assertSmsOn(config);
  mfaKey(config);
  const now = new Date();
  const at = now.toISOString();
  const [rows] = await batch(db, [
    db
      .select({
        pending: users.smsPendingPhone,
        pendingAt: users.smsPendingAt,
        mfaOn: users.mfaEnabledAt,
      })
      .from(users)
      .where(eq(users.id, user.id)),
  ] as const);
  const row = rows[0];
  const fresh =
    row?.pendingAt && Date.parse(row.pendingAt) > now.getTime() - SMS_PENDING_SECONDS * 1000;
  if (!row?.pending || !row.pendingAt || !fresh) {
    throw new ApiError(
      "conflict",
      "No number is waiting for its code: start with POST /v1/users/me/mfa/sms.",
    );
  }
  if ((await checkSmsCode(config, row.pending, code, now)) !== "approved") throw invalidCode();

  const wasOff = row.mfaOn === null;
  const claim = newClaim();
  const enabled = userClaimed(user.id, claim);
  const ending = phoneEnding(row.pending);
  const recovery = wasOff ? await newRecoveryCodes(deps, user.id, enabled, now) : null;
  const amr = [...new Set<AuthMethod>([...session.amr, "sms"])];
  const statements: Statement[] = [
    raw<{ id: string }>(sql`
      UPDATE ${users} SET sms_phone = sms_pending_phone, sms_pending_phone = NULL,
        sms_pending_at = NULL, mfa_enabled_at = COALESCE(mfa_enabled_at, ${at}),
        updated_at = ${at}, claim = ${claim}
      WHERE id = ${user.id} AND sms_pending_phone = ${row.pending}
        AND sms_pending_at = ${row.pendingAt}
        AND mfa_enabled_at IS ${wasOff ? sql`NULL` : sql`NOT NULL`}
      RETURNING id`),
    auditWhere(
      meta,
      {
        type: "mfa.sms_add",
        actorId: user.id,
        targetId: user.id,
        data: { phone_ending: ending, mfa_turned_on: wasOff },
      },
      enabled,
      now,
    ),
    ...(recovery
      ? [
          recovery.insert,
          endSessions(db, user.id, now, { keep: session.id, guard: enabled }),
          db
            .update(sessions)
            .set({ amr })
            .where(subject(sessions.id, session.id, eq(sessions.userId, user.id), enabled)),
        ]
      : []),
    recordNotice({
      kind: "sms_enabled",
      userId: user.id,
      guard: enabled,
      now,
      extra: { phone_ending: ending },
    }),
  ];
  const results = (await batch(db, statements)) as unknown[][];
  if ((results[0] ?? []).length === 0) {
    throw new ApiError("conflict", "The enrolment changed meanwhile; start again.");
  }
  handOverLater(deps, results.at(-1) as OutboxRow[]);
  return {
    phone: maskPhone(row.pending),
    restricted: true as const,
    notice: RESTRICTED_NOTICE,
    recovery_codes: recovery?.codes ?? [],
  };
}

/**
 * DELETE /v1/users/me/mfa/sms, after the step-up proof. While the text is the account's only
 * second factor, removing it would turn MFA off with a password alone: that is DELETE
 * /v1/users/me/mfa, which asks a second factor too (a recovery code).
 */
export async function removeSms(
  deps: Deps,
  user: AuthUser,
  session: AuthSession,
  password: string | undefined,
) {
  const { db, config, meta } = deps;
  const now = new Date();
  const at = now.toISOString();
  const checked = await proveStepUp(db, config, user, session, { password }, now);
  const [rows] = await batch(db, [
    db
      .select({ phone: users.smsPhone, totp: sql<number>`${users.totpSecret} IS NOT NULL` })
      .from(users)
      .where(eq(users.id, user.id)),
  ] as const);
  const phone = rows[0]?.phone;
  if (!phone) throw new ApiError("conflict", "No number receives codes for this account.");
  if (!rows[0]?.totp) {
    throw new ApiError(
      "conflict",
      "Texts are this account's only second factor: add an authenticator app first, or turn two-step sign-in off with DELETE /v1/users/me/mfa (your password and a recovery code).",
    );
  }
  const claim = newClaim();
  const removed = userClaimed(user.id, claim);
  const [gone, , notice] = await batch(db, [
    raw<{ id: string }>(sql`
      UPDATE ${users} SET sms_phone = NULL, sms_pending_phone = NULL, sms_pending_at = NULL,
        updated_at = ${at}, claim = ${claim}
      WHERE id = ${user.id} AND password_hash = ${checked.passwordHash}
        AND sms_phone = ${phone} AND totp_secret IS NOT NULL
      RETURNING id`),
    auditWhere(
      meta,
      {
        type: "mfa.sms_remove",
        actorId: user.id,
        targetId: user.id,
        data: { phone_ending: phoneEnding(phone) },
      },
      removed,
      now,
    ),
    recordNotice({
      kind: "sms_removed",
      userId: user.id,
      guard: removed,
      now,
      extra: { phone_ending: phoneEnding(phone) },
    }),
  ] as const);
  if (gone.length === 0)
    throw new ApiError("conflict", "The account changed meanwhile; try again.");
  handOverLater(deps, notice);
}

/**
 * POST /v1/auth/mfa/sms: a code texted for an open sign-in challenge, to the number the account
 * enrolled — never to a number the request names. The challenge is not spent (the code is
 * checked by POST /v1/auth/mfa/verify with `sms_code`, which counts the attempt).
 */
export async function textSignInCode(deps: Deps, mfaToken: string) {
  const { db, config } = deps;
  assertSmsOn(config);
  const now = new Date();
  const at = now.toISOString();
  const [rows] = await batch(db, [
    raw<{ userId: string; phone: string | null }>(sql`
      SELECT u.id AS userId, u.sms_phone AS phone
      FROM ${mfaChallenges} AS c JOIN ${users} AS u ON u.id = c.user_id
      WHERE c.token_digest = ${await refreshTokenDigest(mfaToken)} AND c.consumed_at IS NULL
        AND c.expires_at > ${at} AND c.attempts < ${MAX_MFA_ATTEMPTS}
        AND u.token_version = c.token_version AND u.mfa_enabled_at IS NOT NULL
        AND ${notBanned(sql`u`, now)}`),
  ] as const);
  const row = rows[0];
  if (!row) {
    throw new ApiError(
      "invalid_mfa_token",
      "The MFA token is invalid, expired or used up; log in again.",
    );
  }
  if (!row.phone) {
    throw new ApiError("conflict", "This account has no number for codes; use another method.");
  }
  const keys = await smsKeys(config.codeHmacSecret, row.phone, row.userId);
  const [toNumber, toAccount, counts] = await batch(db, countSmsSend(db, keys, newClaim(), now));
  assertSmsAllowed(keys, [toNumber, toAccount], counts, now);
  await sendSmsCode(config, row.phone, now);
  return {
    message: `A code is on its way to the number ending in ${phoneEnding(row.phone)}.`,
    phone: maskPhone(row.phone),
  };
}
