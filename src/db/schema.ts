import { sql } from "drizzle-orm";
import {
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";

import {
  CODE_PURPOSES,
  REFRESH_TRANSPORTS,
  ROLES,
  SHOP_ROLES,
  SHOP_STATUSES,
  STATUSES,
} from "../lib/domain";

/*
 * Timestamps are ISO-8601 UTC strings from `Date#toISOString()` (fixed width, so they sort and
 * compare correctly as text) — readable for operators who query D1 directly.
 */

export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(),
    email: text("email").notNull(),
    passwordHash: text("password_hash").notNull(),
    name: text("name"),
    surname: text("surname"),
    role: text("role", { enum: ROLES }).notNull().default("user"),
    status: text("status", { enum: STATUSES }).notNull().default("pending"),
    /** Bumped to invalidate every access token already issued (logout-all, password, role/status). */
    tokenVersion: integer("token_version").notNull().default(0),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
    verifiedAt: text("verified_at"),
    /** Set while TOTP MFA is on: every sign-in then needs a second factor. */
    mfaEnabledAt: text("mfa_enabled_at"),
    /** The TOTP secret, sealed with AES-GCM under MFA_ENCRYPTION_KEY (crypto/seal.ts). */
    totpSecret: text("totp_secret"),
    /** The last TOTP time step accepted: a code of that step or an earlier one is refused. */
    totpLastStep: integer("totp_last_step"),
    /** An enrolment not yet confirmed: its sealed secret, and the confirmations tried on it. */
    totpPendingSecret: text("totp_pending_secret"),
    totpPendingAttempts: integer("totp_pending_attempts").notNull().default(0),
    /**
     * Second factors tried since the last success, across every `mfa_token`, and the block they
     * led to: the password backoff's rule (security/backoff.ts), per account (mfa/second-step.ts).
     */
    /**
     * A ban (POST /v1/users/{id}/ban): in force from `banned_at` until `banned_until` (null: until
     * lifted). A correct credential then answers 403 `account_banned`.
     */
    bannedAt: text("banned_at"),
    bannedUntil: text("banned_until"),
    banReason: text("ban_reason"),
    mfaFailures: integer("mfa_failures").notNull().default(0),
    mfaBlockedUntil: text("mfa_blocked_until"),
    /** The last data export (GET /v1/users/me/export): one an hour. */
    exportedAt: text("exported_at"),
    /**
     * The SMS second factor (docs/sms.md): the number a session enrolled (E.164; never logged or
     * returned whole), and a new number waiting for its code, with when it was texted.
     */
    smsPhone: text("sms_phone"),
    smsPendingPhone: text("sms_pending_phone"),
    smsPendingAt: text("sms_pending_at"),
    /** The request that changed the account last in a guarded batch (see db/claim.ts). */
    claim: text("claim"),
  },
  (t) => [
    uniqueIndex("users_email_unique").on(t.email),
    // Users with MFA on (the /metrics gauge): an index of just those rows.
    index("users_mfa_enabled_idx").on(t.mfaEnabledAt).where(sql`${t.mfaEnabledAt} IS NOT NULL`),
    // Keyset listing (GET /v1/users) and the purge, with as few index entries per account as the
    // pages allow — D1 bills every entry written (docs/benchmark.md, "What a request costs"). Most
    // accounts are verified users: they live in the email and created_at indexes only. The rare
    // ones get partial indexes, so a page filtered to them reads their range alone: admins
    // (role = 'admin'), and accounts still pending (never verified ones among them: the purge).
    // A filter on the common value (role=user, status=verified) reads the full index and skips
    // the rare rows. The filters are written as literals (admin/service.ts) so SQLite can match
    // them to a partial index.
    index("users_created_at_id_idx").on(t.createdAt, t.id),
    index("users_admin_created_idx").on(t.createdAt, t.id).where(sql`${t.role} = 'admin'`),
    index("users_admin_email_idx").on(t.email).where(sql`${t.role} = 'admin'`),
    index("users_pending_created_idx").on(t.createdAt, t.id).where(sql`${t.status} = 'pending'`),
    index("users_pending_email_idx").on(t.email).where(sql`${t.status} = 'pending'`),
  ],
);

/** Verification and password-reset codes: only an HMAC of the code is stored. */
export const oneTimeCodes = sqliteTable(
  "one_time_codes",
  {
    /** This code's id (its HMAC binds it). */
    id: text("id").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    purpose: text("purpose", { enum: CODE_PURPOSES }).notNull(),
    codeDigest: text("code_digest").notNull(),
    /** An email-change code's new address: the code is bound to it and changes to it only. */
    targetEmail: text("target_email"),
    attempts: integer("attempts").notNull().default(0),
    expiresAt: text("expires_at").notNull(),
    /** Set when the code is used, or superseded by a newer one. 5 attempts also end it. */
    consumedAt: text("consumed_at"),
    /** The request that consumed it (see db/claim.ts): the rest of its batch keys on this. */
    claim: text("claim"),
    createdAt: text("created_at").notNull(),
  },
  // Keyed by account, purpose and id (WITHOUT ROWID, migration 0019): an account's codes of a
  // purpose are one short range of the key, so the row is its own index — an insert writes one row.
  (t) => [primaryKey({ columns: [t.userId, t.purpose, t.id] })],
);

/**
 * One row per sign-in (verify, login, MFA completion): what the user sees at
 * GET /v1/users/me/sessions and can end. Its refresh tokens are one family (`family_id` = id).
 * `expires_at` is absolute (SESSION_MAX_AGE_SECONDS after creation, whatever the refreshes);
 * `last_used_at` moves on each refresh.
 */
export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: text("created_at").notNull(),
    lastUsedAt: text("last_used_at").notNull(),
    expiresAt: text("expires_at").notNull(),
    ip: text("ip"),
    userAgent: text("user_agent"),
    country: text("country"),
    /** How it was authenticated (RFC 8176 values): ["pwd"], ["pwd","otp"], ["pwd","recovery"]. */
    amr: text("amr", { mode: "json" }).$type<string[]>().notNull(),
    /** Where its refresh token travels: the JSON body, or an HttpOnly cookie. */
    transport: text("transport", { enum: REFRESH_TRANSPORTS }).notNull().default("body"),
    revokedAt: text("revoked_at"),
    /** The request that ended it (see db/claim.ts). */
    claim: text("claim"),
    /**
     * A grant (issue 37): the OpenID client this session was issued to through `/oauth/token`,
     * with the scopes granted and when the person signed in on the hosted page (`auth_time`).
     * Null for the API's own sessions.
     */
    clientId: text("client_id"),
    scope: text("scope"),
    authTime: text("auth_time"),
    /**
     * The digest of the hosted sign-in page's browser cookie (`__Host-op`), when this session is
     * a browser's session at the provider: a later authorization skips the sign-in.
     */
    browserDigest: text("browser_digest"),
  },
  // WITHOUT ROWID (migration 0019): the row sits in its primary key. One index: a person's
  // sessions. No index holds `revoked_at`, `last_used_at` or `expires_at`, so ending or refreshing
  // a session writes its row alone; the nightly purge reads the table through, and /metrics counts
  // open sessions from `counts` (docs/benchmark.md, "What a request costs").
  (t) => [index("sessions_user_created_idx").on(t.userId, t.createdAt)],
);

/** Single-use recovery codes of a user with MFA on, stored only as HMAC digests. */
export const recoveryCodes = sqliteTable(
  "recovery_codes",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    codeDigest: text("code_digest").notNull(),
    usedAt: text("used_at"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("recovery_codes_digest_unique").on(t.codeDigest),
    index("recovery_codes_user_idx").on(t.userId),
  ],
);

/**
 * The second step of a sign-in with MFA on: an opaque `mfa_token` (stored as a SHA-256 digest),
 * good for 5 minutes, 5 attempts and one success. It remembers how the first factor was passed
 * (transport) and the token version then, so a password change in between voids it.
 */
export const mfaChallenges = sqliteTable(
  "mfa_challenges",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tokenDigest: text("token_digest").notNull(),
    tokenVersion: integer("token_version").notNull(),
    transport: text("transport", { enum: REFRESH_TRANSPORTS }).notNull().default("body"),
    /** How the first factor was passed (`["pwd"]` or `["email"]`): the session's amr starts so. */
    firstFactor: text("first_factor", { mode: "json" })
      .$type<string[]>()
      .notNull()
      .default(sql`'["pwd"]'`),
    attempts: integer("attempts").notNull().default(0),
    expiresAt: text("expires_at").notNull(),
    consumedAt: text("consumed_at"),
    /** The request that completed it (see db/claim.ts). */
    claim: text("claim"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("mfa_challenges_digest_unique").on(t.tokenDigest),
    index("mfa_challenges_expires_at_idx").on(t.expiresAt),
  ],
);

/** Opaque refresh tokens, stored as SHA-256 digests and rotated on every use. */
export const refreshTokens = sqliteTable(
  "refresh_tokens",
  {
    /** SHA-256 of the token: the only way a token is looked up, so it is the key (WITHOUT ROWID). */
    tokenDigest: text("token_digest").primaryKey(),
    /**
     * Unused since migration 0019 (written NULL). Kept so that the previous release, which wrote
     * and read it, still runs on a migrated database (CHANGELOG.md: rollbacks within a major).
     */
    id: text("id"),
    /**
     * The account, read with the token. No foreign key or index of its own: the tokens go with
     * their session (deleting an account deletes its sessions, and so their tokens), so an insert
     * writes the row and one index entry.
     */
    userId: text("user_id").notNull(),
    /** The session it belongs to: deleting the session deletes its tokens (by the family index). */
    familyId: text("family_id")
      .notNull()
      .references(() => sessions.id, { onDelete: "cascade" }),
    expiresAt: text("expires_at").notNull(),
    usedAt: text("used_at"),
    /** The digest of the token issued in exchange when this one was spent (its successor). */
    replacedBy: text("replaced_by"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("refresh_tokens_family_idx").on(t.familyId)],
);

/*
 * WITHOUT ROWID (migration 0019, hand-written: drizzle-kit cannot declare it, and a generated
 * rebuild would silently drop it): login_throttles, mail_cooldowns, one_time_codes, sessions,
 * refresh_tokens, mail_outbox, audit_events and event_counts keep their rows in their primary key.
 */
export const loginThrottles = sqliteTable("login_throttles", {
  email: text("email").primaryKey(),
  failures: integer("failures").notNull().default(0),
  blockedUntil: text("blocked_until"),
  /** The request whose attempt was counted last (see db/claim.ts). */
  claim: text("claim"),
  updatedAt: text("updated_at").notNull(),
});

/**
 * Attempts on the code of an address, whether or not an account has it: a request that mails a
 * code starts the count for the address string (known or not), and every try counts here before
 * anything is compared. What a wrong code answers (invalid, expired, too many) is decided from
 * this row alone, so it is the same for every address (security/address-attempts.ts).
 */
export const addressCodeAttempts = sqliteTable(
  "address_code_attempts",
  {
    email: text("email").notNull(),
    purpose: text("purpose", { enum: CODE_PURPOSES }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    expiresAt: text("expires_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.email, t.purpose] }),
    index("address_code_attempts_expires_at_idx").on(t.expiresAt),
  ],
);

/** When the next mail of any kind may go to an address (keyed on the string, not the account). */
export const mailCooldowns = sqliteTable(
  "mail_cooldowns",
  {
    email: text("email").primaryKey(),
    nextAllowedAt: text("next_allowed_at").notNull(),
    /** The request that claimed the current window (see db/claim.ts). */
    claim: text("claim"),
  },
  // No index but the address: the nightly purge reads the (small) table through.
  () => [],
);

/**
 * Every mail the service promises, written in the same batch as the change that promises it,
 * then handed to MAIL_QUEUE after the response (and again by the minutely cron if that hand-over
 * did not happen). `id` is the message's Idempotency-Key at the provider, so however many times a
 * row is enqueued, it is delivered once. A code is stored sealed (AES-GCM), never in the clear.
 */
export const mailOutbox = sqliteTable(
  "mail_outbox",
  {
    id: text("id").primaryKey(),
    kind: text("kind").notNull(),
    toEmail: text("to_email").notNull(),
    /** Non-secret template fields (JSON): the recipient's name, an expiry, a masked address. */
    data: text("data", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    /** The code of a code mail, sealed (crypto/seal.ts); null for notices. */
    secret: text("secret"),
    createdAt: text("created_at").notNull(),
    /** Handed to MAIL_QUEUE (the latest time, if the cron had to do it again). */
    enqueuedAt: text("enqueued_at"),
    /** The provider accepted it (or the consumer dropped it for good: expired, rejected). */
    deliveredAt: text("delivered_at"),
  },
  // One partial index, the rows not yet delivered: the cron's sweep (those also not handed over),
  // the sealed codes it forgets (a delivered row's code is cleared as it is marked), and the
  // /metrics backlog. The hand-over mark does not touch it: marking a row writes the row alone.
  (t) => [
    index("mail_outbox_undelivered_idx").on(t.createdAt).where(sql`${t.deliveredAt} IS NULL`),
  ],
);

/** Append-only record of security-relevant events. `data` never holds a secret. */
export const auditEvents = sqliteTable(
  "audit_events",
  {
    id: text("id").primaryKey(),
    type: text("type").notNull(),
    actorId: text("actor_id"),
    targetId: text("target_id"),
    requestId: text("request_id"),
    ip: text("ip"),
    createdAt: text("created_at").notNull(),
    data: text("data", { mode: "json" }).$type<Record<string, unknown>>(),
  },
  (t) => [
    // Ids are time-ordered (audit/events.ts, `eventId`): newest first is the id order, so each
    // filter's index ends in the id and the whole trail needs no index of its own. An event about
    // oneself (a sign-in, a log-out) is found through its target; the actor index holds only the
    // events whose actor is someone else — two index entries per self-event, not four.
    index("audit_events_actor_idx")
      .on(t.actorId, t.id)
      .where(sql`${t.actorId} IS NOT NULL AND ${t.actorId} IS NOT ${t.targetId}`),
    index("audit_events_target_idx").on(t.targetId, t.id),
    // The type index leaves out the four events of every sign-in (FREQUENT_AUDIT_TYPES): a filter
    // on one of them walks the trail newest first and fills a page within a few rows.
    index("audit_events_type_idx")
      .on(t.type, t.id)
      .where(sql`${t.type} NOT IN ('signup', 'verify', 'login.success', 'logout')`),
  ],
);

/** The shops of the coffee business (one deployment serves one business). */
export const shops = sqliteTable(
  "shops",
  {
    id: text("id").primaryKey(),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    /**
     * The name as an admin last set it (admins open shops; owners may rename them): what mail to
     * an address that has proven nothing (an invitation) may show — never an inviter's text.
     * Null: no admin has named it since Part 4 (the mail shows the slug).
     */
    adminName: text("admin_name"),
    /** An IANA time zone name (`Europe/Lisbon`). */
    timezone: text("timezone").notNull(),
    /** `closed` keeps the members, refuses new invitations and keys. */
    status: text("status", { enum: SHOP_STATUSES }).notNull().default("active"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
    /** The request that changed it last in a guarded batch (see db/claim.ts). */
    claim: text("claim"),
  },
  (t) => [
    uniqueIndex("shops_slug_unique").on(t.slug),
    // Keyset pages of GET /v1/shops, newest first, with and without the status filter.
    index("shops_created_at_id_idx").on(t.createdAt, t.id),
    index("shops_status_created_at_id_idx").on(t.status, t.createdAt, t.id),
    index("shops_name_idx").on(t.name),
  ],
);

/** A user's one role in one shop. Deleting the user or the shop deletes it. */
export const memberships = sqliteTable(
  "memberships",
  {
    shopId: text("shop_id")
      .notNull()
      .references(() => shops.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text("role", { enum: SHOP_ROLES }).notNull(),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
    /** The request that changed it last in a guarded batch (see db/claim.ts). */
    claim: text("claim"),
  },
  (t) => [
    primaryKey({ columns: [t.shopId, t.userId] }),
    // A user's shops (the token claim, GET /v1/users/me/memberships, the shop list of a member).
    index("memberships_user_created_idx").on(t.userId, t.createdAt, t.shopId),
    // A shop's members, keyset pages oldest first; the last-owner guard.
    index("memberships_shop_created_idx").on(t.shopId, t.createdAt, t.userId),
    index("memberships_shop_role_idx").on(t.shopId, t.role),
  ],
);

/**
 * An invitation to join a shop with a role: an opaque token mailed to the address, stored only as
 * a SHA-256 digest; 7 days, single use. One pending invitation per shop and address.
 */
export const invitations = sqliteTable(
  "invitations",
  {
    id: text("id").primaryKey(),
    shopId: text("shop_id")
      .notNull()
      .references(() => shops.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    role: text("role", { enum: SHOP_ROLES }).notNull(),
    tokenDigest: text("token_digest").notNull(),
    invitedBy: text("invited_by"),
    createdAt: text("created_at").notNull(),
    /** The last time it was (re)sent: a re-invite within a minute sends no second mail. */
    sentAt: text("sent_at").notNull(),
    expiresAt: text("expires_at").notNull(),
    acceptedAt: text("accepted_at"),
    revokedAt: text("revoked_at"),
    /** The request that accepted or replaced it (see db/claim.ts). */
    claim: text("claim"),
  },
  (t) => [
    uniqueIndex("invitations_token_digest_unique").on(t.tokenDigest),
    uniqueIndex("invitations_pending_unique")
      .on(t.shopId, t.email)
      .where(sql`${t.acceptedAt} IS NULL AND ${t.revokedAt} IS NULL`),
    index("invitations_shop_created_idx").on(t.shopId, t.createdAt, t.id),
    // The invitation-mail window: the last mail to an address for a shop, revoked ones included.
    index("invitations_shop_email_sent_idx").on(t.shopId, t.email, t.sentAt),
    index("invitations_expires_at_idx").on(t.expiresAt),
  ],
);

/**
 * Keys for tills and kiosks: one shop each, stored only as the SHA-256 of the key (looked up by
 * it: unique index), with the scopes (permissions) it was given, shown once at creation.
 */
export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    shopId: text("shop_id")
      .notNull()
      .references(() => shops.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** `csk_` and the first characters of the secret part: enough to tell keys apart in a list. */
    prefix: text("prefix").notNull(),
    keyDigest: text("key_digest").notNull(),
    /** JSON array of permissions (accounts/permissions.ts). */
    scopes: text("scopes", { mode: "json" }).$type<string[]>().notNull(),
    createdBy: text("created_by"),
    createdAt: text("created_at").notNull(),
    expiresAt: text("expires_at"),
    revokedAt: text("revoked_at"),
    /** Written at most once a minute per key, after the response (api-keys/verify.ts). */
    lastUsedAt: text("last_used_at"),
    /** The request that created or revoked it (see db/claim.ts). */
    claim: text("claim"),
  },
  (t) => [
    uniqueIndex("api_keys_digest_unique").on(t.keyDigest),
    index("api_keys_shop_created_idx").on(t.shopId, t.createdAt, t.id),
  ],
);

/** A user's passkeys (WebAuthn credentials), as SimpleWebAuthn's docs say to keep them. */
export const passkeys = sqliteTable(
  "passkeys",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The credential id (base64url), as the authenticator names it in every sign-in. */
    credentialId: text("credential_id").notNull(),
    /** The COSE public key (base64url). */
    publicKey: text("public_key").notNull(),
    /** The signature counter: a sign-in must raise it (unless it stays 0). */
    counter: integer("counter").notNull().default(0),
    transports: text("transports", { mode: "json" }).$type<string[]>().notNull(),
    deviceType: text("device_type").notNull(),
    backedUp: integer("backed_up", { mode: "boolean" }).notNull(),
    aaguid: text("aaguid"),
    name: text("name").notNull(),
    createdAt: text("created_at").notNull(),
    lastUsedAt: text("last_used_at"),
    /** The request that used or changed it last (see db/claim.ts). */
    claim: text("claim"),
  },
  (t) => [
    uniqueIndex("passkeys_credential_id_unique").on(t.credentialId),
    index("passkeys_user_idx").on(t.userId, t.createdAt),
  ],
);

/**
 * WebAuthn challenges: single use, 5 minutes, bound to one ceremony (a registration challenge
 * never completes a sign-in) and, for a registration, to its user.
 */
export const webauthnChallenges = sqliteTable(
  "webauthn_challenges",
  {
    challenge: text("challenge").primaryKey(),
    ceremony: text("ceremony", { enum: ["registration", "authentication"] }).notNull(),
    userId: text("user_id").references(() => users.id, { onDelete: "cascade" }),
    expiresAt: text("expires_at").notNull(),
    consumedAt: text("consumed_at"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("webauthn_challenges_expires_at_idx").on(t.expiresAt)],
);

/**
 * A console sign-in (/console): a cookie secret (stored as its SHA-256) bound to the API session
 * the sign-in started — ending that session (log-out everywhere, a ban, a password change) ends
 * the console too — with a CSRF token for its forms and a 30-minute idle timeout.
 */
export const consoleSessions = sqliteTable(
  "console_sessions",
  {
    tokenDigest: text("token_digest").primaryKey(),
    sessionId: text("session_id")
      .notNull()
      .references(() => sessions.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    csrf: text("csrf").notNull(),
    /** The account's token version at sign-in: when it moves (role, status, password…), it ends. */
    tokenVersion: integer("token_version").notNull().default(0),
    createdAt: text("created_at").notNull(),
    lastUsedAt: text("last_used_at").notNull(),
  },
  (t) => [
    index("console_sessions_session_idx").on(t.sessionId),
    // The nightly purge: idle ones.
    index("console_sessions_last_used_idx").on(t.lastUsedAt),
  ],
);

/**
 * The gauges of /metrics and the dashboard, kept exact by SQLite triggers on `users`, `sessions`
 * and `shops` (migration 0019): one row, so a change writes one more row, and a scrape reads one
 * row at any table size. Triggers run inside the statement that changes the table, so concurrent
 * sign-ups never lose a count.
 */
export const counts = sqliteTable("counts", {
  id: integer("id").primaryKey(),
  usersAdminPending: integer("users_admin_pending").notNull().default(0),
  usersAdminVerified: integer("users_admin_verified").notNull().default(0),
  usersUserPending: integer("users_user_pending").notNull().default(0),
  usersUserVerified: integer("users_user_verified").notNull().default(0),
  usersMfa: integer("users_mfa").notNull().default(0),
  /** Sessions neither ended nor purged (an expired one leaves at the nightly purge). */
  sessionsOpen: integer("sessions_open").notNull().default(0),
  shops: integer("shops").notNull().default(0),
});

/**
 * Audit events of the counted types per hour (a trigger on `audit_events`, migration 0019): the
 * day's sign-ups and logins on /metrics and the dashboard's 30 days read at most 24 × 30 rows per
 * type, whatever the traffic. Purged after 31 days.
 */
export const eventCounts = sqliteTable(
  "event_counts",
  {
    type: text("type").notNull(),
    /** `YYYY-MM-DDTHH`, UTC. */
    hour: text("hour").notNull(),
    n: integer("n").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.type, t.hour] })],
);

/**
 * A way into an account through a sign-in provider: keyed by the provider and the provider's
 * subject (`sub`), never by email (docs/social-sign-in.md). WITHOUT ROWID (migration 0020).
 */
export const identities = sqliteTable(
  "identities",
  {
    provider: text("provider").notNull(),
    subject: text("subject").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The address the provider gave at linking, for the owner's list; never used to find anyone. */
    email: text("email"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.provider, t.subject] }),
    index("identities_user_idx").on(t.userId),
  ],
);

/**
 * A provider sign-in under way: the digest of its `state` (single use, 10 minutes), bound to the
 * browser that started it by the digest of its `__Host-` cookie. The PKCE verifier and the nonce
 * are derived from that cookie and the state, so nothing here could finish the flow.
 */
export const oauthStates = sqliteTable("oauth_states", {
  stateDigest: text("state_digest").primaryKey(),
  provider: text("provider").notNull(),
  browserDigest: text("browser_digest").notNull(),
  redirectTo: text("redirect_to").notNull(),
  /** Set when the flow links the provider to this signed-in account (a link ticket started it). */
  linkUserId: text("link_user_id"),
  expiresAt: text("expires_at").notNull(),
  createdAt: text("created_at").notNull(),
});

/**
 * A one-time ticket (2 minutes, stored as a digest) that lets the browser start linking a
 * provider to the account that asked for it with a step-up proof. WITHOUT ROWID (migration 0022).
 */
export const linkTickets = sqliteTable("link_tickets", {
  digest: text("digest").primaryKey(),
  userId: text("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  provider: text("provider").notNull(),
  expiresAt: text("expires_at").notNull(),
});

/**
 * The one-time code a provider sign-in hands the app in its redirect (60 seconds, single use),
 * traded at `POST /v1/auth/oauth/exchange` for a session or the MFA step. Stored as a digest.
 */
export const loginCodes = sqliteTable("login_codes", {
  codeDigest: text("code_digest").primaryKey(),
  userId: text("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  provider: text("provider").notNull(),
  expiresAt: text("expires_at").notNull(),
  usedAt: text("used_at"),
  /** The request that used it (see db/claim.ts). */
  claim: text("claim"),
  createdAt: text("created_at").notNull(),
});

/**
 * ID tokens a native app has signed in with (their SHA-256), until they expire: each is accepted
 * once. WITHOUT ROWID (migration 0021).
 */
export const usedIdTokens = sqliteTable("used_id_tokens", {
  digest: text("digest").primaryKey(),
  expiresAt: text("expires_at").notNull(),
});

export type UserRow = typeof users.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;
export type ShopRow = typeof shops.$inferSelect;

/**
 * Events for the platform's other services (docs/events.md), written in the same batch as the
 * change they tell of, then handed to EVENTS_QUEUE after the response (and by the minutely cron
 * if that hand-over did not happen). The table holds only what is not yet delivered: a row is
 * deleted once every subscriber has it, and kept (`failed_at`) when one never took it — the
 * console lists those and can send them again. `id` is the `webhook-id` of every try.
 * WITHOUT ROWID (migration 0023); ids are time-ordered, so the sweep reads a key range.
 */
export const eventOutbox = sqliteTable(
  "event_outbox",
  {
    id: text("id").primaryKey(),
    type: text("type").notNull(),
    /** The event's `data` (JSON): ids and non-secret fields only. */
    data: text("data").notNull(),
    createdAt: text("created_at").notNull(),
    /** The subscribers that have it (JSON list), written only when another one has not. */
    deliveredTo: text("delivered_to"),
    /** Tries made so far, and how the last one failed ("http 500", "timeout", …) per subscriber. */
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    /** In the queue's retries since then: the cron leaves it to them. */
    retryingAt: text("retrying_at"),
    /** Dead-lettered: tries used up with a subscriber still missing it. */
    failedAt: text("failed_at"),
  },
  // The dead letters alone (the console's list, the /metrics gauge): recording an event writes
  // no entry here, only its dead-lettering does.
  (t) => [index("event_outbox_failed_idx").on(t.id).where(sql`${t.failedAt} IS NOT NULL`)],
);

/**
 * Texts sent in a window, per number (keyed by its HMAC: no number in the clear) and per account
 * — the SMS limits (security/sms-limits.ts). One conditional upsert counts a text or refuses it.
 * WITHOUT ROWID (migration 0024); stale rows go with the nightly purge.
 */
export const smsSends = sqliteTable(
  "sms_sends",
  {
    key: text("key").primaryKey(),
    windowStart: text("window_start").notNull(),
    sent: integer("sent").notNull(),
    claim: text("claim"),
  },
  () => [],
);

/**
 * The OpenID provider's clients (issue 37; docs/openid-provider.md): the chain's own apps and
 * partner tools that sign people in with this service. Admins register them; a confidential
 * client's secret is shown once and kept as its SHA-256. Redirect URIs are compared exactly
 * (oauth/redirects.ts). A revoked client signs nobody in again.
 */
export const oauthClients = sqliteTable("oauth_clients", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  kind: text("kind", { enum: ["public", "confidential"] }).notNull(),
  secretDigest: text("secret_digest"),
  /** JSON list of the exact redirect URIs. */
  redirectUris: text("redirect_uris", { mode: "json" }).$type<string[]>().notNull(),
  /** JSON list of the scopes it may ask for. */
  scopes: text("scopes", { mode: "json" }).$type<string[]>().notNull(),
  /** The chain's own app: no consent page (its users already agreed to the chain's terms). */
  firstParty: integer("first_party", { mode: "boolean" }).notNull(),
  createdAt: text("created_at").notNull(),
  createdBy: text("created_by"),
  revokedAt: text("revoked_at"),
  /** The request that revoked it (db/claim.ts): its audit event and event follow that claim. */
  claim: text("claim"),
});

/**
 * Authorization codes (issue 37): single use, 60 seconds, stored as digests; bound to the client,
 * the redirect URI, the PKCE challenge and the browser session (and account token version) that
 * approved them. `grant_id` is the session the redemption started — the claim that tells the one
 * redemption from a replay, which ends that session. WITHOUT ROWID (migration 0027).
 */
export const oauthCodes = sqliteTable("oauth_codes", {
  codeDigest: text("code_digest").primaryKey(),
  clientId: text("client_id").notNull(),
  /**
   * No foreign key: a code lives 60 seconds and redeems only while its account and browser
   * session do (a cascade would make every account deletion read this table through).
   */
  userId: text("user_id").notNull(),
  /** The browser's session at the provider that approved the request. */
  sessionId: text("session_id").notNull(),
  tokenVersion: integer("token_version").notNull(),
  redirectUri: text("redirect_uri").notNull(),
  scope: text("scope").notNull(),
  nonce: text("nonce"),
  codeChallenge: text("code_challenge").notNull(),
  createdAt: text("created_at").notNull(),
  expiresAt: text("expires_at").notNull(),
  usedAt: text("used_at"),
  grantId: text("grant_id"),
});

/**
 * What a person allowed a third-party client (the consent page), remembered per client with the
 * scopes allowed. WITHOUT ROWID (migration 0027).
 */
export const oauthConsents = sqliteTable(
  "oauth_consents",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    clientId: text("client_id").notNull(),
    scope: text("scope").notNull(),
    grantedAt: text("granted_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.clientId] })],
);
