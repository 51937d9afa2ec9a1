CREATE TABLE `invitations` (
	`id` text PRIMARY KEY NOT NULL,
	`shop_id` text NOT NULL,
	`email` text NOT NULL,
	`role` text NOT NULL,
	`token_digest` text NOT NULL,
	`invited_by` text,
	`created_at` text NOT NULL,
	`sent_at` text NOT NULL,
	`expires_at` text NOT NULL,
	`accepted_at` text,
	`revoked_at` text,
	`claim` text,
	FOREIGN KEY (`shop_id`) REFERENCES `shops`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invitations_token_digest_unique` ON `invitations` (`token_digest`);--> statement-breakpoint
CREATE UNIQUE INDEX `invitations_pending_unique` ON `invitations` (`shop_id`,`email`) WHERE "invitations"."accepted_at" IS NULL AND "invitations"."revoked_at" IS NULL;--> statement-breakpoint
CREATE INDEX `invitations_shop_created_idx` ON `invitations` (`shop_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `invitations_expires_at_idx` ON `invitations` (`expires_at`);--> statement-breakpoint
CREATE TABLE `memberships` (
	`shop_id` text NOT NULL,
	`user_id` text NOT NULL,
	`role` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`claim` text,
	PRIMARY KEY(`shop_id`, `user_id`),
	FOREIGN KEY (`shop_id`) REFERENCES `shops`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `memberships_user_created_idx` ON `memberships` (`user_id`,`created_at`,`shop_id`);--> statement-breakpoint
CREATE INDEX `memberships_shop_created_idx` ON `memberships` (`shop_id`,`created_at`,`user_id`);--> statement-breakpoint
CREATE INDEX `memberships_shop_role_idx` ON `memberships` (`shop_id`,`role`);--> statement-breakpoint
CREATE TABLE `shops` (
	`id` text PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`timezone` text NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`claim` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `shops_slug_unique` ON `shops` (`slug`);--> statement-breakpoint
CREATE INDEX `shops_created_at_id_idx` ON `shops` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `shops_status_created_at_id_idx` ON `shops` (`status`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `shops_name_idx` ON `shops` (`name`);