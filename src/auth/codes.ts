import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { Config } from "../config";
import { codeDigest, digestsEqual, generateCode } from "../crypto/codes";
import type { Database } from "../db/client";
import { type CodePurpose, oneTimeCodes } from "../db/schema";
import { ApiError } from "../lib/errors";

/**
 * Verification and password-reset codes: 6 uniform digits, stored only as an HMAC, valid for
 * VERIFICATION_CODE_TTL_SECONDS, single-use, purpose-bound, and burned on the 5th failed try.
 * Every rule about codes lives in this file.
 */
export const MAX_CODE_ATTEMPTS = 5;

export interface IssuedCode {
  code: string;
  expiresAt: string;
  /** Burn the older codes of this purpose and store the new one: run inside one `db.batch`. */
  statements: readonly [ReturnType<typeof burnCodes>, ReturnType<typeof insertCode>];
}

function burnCodes(db: Database, userId: string, purpose: CodePurpose, at: string) {
  return db
    .update(oneTimeCodes)
    .set({ consumedAt: at })
    .where(
      and(
        eq(oneTimeCodes.userId, userId),
        eq(oneTimeCodes.purpose, purpose),
        isNull(oneTimeCodes.consumedAt),
      ),
    );
}

function insertCode(db: Database, values: typeof oneTimeCodes.$inferInsert) {
  return db.insert(oneTimeCodes).values(values);
}

/** A new code for `userId`; a new code always burns the older ones of the same purpose. */
export async function issueCode(
  db: Database,
  config: Config,
  userId: string,
  purpose: CodePurpose,
  now = new Date(),
): Promise<IssuedCode> {
  const code = generateCode();
  const at = now.toISOString();
  const expiresAt = new Date(now.getTime() + config.codeTtlSeconds * 1000).toISOString();
  return {
    code,
    expiresAt,
    statements: [
      burnCodes(db, userId, purpose, at),
      insertCode(db, {
        id: crypto.randomUUID(),
        userId,
        purpose,
        codeDigest: await codeDigest(config.codeHmacSecret, purpose, userId, code),
        expiresAt,
        createdAt: at,
      }),
    ],
  };
}

export function burnAllCodes(db: Database, userId: string, purpose: CodePurpose, now = new Date()) {
  return burnCodes(db, userId, purpose, now.toISOString());
}

/**
 * Checks a submitted code (and whether the caller's password was right, which the verify flow
 * requires too). Success consumes the code with one conditional UPDATE, so of two concurrent
 * correct submissions exactly one wins. A failure counts an attempt; the 5th burns the code.
 * Throws `invalid_code`, `code_expired`, `too_many_attempts`, or `invalid_credentials` when the
 * code was right but the password was not.
 */
export async function consumeCode(
  db: Database,
  config: Config,
  args: { userId: string; purpose: CodePurpose; code: string; passwordOk: boolean },
  now = new Date(),
): Promise<void> {
  const at = now.toISOString();
  const latest = await db
    .select()
    .from(oneTimeCodes)
    .where(and(eq(oneTimeCodes.userId, args.userId), eq(oneTimeCodes.purpose, args.purpose)))
    .orderBy(desc(oneTimeCodes.createdAt))
    .limit(1)
    .get();

  if (!latest) throw new ApiError("invalid_code", "The code is not valid.");
  if (latest.consumedAt) {
    if (latest.attempts >= MAX_CODE_ATTEMPTS) throw tooManyAttempts();
    throw new ApiError("invalid_code", "The code is not valid.");
  }
  if (latest.expiresAt <= at) {
    throw new ApiError("code_expired", "The code has expired; request a new one.");
  }

  const expected = await codeDigest(config.codeHmacSecret, args.purpose, args.userId, args.code);
  const codeOk = digestsEqual(expected, latest.codeDigest);

  if (codeOk && args.passwordOk) {
    const consumed = await db
      .update(oneTimeCodes)
      .set({ consumedAt: at })
      .where(
        and(
          eq(oneTimeCodes.id, latest.id),
          isNull(oneTimeCodes.consumedAt),
          sql`${oneTimeCodes.expiresAt} > ${at}`,
        ),
      )
      .returning({ id: oneTimeCodes.id })
      .get();
    if (!consumed) throw new ApiError("invalid_code", "The code is not valid.");
    return;
  }

  const counted = await db
    .update(oneTimeCodes)
    .set({
      attempts: sql`${oneTimeCodes.attempts} + 1`,
      consumedAt: sql`CASE WHEN ${oneTimeCodes.attempts} + 1 >= ${MAX_CODE_ATTEMPTS} THEN ${at} ELSE NULL END`,
    })
    .where(and(eq(oneTimeCodes.id, latest.id), isNull(oneTimeCodes.consumedAt)))
    .returning({ attempts: oneTimeCodes.attempts })
    .get();
  if (!counted) throw new ApiError("invalid_code", "The code is not valid.");
  if (counted.attempts >= MAX_CODE_ATTEMPTS) throw tooManyAttempts();
  if (!args.passwordOk) throw new ApiError("invalid_credentials", "Email or password is wrong.");
  throw new ApiError("invalid_code", "The code is not valid.");
}

function tooManyAttempts(): ApiError {
  return new ApiError(
    "too_many_attempts",
    `The code was entered wrongly ${MAX_CODE_ATTEMPTS} times and is no longer valid; request a new one.`,
  );
}
