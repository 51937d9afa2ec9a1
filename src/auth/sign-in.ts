import { eq, sql } from "drizzle-orm";
import { selectUserByEmail } from "../accounts/repository";
import { auditInsert, auditWhere } from "../audit/events";
import { checkPassword, hashPassword } from "../crypto/password";
import { ALWAYS, newClaim, subject } from "../db/claim";
import { batch, type Statement } from "../db/client";
import { users } from "../db/schema";
import type { Deps } from "../deps";
import { recordEvent } from "../events/outbox";
import type { RefreshTransport } from "../lib/domain";
import { ApiError } from "../lib/errors";
import { assertReserved, clearAttempts, reserveAttempt } from "../security/backoff";
import { assertNotBanned } from "../security/bans";
import { invalidCredentials } from "../security/passwords";
import { limitByEmail } from "../security/rate-limits";
import { afterFirstFactor, type FirstFactor } from "../sessions/challenge";
import { endEverySession, endSessionOfToken } from "../sessions/revocation";
import { rotateRefreshToken } from "../sessions/rotation";
import type { SignedIn } from "../sessions/store";

/**
 * Log in: two round trips whatever happens. The first reserves an attempt on the address's
 * password backoff and reads the account; the password is then checked (a dummy hash for an
 * unknown address: same 401, same work); the second writes the outcome. The session is stored
 * only if the account still has the hash and token version that were checked.
 */
export async function login(
  deps: Deps,
  input: {
    email: string;
    password: string;
    transport: RefreshTransport;
    /**
     * Where a password alone can never be enough (the console): an account without a second
     * factor is refused after the password check, before any session is made.
     */
    secondFactorRequired?: boolean;
  },
): Promise<FirstFactor> {
  const { db, config, env, meta } = deps;
  const { email } = input;
  await limitByEmail(env, config, "login", email);
  const now = new Date();

  const claim = newClaim();
  const [attempt, accounts] = await batch(db, [
    reserveAttempt(email, claim, now),
    selectUserByEmail(db, email),
  ] as const);
  assertReserved(attempt, claim, now);
  const user = accounts[0];
  const password = await checkPassword(input.password, user?.passwordHash, config.passwordPepper);
  if (!user || !password.ok) {
    await batch(db, [
      auditInsert(
        db,
        meta,
        {
          type: "login.failure",
          targetId: user?.id ?? null,
          data: { reason: user ? "wrong_password" : "unknown_email" },
        },
        now,
      ),
    ] as const);
    throw invalidCredentials();
  }
  assertNotBanned(user, now);
  if (user.status !== "verified") {
    await batch(db, [clearAttempts(db, email)] as const);
    throw new ApiError(
      "email_not_verified",
      "Verify your email address first (POST /v1/auth/verify with the emailed code).",
    );
  }

  if (input.secondFactorRequired && !user.mfaEnabledAt) {
    await batch(db, [
      clearAttempts(db, email),
      auditInsert(
        db,
        meta,
        {
          type: "login.refused",
          actorId: user.id,
          targetId: user.id,
          data: { reason: "second_factor_required", surface: "console" },
        },
        now,
      ),
    ] as const);
    throw new ApiError(
      "forbidden",
      "The console needs two-step sign-in: turn on MFA (or sign in with a passkey) first.",
    );
  }

  // Parameters changed since this hash was made: upgrade it now that we know the password. The
  // upgraded hash (fresh salt) can only be this request's, so the guard accepts either hash and
  // holds whether the upgrade runs before or after the statements that read it.
  const rehashed = password.needsRehash
    ? await hashPassword(input.password, config.passwordPepper)
    : user.passwordHash;
  const unchanged = sql`EXISTS (SELECT 1 FROM ${users} AS account WHERE account.id = ${user.id}
    AND account.password_hash IN (${user.passwordHash}, ${rehashed})
    AND account.token_version = ${user.tokenVersion} AND account.status = 'verified')`;
  const next = await afterFirstFactor(config, meta, user, input.transport, unchanged, now);
  const statements: Statement[] = [
    ...next.statements,
    // With MFA on, the password alone does not end the backoff: the second factor does.
    ...(user.mfaEnabledAt ? [] : [clearAttempts(db, email)]),
    auditWhere(
      meta,
      {
        type: user.mfaEnabledAt ? "login.mfa_required" : "login.success",
        actorId: user.id,
        targetId: user.id,
      },
      unchanged,
      now,
    ),
  ];
  if (password.needsRehash) {
    statements.push(
      db
        .update(users)
        .set({ passwordHash: rehashed })
        .where(subject(users.id, user.id, eq(users.passwordHash, user.passwordHash), unchanged)),
    );
  }
  const [stored] = (await batch(db, statements)) as [unknown[]];
  // The password changed (or the account was locked, or MFA switched) between check and write.
  if (stored.length === 0) throw invalidCredentials();
  return next.result();
}

/** Rotation: one round trip, see `rotateRefreshToken`. */
export async function refresh(deps: Deps, token: string): Promise<SignedIn> {
  const { db, config, meta } = deps;
  const rotation = await rotateRefreshToken(config, meta, token, new Date());
  const results = await batch(db, rotation.statements);
  const outcome = await rotation.outcome(results[5]);
  switch (outcome.outcome) {
    case "rotated":
      return outcome.signedIn;
    case "reused":
      throw new ApiError(
        "token_reused",
        "This refresh token was already used; its session has been ended, every token of it with it.",
      );
    case "not_verified":
      throw new ApiError("email_not_verified", "This account is not verified.");
    case "invalid":
      throw new ApiError("invalid_token", "The refresh token is invalid, expired or revoked.");
  }
}

/** Ends the presented token's session. Idempotent: unknown or ended sessions also get 204. */
export async function logout(deps: Deps, token: string): Promise<void> {
  await batch(deps.db, await endSessionOfToken(deps.meta, token, new Date()));
}

/** Every session ended and every access token already issued made stale. */
export async function logoutAll(deps: Deps, userId: string): Promise<void> {
  const { db, meta } = deps;
  const now = new Date();
  await batch(db, [
    ...endEverySession(db, userId, ALWAYS, now),
    auditInsert(db, meta, { type: "logout_all", actorId: userId, targetId: userId }, now),
    recordEvent(deps, {
      type: "sessions.revoked",
      data: { user_id: userId, reason: "logout_all" },
      guard: ALWAYS,
      now,
    }),
  ] as const);
}
