CREATE TABLE `sessions` (
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
);
--> statement-breakpoint
CREATE INDEX `sessions_user_created_idx` ON `sessions` (`user_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `sessions_expires_at_idx` ON `sessions` (`expires_at`);--> statement-breakpoint
CREATE INDEX `sessions_active_expires_idx` ON `sessions` (`expires_at`) WHERE "sessions"."revoked_at" IS NULL;--> statement-breakpoint
-- Hand-written: every refresh-token family issued before sessions existed becomes a session, so
-- nobody is signed out by the upgrade. It ends 90 days (the default SESSION_MAX_AGE_SECONDS)
-- after its first token; a family whose every token was revoked is an ended session.
INSERT INTO `sessions` (`id`, `user_id`, `created_at`, `last_used_at`, `expires_at`, `amr`, `transport`, `revoked_at`)
SELECT `family_id`, `user_id`, MIN(`created_at`), MAX(`created_at`),
  strftime('%Y-%m-%dT%H:%M:%fZ', MIN(`created_at`), '+90 days'), '["pwd"]', 'body',
  CASE WHEN SUM(`revoked_at` IS NULL) = 0 THEN MAX(`revoked_at`) END
FROM `refresh_tokens` GROUP BY `family_id`, `user_id`;
