DROP INDEX `one_time_codes_user_purpose_idx`;--> statement-breakpoint
ALTER TABLE `one_time_codes` ADD `claim` text;--> statement-breakpoint
CREATE INDEX `one_time_codes_user_purpose_created_idx` ON `one_time_codes` (`user_id`,`purpose`,`created_at`);--> statement-breakpoint
ALTER TABLE `login_throttles` ADD `claim` text;--> statement-breakpoint
ALTER TABLE `mail_cooldowns` ADD `claim` text;--> statement-breakpoint
ALTER TABLE `refresh_tokens` ADD `replaced_by` text;