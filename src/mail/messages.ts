/**
 * Messages on MAIL_QUEUE. The queue is internal to this Worker, so a code travels in the message
 * (the consumer must render it); it is never logged except by the `log` provider, on purpose.
 * `idempotency_key` is fixed at enqueue time so retries and redeliveries never mail twice.
 */
interface MailBase {
  idempotency_key: string;
  to: string;
  name: string | null;
}

export interface VerificationCodeMail extends MailBase {
  kind: "verification_code";
  code: string;
  expires_at: string;
}

export interface PasswordResetCodeMail extends MailBase {
  kind: "password_reset_code";
  code: string;
  expires_at: string;
}

/** Sent instead of a code when someone signs up with an address that already has an account. */
export interface AccountExistsMail extends MailBase {
  kind: "account_exists";
}

export type MailMessage = VerificationCodeMail | PasswordResetCodeMail | AccountExistsMail;

type Draft<M> = M extends MailMessage ? Omit<M, "idempotency_key"> : never;

export function mailMessage(draft: Draft<MailMessage>): MailMessage {
  return { ...draft, idempotency_key: crypto.randomUUID() } as MailMessage;
}

export async function enqueueMail(queue: Queue, draft: Draft<MailMessage>): Promise<void> {
  await queue.send(mailMessage(draft), { contentType: "json" });
}
