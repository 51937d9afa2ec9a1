-- Linking a provider from a session (issue 36). Edited by hand: link_tickets is WITHOUT ROWID.
CREATE TABLE `link_tickets` (
	`digest` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`provider` text NOT NULL,
	`expires_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;
--> statement-breakpoint
ALTER TABLE `oauth_states` ADD `link_user_id` text;