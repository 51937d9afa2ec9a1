CREATE TABLE `address_code_attempts` (
	`email` text NOT NULL,
	`purpose` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`expires_at` text NOT NULL,
	PRIMARY KEY(`email`, `purpose`)
);
--> statement-breakpoint
CREATE INDEX `address_code_attempts_expires_at_idx` ON `address_code_attempts` (`expires_at`);--> statement-breakpoint
ALTER TABLE `users` ADD `mfa_failures` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `mfa_blocked_until` text;--> statement-breakpoint
ALTER TABLE `users` ADD `claim` text;--> statement-breakpoint
CREATE INDEX `mail_outbox_sealed_idx` ON `mail_outbox` (`created_at`) WHERE "mail_outbox"."secret" IS NOT NULL;--> statement-breakpoint
ALTER TABLE `refresh_tokens` DROP COLUMN `revoked_at`;