import { eq, type SQL, sql } from "drizzle-orm";
import type { Config } from "../config";
import { open, seal } from "../crypto/seal";
import { newRecoveryCode, RECOVERY_CODE_COUNT, recoveryCodeDigest, totpStep } from "../crypto/totp";
import { raw } from "../db/client";
import { recoveryCodes, users } from "../db/schema";
import type { Deps } from "../deps";
import { ApiError } from "../lib/errors";
import { FEATURE_SECRETS } from "../lib/feature-secrets";
import type { AuthUser } from "../lib/types";
import { checkCurrentPassword } from "../security/passwords";

/**
 * What the MFA features share: the sealed TOTP secret, the second factor a request presents and
 * the SQL that re-checks it, and recovery codes. A TOTP step is accepted once (the last accepted
 * step is stored, and any step at or below it is refused); recovery codes are single-use and
 * stored only as HMAC digests.
 */

const TOTP_SECRET: Parameters<typeof seal>[1] = "totp-secret";

/**
 * The key of every MFA secret. Without MFA_ENCRYPTION_KEY the MFA routes that need it answer 503
 * naming the setting; everything else — sign-in without MFA included — keeps working.
 */
export function mfaKey(config: Config): string {
  if (!config.mfaKey) {
    throw new ApiError(
      "unavailable",
      `MFA is unavailable: ${FEATURE_SECRETS.mfa} is not set on this deployment.`,
    );
  }
  return config.mfaKey;
}

export function sealTotpSecret(deps: Deps, secret: string): Promise<string> {
  return seal(mfaKey(deps.config), TOTP_SECRET, secret);
}

export async function openTotp(deps: Deps, sealed: string | null): Promise<string | null> {
  return sealed ? open(mfaKey(deps.config), TOTP_SECRET, sealed) : null;
}

export function invalidCode(): ApiError {
  return new ApiError("invalid_code", "The code is not valid (or was already used).");
}

export function mfaOff(): ApiError {
  return new ApiError("conflict", "MFA is not on for this account.");
}

/** A second factor, checked against what is stored; the write batch re-checks it (`factorHolds`). */
export type Factor =
  | { kind: "totp"; step: number }
  | { kind: "recovery"; digest: string }
  /** A code the Verify API approved for the account's enrolled number (mfa/sms.ts). */
  | { kind: "sms"; phone: string };

export interface Secrets {
  sealed: string | null;
  lastStep: number | null;
}

/**
 * The SQL that holds while `factor` is still good for account `userId`: MFA on and the step
 * unused, or the recovery code unused. `account` is the alias of the users row it reads: the
 * row of the statement itself (an UPDATE of users) or of an `EXISTS` over `users AS account`.
 */
export function factorHolds(userId: string, factor: Factor, account: SQL): SQL {
  if (factor.kind === "totp") {
    return sql`${account}.mfa_enabled_at IS NOT NULL
      AND (${account}.totp_last_step IS NULL OR ${account}.totp_last_step < ${factor.step})`;
  }
  if (factor.kind === "sms") {
    // The provider spends the code; the number must still be the enrolled one.
    return sql`${account}.mfa_enabled_at IS NOT NULL AND ${account}.sms_phone = ${factor.phone}`;
  }
  return sql`${account}.mfa_enabled_at IS NOT NULL AND EXISTS (SELECT 1 FROM ${recoveryCodes} AS rc
    WHERE rc.user_id = ${userId} AND rc.code_digest = ${factor.digest} AND rc.used_at IS NULL)`;
}

/** A TOTP code of a step not yet used, else a recovery code (checked in the write batch). */
export async function readFactor(
  deps: Deps,
  userId: string,
  secrets: Secrets,
  code: string,
  now: Date,
): Promise<Factor | null> {
  const secret = await openTotp(deps, secrets.sealed);
  const step = secret && /^\d{6}$/.test(code) ? totpStep(secret, code, now.getTime()) : null;
  if (step !== null) {
    return step > (secrets.lastStep ?? -1) ? { kind: "totp", step } : null;
  }
  if (/^\d+$/.test(code)) return null;
  return { kind: "recovery", digest: await recoveryCodeDigest(mfaKey(deps.config), userId, code) };
}

/** Marks a recovery code used — `WHERE guard`, the claim of the batch that proved it. */
export function spendRecoveryCode(userId: string, digest: string, guard: SQL, now: Date) {
  return raw(sql`UPDATE ${recoveryCodes} SET used_at = ${now.toISOString()}
    WHERE user_id = ${userId} AND code_digest = ${digest} AND used_at IS NULL AND ${guard}`);
}

/** Ten new recovery codes, the statement that stores their digests `WHERE guard`, and their ids. */
export async function newRecoveryCodes(deps: Deps, userId: string, guard: SQL, now: Date) {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  const at = now.toISOString();
  const rows = await Promise.all(
    codes.map(async (code) => ({
      id: crypto.randomUUID(),
      digest: await recoveryCodeDigest(mfaKey(deps.config), userId, code),
    })),
  );
  const values = sql.join(
    rows.map((row) => sql`(${row.id}, ${userId}, ${row.digest}, ${at})`),
    sql`, `,
  );
  const insert = raw<{ id: string }>(sql`
    INSERT INTO ${recoveryCodes} (id, user_id, code_digest, created_at)
    SELECT column1, column2, column3, column4 FROM (VALUES ${values}) WHERE ${guard}
    RETURNING id`);
  return { codes, insert, ids: rows.map((row) => row.id) };
}

/** Every recovery code of one account, but `keep` — `WHERE guard`. */
export function deleteRecoveryCodes(userId: string, guard: SQL, keep: string[] = []) {
  const kept = keep.length > 0 ? sql`AND id NOT IN ${keep}` : sql``;
  return raw(sql`DELETE FROM ${recoveryCodes} WHERE user_id = ${userId} ${kept} AND ${guard}`);
}

export interface MfaStatus {
  enabled: boolean;
  enabled_at: string | null;
  recovery_codes_remaining: number;
  enrolment_pending: boolean;
  totp: boolean;
  sms: { phone: string | null; pending: string | null; restricted: true };
}

/** GET /v1/users/me/mfa. The count names its account by id, not by a column of the outer row. */
export async function status(deps: Deps, userId: string): Promise<MfaStatus> {
  const [row] = await deps.db
    .select({
      enabledAt: users.mfaEnabledAt,
      pending: sql<number>`${users.totpPendingSecret} IS NOT NULL`,
      totp: sql<number>`${users.totpSecret} IS NOT NULL`,
      smsPhone: users.smsPhone,
      smsPending: users.smsPendingPhone,
      remaining: sql<number>`(SELECT COUNT(*) FROM ${recoveryCodes} AS rc
        WHERE rc.user_id = ${userId} AND rc.used_at IS NULL)`,
    })
    .from(users)
    .where(eq(users.id, userId));
  return {
    enabled: Boolean(row?.enabledAt),
    enabled_at: row?.enabledAt ?? null,
    recovery_codes_remaining: row?.enabledAt ? Number(row.remaining) : 0,
    enrolment_pending: Boolean(row?.pending),
    totp: Boolean(row?.totp),
    sms: {
      phone: row?.smsPhone ? `••••${row.smsPhone.slice(-2)}` : null,
      pending: row?.smsPending ? `••••${row.smsPending.slice(-2)}` : null,
      restricted: true,
    },
  };
}

/** A checked password and second factor, for the write that acts on them (`claimWithBothFactors`). */
export interface BothFactors {
  userId: string;
  passwordHash: string;
  factor: Factor;
  now: Date;
}

/**
 * The password and a second factor, for the routes that change MFA. A wrong password is 401 and
 * a wrong code 400; both leave the password-backoff attempt counted, so neither can be guessed
 * faster than a login.
 */
export async function proveBothFactors(
  deps: Deps,
  user: AuthUser,
  password: string,
  code: string,
): Promise<BothFactors> {
  const { db, config } = deps;
  mfaKey(config);
  const now = new Date();
  const checked = await checkCurrentPassword(db, config, user, password, now);
  const row = await db
    .select({
      sealed: users.totpSecret,
      lastStep: users.totpLastStep,
      enabledAt: users.mfaEnabledAt,
    })
    .from(users)
    .where(eq(users.id, user.id))
    .get();
  if (!row?.enabledAt) throw mfaOff();
  const factor = await readFactor(deps, user.id, row, code, now);
  if (!factor) throw invalidCode();
  return { userId: user.id, passwordHash: checked.passwordHash, factor, now };
}

/**
 * The claim of an MFA change (db/claim.ts): one UPDATE of the account that re-checks both
 * factors — the password hash that was checked, MFA on, the factor unspent — spends a TOTP step,
 * applies `set`, and stamps `claim`. The rest of the batch runs `WHERE userClaimed(…)`.
 */
export function claimWithBothFactors(proof: BothFactors, claim: string, set?: SQL) {
  const spend = proof.factor.kind === "totp" ? sql`, totp_last_step = ${proof.factor.step}` : sql``;
  return raw<{ id: string }>(sql`
    UPDATE ${users} SET claim = ${claim}${spend}${set ? sql`, ${set}` : sql``}
    WHERE id = ${proof.userId} AND password_hash = ${proof.passwordHash}
      AND ${factorHolds(proof.userId, proof.factor, sql`${users}`)}
    RETURNING id`);
}

/** The columns of an account with MFA off (nothing pending, no failures counted). */
export function mfaOffColumns(now: Date): SQL {
  return sql`mfa_enabled_at = NULL, totp_secret = NULL, totp_last_step = NULL,
    totp_pending_secret = NULL, totp_pending_attempts = 0, sms_phone = NULL,
    sms_pending_phone = NULL, sms_pending_at = NULL, mfa_failures = 0,
    mfa_blocked_until = NULL, updated_at = ${now.toISOString()}`;
}
