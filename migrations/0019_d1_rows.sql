-- Hand-written (drizzle-kit cannot declare WITHOUT ROWID or triggers; the snapshot matches
-- src/db/schema.ts). Fewer rows written per request (issue 35, docs/benchmark.md):
--  * the tables looked up by their key keep the row in that key (WITHOUT ROWID): an insert writes
--    the row, not the row and a separate key index;
--  * one_time_codes is keyed by (account, purpose, id); refresh_tokens is keyed by digest and goes
--    with its session (a foreign key on the family) instead of having an index per account;
-- Every column is kept, so the previous release still runs on the migrated database.
--  * counts and event_counts, kept by triggers, so /metrics and the dashboard read a few rows.
-- Every table is rebuilt as new → copy → drop → rename. `sessions` is the parent of
-- console_sessions, and dropping a parent deletes its children in D1 even with deferred foreign
-- keys, so console_sessions is set aside first and put back after.
CREATE TABLE `counts` (
	`id` integer PRIMARY KEY NOT NULL,
	`users_admin_pending` integer DEFAULT 0 NOT NULL,
	`users_admin_verified` integer DEFAULT 0 NOT NULL,
	`users_user_pending` integer DEFAULT 0 NOT NULL,
	`users_user_verified` integer DEFAULT 0 NOT NULL,
	`users_mfa` integer DEFAULT 0 NOT NULL,
	`sessions_open` integer DEFAULT 0 NOT NULL,
	`shops` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `event_counts` (
	`type` text NOT NULL,
	`hour` text NOT NULL,
	`n` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`type`, `hour`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `__keep_console_sessions` AS SELECT * FROM `console_sessions`;--> statement-breakpoint
DROP TABLE `console_sessions`;--> statement-breakpoint
CREATE TABLE `__new_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`created_at` text NOT NULL,
	`last_used_at` text NOT NULL,
	`expires_at` text NOT NULL,
	`ip` text,
	`user_agent` text,
	`country` text,
	`amr` text NOT NULL,
	`transport` text DEFAULT 'body' NOT NULL,
	`revoked_at` text,
	`claim` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_sessions` SELECT `id`, `user_id`, `created_at`, `last_used_at`, `expires_at`, `ip`, `user_agent`, `country`, `amr`, `transport`, `revoked_at`, `claim` FROM `sessions`;--> statement-breakpoint
DROP TABLE `sessions`;--> statement-breakpoint
ALTER TABLE `__new_sessions` RENAME TO `sessions`;--> statement-breakpoint
CREATE INDEX `sessions_user_created_idx` ON `sessions` (`user_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `console_sessions` (
	`token_digest` text PRIMARY KEY NOT NULL,
	`session_id` text NOT NULL,
	`user_id` text NOT NULL,
	`csrf` text NOT NULL,
	`created_at` text NOT NULL,
	`last_used_at` text NOT NULL,
	`token_version` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `console_sessions` (`token_digest`, `session_id`, `user_id`, `csrf`, `created_at`, `last_used_at`, `token_version`) SELECT `token_digest`, `session_id`, `user_id`, `csrf`, `created_at`, `last_used_at`, `token_version` FROM `__keep_console_sessions`;--> statement-breakpoint
DROP TABLE `__keep_console_sessions`;--> statement-breakpoint
CREATE INDEX `console_sessions_session_idx` ON `console_sessions` (`session_id`);--> statement-breakpoint
CREATE INDEX `console_sessions_last_used_idx` ON `console_sessions` (`last_used_at`);--> statement-breakpoint
CREATE TABLE `__new_refresh_tokens` (
	`token_digest` text PRIMARY KEY NOT NULL,
	`id` text,
	`user_id` text NOT NULL,
	`family_id` text NOT NULL,
	`expires_at` text NOT NULL,
	`used_at` text,
	`replaced_by` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`family_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;
--> statement-breakpoint
-- `replaced_by` held the successor's id; it now holds the successor's digest. Only the reuse
-- check reads it (spent or not), so an old value keeps meaning "spent". A token whose session is
-- gone could never be used again (the nightly purge would delete it): it is not copied.
INSERT INTO `__new_refresh_tokens` SELECT `token_digest`, `id`, `user_id`, `family_id`, `expires_at`, `used_at`, `replaced_by`, `created_at` FROM `refresh_tokens` WHERE `family_id` IN (SELECT `id` FROM `sessions`);--> statement-breakpoint
DROP TABLE `refresh_tokens`;--> statement-breakpoint
ALTER TABLE `__new_refresh_tokens` RENAME TO `refresh_tokens`;--> statement-breakpoint
CREATE INDEX `refresh_tokens_family_idx` ON `refresh_tokens` (`family_id`);--> statement-breakpoint
CREATE TABLE `__new_one_time_codes` (
	`id` text NOT NULL,
	`user_id` text NOT NULL,
	`purpose` text NOT NULL,
	`code_digest` text NOT NULL,
	`target_email` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`expires_at` text NOT NULL,
	`consumed_at` text,
	`claim` text,
	`created_at` text NOT NULL,
	PRIMARY KEY(`user_id`, `purpose`, `id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_one_time_codes` SELECT `id`, `user_id`, `purpose`, `code_digest`, `target_email`, `attempts`, `expires_at`, `consumed_at`, `claim`, `created_at` FROM `one_time_codes`;--> statement-breakpoint
DROP TABLE `one_time_codes`;--> statement-breakpoint
ALTER TABLE `__new_one_time_codes` RENAME TO `one_time_codes`;--> statement-breakpoint
CREATE TABLE `__new_audit_events` (
	`id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`actor_id` text,
	`target_id` text,
	`request_id` text,
	`ip` text,
	`created_at` text NOT NULL,
	`data` text
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_audit_events` SELECT `id`, `type`, `actor_id`, `target_id`, `request_id`, `ip`, `created_at`, `data` FROM `audit_events`;--> statement-breakpoint
DROP TABLE `audit_events`;--> statement-breakpoint
ALTER TABLE `__new_audit_events` RENAME TO `audit_events`;--> statement-breakpoint
CREATE INDEX `audit_events_actor_idx` ON `audit_events` (`actor_id`,`id`) WHERE "audit_events"."actor_id" IS NOT NULL AND "audit_events"."actor_id" IS NOT "audit_events"."target_id";--> statement-breakpoint
CREATE INDEX `audit_events_target_idx` ON `audit_events` (`target_id`,`id`);--> statement-breakpoint
CREATE INDEX `audit_events_type_idx` ON `audit_events` (`type`,`id`) WHERE "audit_events"."type" NOT IN ('signup', 'verify', 'login.success', 'logout');--> statement-breakpoint
CREATE TABLE `__new_login_throttles` (
	`email` text PRIMARY KEY NOT NULL,
	`failures` integer DEFAULT 0 NOT NULL,
	`blocked_until` text,
	`claim` text,
	`updated_at` text NOT NULL
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_login_throttles` SELECT `email`, `failures`, `blocked_until`, `claim`, `updated_at` FROM `login_throttles`;--> statement-breakpoint
DROP TABLE `login_throttles`;--> statement-breakpoint
ALTER TABLE `__new_login_throttles` RENAME TO `login_throttles`;--> statement-breakpoint
CREATE TABLE `__new_mail_cooldowns` (
	`email` text PRIMARY KEY NOT NULL,
	`next_allowed_at` text NOT NULL,
	`claim` text
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_mail_cooldowns` SELECT `email`, `next_allowed_at`, `claim` FROM `mail_cooldowns`;--> statement-breakpoint
DROP TABLE `mail_cooldowns`;--> statement-breakpoint
ALTER TABLE `__new_mail_cooldowns` RENAME TO `mail_cooldowns`;--> statement-breakpoint
CREATE TABLE `__new_mail_outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`to_email` text NOT NULL,
	`data` text NOT NULL,
	`secret` text,
	`created_at` text NOT NULL,
	`enqueued_at` text,
	`delivered_at` text
) WITHOUT ROWID;
--> statement-breakpoint
-- A delivered row keeps no code (the consumer clears it as it marks the row), so the index of
-- undelivered rows also finds every sealed code.
INSERT INTO `__new_mail_outbox` SELECT `id`, `kind`, `to_email`, `data`, CASE WHEN `delivered_at` IS NULL THEN `secret` END, `created_at`, `enqueued_at`, `delivered_at` FROM `mail_outbox`;--> statement-breakpoint
DROP TABLE `mail_outbox`;--> statement-breakpoint
ALTER TABLE `__new_mail_outbox` RENAME TO `mail_outbox`;--> statement-breakpoint
CREATE INDEX `mail_outbox_undelivered_idx` ON `mail_outbox` (`created_at`) WHERE "mail_outbox"."delivered_at" IS NULL;--> statement-breakpoint
INSERT INTO `counts` (`id`, `users_admin_pending`, `users_admin_verified`, `users_user_pending`, `users_user_verified`, `users_mfa`, `sessions_open`, `shops`) SELECT 1,
	(SELECT COUNT(*) FROM `users` WHERE `role` = 'admin' AND `status` = 'pending'),
	(SELECT COUNT(*) FROM `users` WHERE `role` = 'admin' AND `status` = 'verified'),
	(SELECT COUNT(*) FROM `users` WHERE `role` = 'user' AND `status` = 'pending'),
	(SELECT COUNT(*) FROM `users` WHERE `role` = 'user' AND `status` = 'verified'),
	(SELECT COUNT(*) FROM `users` WHERE `mfa_enabled_at` IS NOT NULL),
	(SELECT COUNT(*) FROM `sessions` WHERE `revoked_at` IS NULL),
	(SELECT COUNT(*) FROM `shops`);--> statement-breakpoint
INSERT INTO `event_counts` (`type`, `hour`, `n`) SELECT `type`, substr(`created_at`, 1, 13), COUNT(*) FROM `audit_events` WHERE `type` IN ('signup', 'verify', 'login.success', 'login.failure', 'login.mfa_required', 'admin.user_create') GROUP BY `type`, substr(`created_at`, 1, 13);--> statement-breakpoint
CREATE TRIGGER `users_counts_insert` AFTER INSERT ON `users` BEGIN
	UPDATE `counts` SET
		`users_admin_pending` = `users_admin_pending` + (NEW.`role` = 'admin' AND NEW.`status` = 'pending'),
		`users_admin_verified` = `users_admin_verified` + (NEW.`role` = 'admin' AND NEW.`status` = 'verified'),
		`users_user_pending` = `users_user_pending` + (NEW.`role` = 'user' AND NEW.`status` = 'pending'),
		`users_user_verified` = `users_user_verified` + (NEW.`role` = 'user' AND NEW.`status` = 'verified'),
		`users_mfa` = `users_mfa` + (NEW.`mfa_enabled_at` IS NOT NULL)
	WHERE `id` = 1;
END;--> statement-breakpoint
CREATE TRIGGER `users_counts_update` AFTER UPDATE OF `role`, `status`, `mfa_enabled_at` ON `users`
WHEN OLD.`role` IS NOT NEW.`role` OR OLD.`status` IS NOT NEW.`status`
	OR (OLD.`mfa_enabled_at` IS NULL) <> (NEW.`mfa_enabled_at` IS NULL) BEGIN
	UPDATE `counts` SET
		`users_admin_pending` = `users_admin_pending` + (NEW.`role` = 'admin' AND NEW.`status` = 'pending') - (OLD.`role` = 'admin' AND OLD.`status` = 'pending'),
		`users_admin_verified` = `users_admin_verified` + (NEW.`role` = 'admin' AND NEW.`status` = 'verified') - (OLD.`role` = 'admin' AND OLD.`status` = 'verified'),
		`users_user_pending` = `users_user_pending` + (NEW.`role` = 'user' AND NEW.`status` = 'pending') - (OLD.`role` = 'user' AND OLD.`status` = 'pending'),
		`users_user_verified` = `users_user_verified` + (NEW.`role` = 'user' AND NEW.`status` = 'verified') - (OLD.`role` = 'user' AND OLD.`status` = 'verified'),
		`users_mfa` = `users_mfa` + (NEW.`mfa_enabled_at` IS NOT NULL) - (OLD.`mfa_enabled_at` IS NOT NULL)
	WHERE `id` = 1;
END;--> statement-breakpoint
CREATE TRIGGER `users_counts_delete` AFTER DELETE ON `users` BEGIN
	UPDATE `counts` SET
		`users_admin_pending` = `users_admin_pending` - (OLD.`role` = 'admin' AND OLD.`status` = 'pending'),
		`users_admin_verified` = `users_admin_verified` - (OLD.`role` = 'admin' AND OLD.`status` = 'verified'),
		`users_user_pending` = `users_user_pending` - (OLD.`role` = 'user' AND OLD.`status` = 'pending'),
		`users_user_verified` = `users_user_verified` - (OLD.`role` = 'user' AND OLD.`status` = 'verified'),
		`users_mfa` = `users_mfa` - (OLD.`mfa_enabled_at` IS NOT NULL)
	WHERE `id` = 1;
END;--> statement-breakpoint
CREATE TRIGGER `sessions_counts_insert` AFTER INSERT ON `sessions` WHEN NEW.`revoked_at` IS NULL BEGIN
	UPDATE `counts` SET `sessions_open` = `sessions_open` + 1 WHERE `id` = 1;
END;--> statement-breakpoint
CREATE TRIGGER `sessions_counts_end` AFTER UPDATE OF `revoked_at` ON `sessions`
WHEN OLD.`revoked_at` IS NULL AND NEW.`revoked_at` IS NOT NULL BEGIN
	UPDATE `counts` SET `sessions_open` = `sessions_open` - 1 WHERE `id` = 1;
END;--> statement-breakpoint
CREATE TRIGGER `sessions_counts_delete` AFTER DELETE ON `sessions` WHEN OLD.`revoked_at` IS NULL BEGIN
	UPDATE `counts` SET `sessions_open` = `sessions_open` - 1 WHERE `id` = 1;
END;--> statement-breakpoint
CREATE TRIGGER `shops_counts_insert` AFTER INSERT ON `shops` BEGIN
	UPDATE `counts` SET `shops` = `shops` + 1 WHERE `id` = 1;
END;--> statement-breakpoint
CREATE TRIGGER `shops_counts_delete` AFTER DELETE ON `shops` BEGIN
	UPDATE `counts` SET `shops` = `shops` - 1 WHERE `id` = 1;
END;--> statement-breakpoint
CREATE TRIGGER `audit_events_counts` AFTER INSERT ON `audit_events`
WHEN NEW.`type` IN ('signup', 'verify', 'login.success', 'login.failure', 'login.mfa_required', 'admin.user_create') BEGIN
	INSERT INTO `event_counts` (`type`, `hour`, `n`) VALUES (NEW.`type`, substr(NEW.`created_at`, 1, 13), 1)
	ON CONFLICT (`type`, `hour`) DO UPDATE SET `n` = `n` + 1;
END;
