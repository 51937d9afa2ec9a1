ALTER TABLE `users` ADD `mfa_failures` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `mfa_blocked_until` text;--> statement-breakpoint
ALTER TABLE `users` ADD `claim` text;