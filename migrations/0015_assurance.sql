ALTER TABLE `console_sessions` ADD `token_version` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `console_sessions_last_used_idx` ON `console_sessions` (`last_used_at`);--> statement-breakpoint
CREATE INDEX `invitations_shop_email_sent_idx` ON `invitations` (`shop_id`,`email`,`sent_at`);