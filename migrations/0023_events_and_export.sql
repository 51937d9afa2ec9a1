-- Events for the platform (docs/events.md): the outbox of events not yet delivered, in its
-- primary key (WITHOUT ROWID, written by hand: drizzle-kit cannot declare it), so recording an
-- event writes one row; a partial index of the dead letters only. And the time of a person's
-- last data export (one an hour).
CREATE TABLE `event_outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`data` text NOT NULL,
	`created_at` text NOT NULL,
	`delivered_to` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`retrying_at` text,
	`failed_at` text
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `event_outbox_failed_idx` ON `event_outbox` (`id`) WHERE "event_outbox"."failed_at" IS NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `exported_at` text;
