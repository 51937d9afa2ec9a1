import { z } from "zod";
import type { CodePurpose } from "../lib/domain";

/**
 * The mails the service sends, and the messages that carry them on MAIL_QUEUE.
 *
 * Every mail is first a row of the D1 outbox (`mail_outbox`, see outbox.ts); the queue message is
 * that row: its id (the provider's Idempotency-Key), its kind, its recipient, the non-secret
 * template fields, and — for a code — the code sealed with AES-GCM, so neither D1, nor the
 * queue, nor a dead-letter queue ever holds a code in the clear. The consumer parses every body
 * with `QueueMessage` and opens it into a `Mail`: what it cannot parse, it drops (and logs).
 */

/** Mails that carry a code (the code is sealed in the message). */
export const CODE_KINDS = [
  "verification_code",
  "password_reset_code",
  "email_change_code",
  "login_code",
] as const;
export type CodeKind = (typeof CODE_KINDS)[number];

/** The mail that carries a code of each purpose. */
export const CODE_MAIL = {
  verify_email: "verification_code",
  reset_password: "password_reset_code",
  change_email: "email_change_code",
  login: "login_code",
} as const satisfies Record<CodePurpose, CodeKind>;

const name = z.string().nullable().default(null);
const base = { id: z.string().min(1), to: z.string().min(3), name };

/** A mail as the templates render it: the message, opened. */
export const Mail = z.discriminatedUnion("kind", [
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
    /** The hosted reset page (PUBLIC_URL/reset), when the service has one. */
    reset_page: z.string().optional(),
  }),
  /** To the *new* address of an email change: the code that confirms it. */
  z.object({
    ...base,
    kind: z.literal("email_change_code"),
    code: z.string(),
    expires_at: z.string(),
  }),
  /** A sign-in code (email-code login), to a verified address. */
  z.object({
    ...base,
    kind: z.literal("login_code"),
    code: z.string(),
    expires_at: z.string(),
  }),
  /** Sent instead of a code when someone signs up with an address that already has an account. */
  z.object({ ...base, kind: z.literal("account_exists") }),
  // Security notices: to the account holder, never held back by the mail cooldown, no secret.
  /** Someone signed in tried to move their account to this address, which has an account. */
  z.object({ ...base, kind: z.literal("email_change_attempted") }),
  /** To the *old* address: the account now uses another one (shown partly masked). */
  z.object({ ...base, kind: z.literal("email_changed"), new_email: z.string() }),
  z.object({ ...base, kind: z.literal("password_changed") }),
  z.object({ ...base, kind: z.literal("password_reset") }),
  z.object({ ...base, kind: z.literal("mfa_enabled") }),
  z.object({ ...base, kind: z.literal("mfa_disabled") }),
  /** A number enrolled for SMS codes (its last two digits only), with what SMS does not protect. */
  z.object({ ...base, kind: z.literal("sms_enabled"), phone_ending: z.string().regex(/^\d{2}$/) }),
  z.object({ ...base, kind: z.literal("sms_removed"), phone_ending: z.string().regex(/^\d{2}$/) }),
  z.object({ ...base, kind: z.literal("recovery_code_used") }),
  z.object({ ...base, kind: z.literal("recovery_codes_regenerated") }),
  z.object({ ...base, kind: z.literal("mfa_reset_by_admin") }),
  /**
   * An invitation to join a shop, to an address that has not proven itself: the token (sealed in
   * the outbox like a code), the shop's slug (`[a-z0-9-]`, set by an admin), the role — and no
   * text the inviter typed.
   */
  z.object({
    ...base,
    kind: z.literal("shop_invitation"),
    code: z.string(),
    expires_at: z.string(),
    shop_slug: z.string().regex(/^[a-z0-9-]{3,40}$/),
    /** The name an admin gave the shop (never an owner's rename); escaped where it is shown. */
    shop_name: z.string().max(100).nullable().optional(),
    /** PUBLIC_URL/invitations, when set: the token goes in the link's fragment. */
    invitation_page: z.string().optional(),
    role: z.enum(["owner", "manager", "barista"]),
  }),
  /** A ban: when it ends (if it does); never why. */
  z.object({ ...base, kind: z.literal("account_banned"), until: z.string().optional() }),
  z.object({ ...base, kind: z.literal("account_unbanned") }),
  /** Names the new passkey (the holder named it) and says how to remove it. */
  z.object({ ...base, kind: z.literal("passkey_added"), passkey_name: z.string().optional() }),
  /**
   * To a shop's owners: till keys that stopped because the member who made them lost the power
   * to make keys (left, removed, demoted, banned, deleted, no longer an admin). Key and shop
   * names only.
   */
  z.object({
    ...base,
    kind: z.literal("api_keys_revoked"),
    shop_name: z.string(),
    keys: z.array(z.string()).max(100),
  }),
  z.object({ ...base, kind: z.literal("passkey_removed") }),
  /** A provider linked as a way in (its configured name, never text the caller chose). */
  z.object({ ...base, kind: z.literal("identity_linked"), provider: z.string() }),
  /** 10 wrong second factors since the last success: MFA verify for the account now waits. */
  z.object({ ...base, kind: z.literal("mfa_attempts_blocked") }),
]);
export type Mail = z.output<typeof Mail>;
export type MailKind = Mail["kind"];

/** A message as the outbox hands it to the queue. */
export const OutboxMessage = z.object({
  v: z.literal(2),
  id: z.string().min(1),
  kind: z.string(),
  to: z.string(),
  data: z.record(z.string(), z.unknown()),
  secret: z.string().nullable(),
});
export type OutboxMessage = z.output<typeof OutboxMessage>;

/**
 * What the consumer accepts. The format before the outbox (a code in the clear) ended with the
 * outbox release: its codes lived 15 minutes, so none still on a queue could be used.
 */
export const QueueMessage = OutboxMessage;
export type QueueMessage = OutboxMessage;
