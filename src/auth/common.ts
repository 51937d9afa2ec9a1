import { type SQL, sql } from "drizzle-orm";
import { newClaim } from "../db/claim";
import { batch } from "../db/client";
import { users } from "../db/schema";
import type { Deps } from "../deps";
import type { CodePurpose } from "../lib/domain";
import { CODE_MAIL } from "../mail/messages";
import { handOverLater, recordMail, sealCode } from "../mail/outbox";
import { startAttempts } from "../security/address-attempts";
import { assertSlotClaimed, claimSlot, slotClaimed } from "../security/mail-cooldown";
import { issueCode } from "../security/one-time-codes";

/** The 202 of every request that may mail: the same whether or not an account exists. */
export interface Accepted {
  email: string;
  codeExpiresAt: string;
}

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
  const { db, config } = deps;
  const now = new Date();
  const claim = newClaim();
  const holdsSlot = slotClaimed(email, claim);
  const code = await issueCode(config, eligible, purpose, holdsSlot, now);
  const kind = CODE_MAIL[purpose];
  // The account holder's name only where the address has proven itself (a reset).
  // The reset mail also links to the hosted reset page (auth/reset-page.tsx), when there is one.
  const page =
    purpose === "reset_password" && config.publicUrl
      ? sql`, 'reset_page', ${`${config.publicUrl}/reset`}`
      : sql``;
  const data =
    purpose === "verify_email"
      ? { expires_at: code.issued.expiresAt }
      : sql`json_object('name', ${users.name}, 'expires_at', ${code.issued.expiresAt}${page})`;
  const [slot, window, , , mail] = await batch(db, [
    ...claimSlot(db, email, claim, now),
    ...code.statements,
    recordMail({
      kind,
      to: email,
      data,
      secret: await sealCode(config, code.issued.code),
      from: sql`FROM ${users} WHERE ${eligible}`,
      guard: holdsSlot,
      now,
    }),
    // Resets and sign-in codes count attempts per address, known or not
    // (security/address-attempts.ts): a wrong code answers the same for every address.
    ...(purpose === "reset_password" || purpose === "login"
      ? [startAttempts(email, purpose, code.issued.expiresAt, holdsSlot)]
      : []),
  ] as const);
  assertSlotClaimed(slot, window, now);
  handOverLater(deps, mail);
  return { email, codeExpiresAt: code.issued.expiresAt };
}
