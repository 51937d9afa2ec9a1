-- SMS as a restricted second factor (docs/sms.md): the enrolled number and a pending one on the
-- account, and the per-number and per-account text counts (WITHOUT ROWID, written by hand:
-- drizzle-kit cannot declare it).
CREATE TABLE `sms_sends` (
	`key` text PRIMARY KEY NOT NULL,
	`window_start` text NOT NULL,
	`sent` integer NOT NULL,
	`claim` text
) WITHOUT ROWID;
--> statement-breakpoint
ALTER TABLE `users` ADD `sms_phone` text;--> statement-breakpoint
ALTER TABLE `users` ADD `sms_pending_phone` text;--> statement-breakpoint
ALTER TABLE `users` ADD `sms_pending_at` text;
