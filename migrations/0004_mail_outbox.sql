CREATE TABLE `mail_outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`to_email` text NOT NULL,
	`data` text NOT NULL,
	`secret` text,
	`created_at` text NOT NULL,
	`enqueued_at` text,
	`delivered_at` text
);
--> statement-breakpoint
CREATE INDEX `mail_outbox_waiting_idx` ON `mail_outbox` (`created_at`) WHERE "mail_outbox"."enqueued_at" IS NULL;--> statement-breakpoint
CREATE INDEX `mail_outbox_created_at_idx` ON `mail_outbox` (`created_at`);