import { z } from "zod";

/**
 * Messages on MAIL_QUEUE. The queue is internal to this Worker, so a code travels in the message
 * (the consumer must render it); it is never logged except by the `log` provider, on purpose.
 * `idempotency_key` is fixed at enqueue time so retries and redeliveries never mail twice.
 * The consumer parses every body with `MailMessage`: what it cannot parse, it drops (and logs).
 */
const base = {
  idempotency_key: z.string().min(1),
  to: z.string().min(3),
  name: z.string().nullable(),
};

export const MailMessage = z.discriminatedUnion("kind", [
  z.object({
    ...base,
    kind: z.literal("verification_code"),
    code: z.string(),
    expires_at: z.string(),
  }),
  z.object({
    ...base,
    kind: z.literal("password_reset_code"),
    code: z.string(),
    expires_at: z.string(),
  }),
  /** Sent instead of a code when someone signs up with an address that already has an account. */
  z.object({ ...base, kind: z.literal("account_exists") }),
]);
export type MailMessage = z.output<typeof MailMessage>;

type Draft<M> = M extends MailMessage ? Omit<M, "idempotency_key"> : never;

export function mailMessage(draft: Draft<MailMessage>): MailMessage {
  return { ...draft, idempotency_key: crypto.randomUUID() } as MailMessage;
}

export async function enqueueMail(queue: Queue, draft: Draft<MailMessage>): Promise<void> {
  await queue.send(mailMessage(draft), { contentType: "json" });
}
