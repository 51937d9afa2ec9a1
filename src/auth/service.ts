import { eq } from "drizzle-orm";
import { auditInsert } from "../audit/service";
import { commonPasswords } from "../crypto/common-passwords";
import { burnPasswordCheck, hashPassword, verifyPassword } from "../crypto/password";
import { passwordProblem } from "../crypto/password-policy";
import type { Database, Statement } from "../db/client";
import { type CodePurpose, type UserRow, users } from "../db/schema";
import type { Deps } from "../lib/deps";
import { ApiError } from "../lib/errors";
import { enqueueMail } from "../mail/messages";
import { limitByEmail } from "../middleware/rate-limit";
import { toUserDto, type UserDto } from "../users/dto";
import { burnAllCodes, consumeCode, issueCode } from "./codes";
import {
  endAllSessions,
  newRefreshToken,
  revokeFamilyOf,
  spendRefreshToken,
  type TokenPair,
  tokenPair,
} from "./session";
import {
  assertLoginAllowed,
  claimMailSlot,
  clearLoginFailures,
  recordLoginFailure,
} from "./throttle";

export interface Session extends TokenPair {
  user: UserDto;
}

export interface Accepted {
  email: string;
  codeExpiresAt: string;
}

const INVALID_CREDENTIALS = "Email or password is wrong.";

export function findUserByEmail(db: Database, email: string) {
  return db.select().from(users).where(eq(users.email, email)).get();
}

/** Same checks on signup, change, reset and admin create; the reason goes back in `errors`. */
export function assertPasswordAllowed(
  deps: Pick<Deps, "config">,
  password: string,
  email: string,
  field = "password",
): void {
  const problem = passwordProblem(
    password,
    email,
    deps.config.passwordMinLength,
    commonPasswords(),
  );
  if (problem) {
    throw new ApiError("validation_failed", problem, {
      errors: [{ path: field, message: problem }],
    });
  }
}

/** Checks a password for a possibly unknown email with the same PBKDF2 work either way. */
async function checkCredentials(deps: Deps, user: UserRow | undefined, password: string) {
  if (!user) {
    await burnPasswordCheck(password, deps.config.passwordPepper);
    return { ok: false, needsRehash: false };
  }
  return verifyPassword(password, user.passwordHash, deps.config.passwordPepper);
}

async function startSession(deps: Deps, user: UserRow, extra: Statement[] = []) {
  const refresh = await newRefreshToken(deps.db, deps.config, user.id);
  await deps.db.batch([refresh.insert, ...extra]);
  return tokenPair(deps.config, user, refresh.token);
}

/**
 * New email: a pending account and a verification code. Pending email: password and profile
 * replaced, older codes burned, a new code. Verified email: nothing changes and an
 * "account exists" notice is mailed instead. The caller sees the same 202 in all three cases.
 */
export async function signup(
  deps: Deps,
  input: { email: string; password: string; name?: string | null; surname?: string | null },
): Promise<Accepted> {
  const { db, config, env, meta } = deps;
  assertPasswordAllowed(deps, input.password, input.email);
  await claimMailSlot(db, input.email);

  const now = new Date();
  const at = now.toISOString();
  const existing = await findUserByEmail(db, input.email);

  if (existing?.status === "verified" || existing?.verifiedAt) {
    await burnPasswordCheck(input.password, config.passwordPepper);
    await auditInsert(db, meta, {
      type: "signup",
      targetId: existing.id,
      data: { outcome: "account_exists" },
    });
    await enqueueMail(env.MAIL_QUEUE, {
      kind: "account_exists",
      to: existing.email,
      name: existing.name,
    });
    return {
      email: input.email,
      codeExpiresAt: new Date(now.getTime() + config.codeTtlSeconds * 1000).toISOString(),
    };
  }

  const passwordHash = await hashPassword(input.password, config.passwordPepper);
  const name = input.name ?? null;
  const surname = input.surname ?? null;
  const userId = existing?.id ?? crypto.randomUUID();
  const issued = await issueCode(db, config, userId, "verify_email", now);
  const write = existing
    ? db
        .update(users)
        .set({ passwordHash, name, surname, updatedAt: at })
        .where(eq(users.id, existing.id))
    : db.insert(users).values({
        id: userId,
        email: input.email,
        passwordHash,
        name,
        surname,
        role: "user",
        status: "pending",
        createdAt: at,
        updatedAt: at,
      });
  await db.batch([
    write,
    ...issued.statements,
    auditInsert(db, meta, {
      type: "signup",
      actorId: userId,
      targetId: userId,
      data: { outcome: existing ? "pending_replaced" : "created" },
    }),
  ]);
  await enqueueMail(env.MAIL_QUEUE, {
    kind: "verification_code",
    to: input.email,
    name,
    code: issued.code,
    expires_at: issued.expiresAt,
  });
  return { email: input.email, codeExpiresAt: issued.expiresAt };
}

/**
 * Email + current password + code. Requiring the password means a stranger who pre-registered
 * someone else's address cannot end up owning it. A wrong password counts as an attempt on the
 * code. An already verified account answers 409, but only to the right password.
 */
export async function verifyEmail(
  deps: Deps,
  input: { email: string; password: string; code: string },
): Promise<Session> {
  const { db, config, env, meta } = deps;
  await limitByEmail(env, config, "verify", input.email);
  const user = await findUserByEmail(db, input.email);
  const password = await checkCredentials(deps, user, input.password);
  if (!user) throw new ApiError("invalid_credentials", INVALID_CREDENTIALS);
  if (user.status === "verified") {
    if (!password.ok) throw new ApiError("invalid_credentials", INVALID_CREDENTIALS);
    throw new ApiError("conflict", "This email address is already verified; log in instead.");
  }

  await consumeCode(db, config, {
    userId: user.id,
    purpose: "verify_email",
    code: input.code,
    passwordOk: password.ok,
  });

  const at = new Date().toISOString();
  const verifiedAt = user.verifiedAt ?? at;
  const verified: UserRow = { ...user, status: "verified", verifiedAt, updatedAt: at };
  const pair = await startSession(deps, verified, [
    db
      .update(users)
      .set({ status: "verified", verifiedAt, updatedAt: at })
      .where(eq(users.id, user.id)),
    clearLoginFailures(db, user.email),
    auditInsert(db, meta, { type: "verify", actorId: user.id, targetId: user.id }),
  ]);
  return { ...pair, user: toUserDto(verified) };
}

/**
 * Unknown email and wrong password get the same 401 after the same hashing work. Only a right
 * password learns that an account is still pending (403). After 10 consecutive failures per
 * email, attempts are refused with 429 for a delay that doubles with each further failure.
 */
export async function login(
  deps: Deps,
  input: { email: string; password: string },
): Promise<Session> {
  const { db, config, env, meta } = deps;
  await limitByEmail(env, config, "login", input.email);
  // Two independent reads, one round trip of latency: the backoff check and the account.
  const [, user] = await Promise.all([
    assertLoginAllowed(db, input.email),
    findUserByEmail(db, input.email),
  ]);
  const password = await checkCredentials(deps, user, input.password);
  if (!user || !password.ok) {
    await recordLoginFailure(db, input.email);
    await auditInsert(db, meta, {
      type: "login.failure",
      targetId: user?.id ?? null,
      data: { reason: user ? "wrong_password" : "unknown_email" },
    });
    throw new ApiError("invalid_credentials", INVALID_CREDENTIALS);
  }
  if (user.status !== "verified") {
    throw new ApiError(
      "email_not_verified",
      "Verify your email address first (POST /v1/auth/verify with the emailed code).",
    );
  }

  let current = user;
  const extra: Statement[] = [
    clearLoginFailures(db, user.email),
    auditInsert(db, meta, { type: "login.success", actorId: user.id, targetId: user.id }),
  ];
  if (password.needsRehash) {
    // Parameters changed since this hash was made: upgrade it now that we know the password.
    const passwordHash = await hashPassword(input.password, config.passwordPepper);
    current = { ...user, passwordHash };
    extra.push(db.update(users).set({ passwordHash }).where(eq(users.id, user.id)));
  }
  const pair = await startSession(deps, current, extra);
  return { ...pair, user: toUserDto(current) };
}

/** Rotation: the presented token is spent and a new one issued in the same family. */
export async function refresh(deps: Deps, token: string): Promise<Session> {
  const { db, config, meta } = deps;
  const result = await spendRefreshToken(db, token);
  if (result.outcome === "invalid") {
    throw new ApiError("invalid_token", "The refresh token is invalid, expired or revoked.");
  }
  if (result.outcome === "reused") {
    await auditInsert(db, meta, {
      type: "refresh.reuse",
      targetId: result.userId,
      data: { family_id: result.familyId },
    });
    throw new ApiError(
      "token_reused",
      "This refresh token was already used; every session descended from it has been revoked.",
    );
  }
  const user = await db.select().from(users).where(eq(users.id, result.userId)).get();
  if (!user)
    throw new ApiError("invalid_token", "The refresh token is invalid, expired or revoked.");
  if (user.status !== "verified") {
    throw new ApiError("email_not_verified", "This account is not verified.");
  }
  const next = await newRefreshToken(db, config, user.id, result.familyId);
  await next.insert;
  return { ...(await tokenPair(config, user, next.token)), user: toUserDto(user) };
}

/** Revokes the presented token's family. Idempotent: unknown or revoked tokens also get 204. */
export async function logout(deps: Deps, token: string): Promise<void> {
  const userId = await revokeFamilyOf(deps.db, token);
  if (userId)
    await auditInsert(deps.db, deps.meta, { type: "logout", actorId: userId, targetId: userId });
}

/** Every refresh token revoked and every access token already issued made stale. */
export async function logoutAll(deps: Deps, userId: string): Promise<void> {
  const { db, meta } = deps;
  await db.batch([
    ...endAllSessions(db, userId),
    auditInsert(db, meta, { type: "logout_all", actorId: userId, targetId: userId }),
  ]);
}

/**
 * Claims the address's mail slot, then mails a new code (older ones burned) if `eligible`
 * says the account should get one. Always the same answer, so it reveals nothing.
 */
async function mailCodeIfEligible(
  deps: Deps,
  email: string,
  purpose: CodePurpose,
  eligible: (user: UserRow) => boolean,
): Promise<Accepted> {
  const { db, config, env } = deps;
  await claimMailSlot(db, email);
  const now = new Date();
  const user = await findUserByEmail(db, email);
  if (!user || !eligible(user)) {
    const codeExpiresAt = new Date(now.getTime() + config.codeTtlSeconds * 1000).toISOString();
    return { email, codeExpiresAt };
  }
  const issued = await issueCode(db, config, user.id, purpose, now);
  await db.batch([...issued.statements]);
  await enqueueMail(env.MAIL_QUEUE, {
    kind: purpose === "verify_email" ? "verification_code" : "password_reset_code",
    to: user.email,
    name: user.name,
    code: issued.code,
    expires_at: issued.expiresAt,
  });
  return { email, codeExpiresAt: issued.expiresAt };
}

/** 202 always; a new code (older ones burned) only for a never-verified pending account. */
export function resendCode(deps: Deps, email: string): Promise<Accepted> {
  return mailCodeIfEligible(
    deps,
    email,
    "verify_email",
    (user) => user.status === "pending" && !user.verifiedAt,
  );
}

/** 202 always; a reset code is mailed to verified accounts only. */
export function forgotPassword(deps: Deps, email: string): Promise<Accepted> {
  return mailCodeIfEligible(deps, email, "reset_password", (user) => user.status === "verified");
}

/** A reset code sets a new password and ends every session and access token. */
export async function resetPassword(
  deps: Deps,
  input: { email: string; code: string; newPassword: string },
): Promise<void> {
  const { db, config, env, meta } = deps;
  await limitByEmail(env, config, "reset", input.email);
  assertPasswordAllowed(deps, input.newPassword, input.email, "new_password");
  const user = await findUserByEmail(db, input.email);
  // Unknown or unverified addresses look exactly like a wrong code.
  if (user?.status !== "verified") throw new ApiError("invalid_code", "The code is not valid.");

  await consumeCode(db, config, {
    userId: user.id,
    purpose: "reset_password",
    code: input.code,
    passwordOk: true,
  });
  const passwordHash = await hashPassword(input.newPassword, config.passwordPepper);
  await db.batch([
    db.update(users).set({ passwordHash }).where(eq(users.id, user.id)),
    ...endAllSessions(db, user.id),
    burnAllCodes(db, user.id, "reset_password"),
    clearLoginFailures(db, user.email),
    auditInsert(db, meta, { type: "password.reset", actorId: user.id, targetId: user.id }),
  ]);
}
