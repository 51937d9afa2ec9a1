import { and, eq, sql } from "drizzle-orm";
import { selectAccount } from "../accounts/repository";
import { auditWhere } from "../audit/events";
import { ALWAYS, newClaim } from "../db/claim";
import { batch } from "../db/client";
import { users } from "../db/schema";
import type { Deps } from "../deps";
import { recordUserEvent } from "../events/outbox";
import { ApiError } from "../lib/errors";
import type { AuthSession, AuthUser } from "../lib/types";
import { handOverLater, recordMail, recordNotice, sealCode } from "../mail/outbox";
import { clearAttempts } from "../security/backoff";
import { assertSlotClaimed, claimSlot, slotClaimed } from "../security/mail-cooldown";
import {
  burnCodes,
  codeConsumed,
  codeMatches,
  consumeCode,
  invalidCode,
  issueCode,
  reservation,
  reserveAttempt,
  wrongCode,
} from "../security/one-time-codes";
import { checkCurrentPassword } from "../security/passwords";
import { endEverySession } from "../sessions/revocation";
import { type SignedIn, signedIn, startSession } from "../sessions/store";

/**
 * Email change: a code to the *new* address proves the caller owns it; confirming moves the
 * account there, ends every other session, and tells the *old* address.
 *
 * A taken address is never revealed: the request answers the same 202 after the same work (the
 * password check, one batch with the same statements), no code is made, and the address's owner
 * is told someone tried to use it. The mail cooldown of the new address applies either way.
 */
export interface ChangeRequested {
  codeExpiresAt: string;
}

/** `a***e@example.com`: enough for the old address's owner to recognise it, not to harvest it. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  const local = email.slice(0, at);
  const shown = local.length <= 2 ? `${local.slice(0, 1)}***` : `${local[0]}***${local.at(-1)}`;
  return `${shown}${email.slice(at)}`;
}

export async function requestEmailChange(
  deps: Deps,
  user: AuthUser,
  input: { newEmail: string; password: string },
): Promise<ChangeRequested> {
  const { db, config, meta } = deps;
  const { newEmail } = input;
  if (newEmail === user.email) {
    throw new ApiError("validation_failed", "The new email address is the current one.", {
      errors: [{ path: "new_email", message: "Must differ from the current address" }],
    });
  }
  const now = new Date();
  await checkCurrentPassword(db, config, user, input.password, now);

  const claim = newClaim();
  const holdsSlot = slotClaimed(newEmail, claim);
  const free = sql`NOT EXISTS (SELECT 1 FROM ${users} AS taken WHERE taken.email = ${newEmail})`;
  const mine = sql`${users.id} = ${user.id} AND ${free}`;
  const code = await issueCode(config, mine, "change_email", holdsSlot, now, newEmail);
  const [slot, window, , , codeMail, attemptedMail] = await batch(db, [
    ...claimSlot(db, newEmail, claim, now),
    ...code.statements,
    recordMail({
      kind: "email_change_code",
      to: newEmail,
      // No name: the new address has not proven itself yet.
      data: { expires_at: code.issued.expiresAt },
      secret: await sealCode(config, code.issued.code),
      from: sql`FROM ${users} WHERE ${mine}`,
      guard: holdsSlot,
      now,
    }),
    recordMail({
      kind: "email_change_attempted",
      to: newEmail,
      data: sql`json_object('name', ${users.name})`,
      from: sql`FROM ${users} WHERE ${users.email} = ${newEmail}`,
      guard: holdsSlot,
      now,
    }),
    clearAttempts(db, user.email),
    auditWhere(
      meta,
      { type: "email.change_request", actorId: user.id, targetId: user.id },
      holdsSlot,
      now,
    ),
  ] as const);
  assertSlotClaimed(slot, window, now);
  handOverLater(deps, [...codeMail, ...attemptedMail]);
  return { codeExpiresAt: code.issued.expiresAt };
}

/**
 * The code from the new address moves the account there — if the address is still free at the
 * moment of the write: the code is consumed only `WHERE` no account has it, in the same batch as
 * the change, so a sign-up racing it ends in a clean 409 or a success, never two accounts. Every
 * session ends; the caller goes on in a new one, authenticated as before.
 */
export async function confirmEmailChange(
  deps: Deps,
  user: AuthUser,
  session: AuthSession,
  code: string,
): Promise<SignedIn> {
  const { db, config, meta } = deps;
  const now = new Date();
  const at = now.toISOString();
  const owner = sql`${users.id} = ${user.id}`;
  const [reserved, state] = await batch(db, reserveAttempt(owner, "change_email", ALWAYS, now));
  const found = reservation(reserved, state, now);
  const matches = await codeMatches(
    config,
    "change_email",
    found.ok ? found.code : undefined,
    code,
  );
  if (!found.ok) throw found.error;
  if (!matches) throw wrongCode(found.code);
  const newEmail = found.code.targetEmail;
  if (!newEmail) throw invalidCode();

  const claim = newClaim();
  const consumed = codeConsumed(found.code, "change_email", claim);
  const next = await startSession(
    config,
    meta,
    {
      userId: user.id,
      amr: session.amr,
      transport: session.transport,
      expiresAt: session.expiresAt,
    },
    consumed,
    now,
  );
  const [consumedRows, , , , , , , , , notice, accounts] = await batch(db, [
    consumeCode(
      found.code,
      "change_email",
      claim,
      sql`NOT EXISTS (SELECT 1 FROM ${users} AS taken WHERE taken.email = ${newEmail})`,
      now,
    ),
    db
      .update(users)
      .set({ email: newEmail, updatedAt: at })
      .where(and(eq(users.id, user.id), consumed)),
    ...endEverySession(db, user.id, consumed, now),
    ...next.statements,
    burnCodes(user.id, "reset_password", consumed, now),
    clearAttempts(db, user.email, consumed),
    auditWhere(
      meta,
      {
        type: "email.change",
        actorId: user.id,
        targetId: user.id,
        data: {
          from_domain: user.email.split("@")[1] ?? null,
          to_domain: newEmail.split("@")[1] ?? null,
        },
      },
      consumed,
      now,
    ),
    recordNotice({
      kind: "email_changed",
      userId: user.id,
      to: user.email,
      extra: { new_email: maskEmail(newEmail) },
      guard: consumed,
      now,
    }),
    selectAccount(db, eq(users.id, user.id)),
    recordUserEvent(deps, "user.updated", user.id, consumed, now, { changes: ["email"] }),
  ] as const);
  const account = accounts[0];
  if (consumedRows.length === 0 || !account || account.email !== newEmail) {
    const taken = await db
      .select({ id: users.id })
      .from(users)
      .where(eq(users.email, newEmail))
      .get();
    if (taken) throw new ApiError("conflict", "That address now belongs to another account.");
    throw invalidCode();
  }
  handOverLater(deps, notice);
  return signedIn(config, account, next, next.refresh, now);
}
