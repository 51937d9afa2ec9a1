import { type SQL, sql } from "drizzle-orm";
import { newClaim } from "../db/claim";
import { batch } from "../db/client";
import { users } from "../db/schema";
import type { Deps } from "../deps";
import type { CodePurpose } from "../lib/domain";
import { enqueueMail } from "../mail/messages";
import { assertSlotClaimed, claimSlot, slotClaimed } from "../security/mail-cooldown";
import { issueCode } from "../security/one-time-codes";

/** The 202 of every request that may mail: the same whether or not an account exists. */
export interface Accepted {
  email: string;
  codeExpiresAt: string;
}

const MAIL_KIND = {
  verify_email: "verification_code",
  reset_password: "password_reset_code",
} as const satisfies Record<CodePurpose, string>;

/**
 * Resend and forgot: one batch claims the address's mail slot and — only for an account that
 * `eligible` selects — burns the older codes and stores a new one. The code, its digest and the
 * batch are made whether or not the account exists, so the answer and its timing say nothing.
 */
export async function mailCodeIfEligible(
  deps: Deps,
  email: string,
  purpose: CodePurpose,
  eligible: SQL,
): Promise<Accepted> {
  const { db, config, env } = deps;
  const now = new Date();
  const claim = newClaim();
  const code = await issueCode(config, eligible, purpose, slotClaimed(email, claim), now);
  const [slot, window, , issued, accounts] = await batch(db, [
    ...claimSlot(db, email, claim, now),
    ...code.statements,
    db.select({ name: users.name }).from(users).where(sql`${eligible}`),
  ] as const);
  assertSlotClaimed(slot, window, now);
  if (issued.length > 0) {
    await enqueueMail(env.MAIL_QUEUE, {
      kind: MAIL_KIND[purpose],
      to: email,
      name: accounts[0]?.name ?? null,
      code: code.issued.code,
      expires_at: code.issued.expiresAt,
    });
  }
  return { email, codeExpiresAt: code.issued.expiresAt };
}
