-- Sign in with a provider (issue 36). Edited by hand: the three tables are WITHOUT ROWID (their
-- rows live in their keys, like the tables of 0019); the snapshot matches src/db/schema.ts.
CREATE TABLE `identities` (
	`provider` text NOT NULL,
	`subject` text NOT NULL,
	`user_id` text NOT NULL,
	`email` text,
	`created_at` text NOT NULL,
	PRIMARY KEY(`provider`, `subject`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `identities_user_idx` ON `identities` (`user_id`);--> statement-breakpoint
CREATE TABLE `login_codes` (
	`code_digest` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`provider` text NOT NULL,
	`expires_at` text NOT NULL,
	`used_at` text,
	`claim` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `oauth_states` (
	`state_digest` text PRIMARY KEY NOT NULL,
	`provider` text NOT NULL,
	`browser_digest` text NOT NULL,
	`redirect_to` text NOT NULL,
	`expires_at` text NOT NULL,
	`created_at` text NOT NULL
) WITHOUT ROWID;
