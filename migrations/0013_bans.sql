ALTER TABLE `users` ADD `banned_at` text;--> statement-breakpoint
ALTER TABLE `users` ADD `banned_until` text;--> statement-breakpoint
ALTER TABLE `users` ADD `ban_reason` text;