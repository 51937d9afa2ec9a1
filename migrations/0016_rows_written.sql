DROP INDEX `mail_cooldowns_next_allowed_at_idx`;--> statement-breakpoint
DROP INDEX `mail_outbox_created_at_idx`;--> statement-breakpoint
DROP INDEX `one_time_codes_expires_at_idx`;--> statement-breakpoint
DROP INDEX `refresh_tokens_expires_at_idx`;--> statement-breakpoint
DROP INDEX `users_role_created_at_id_idx`;--> statement-breakpoint
DROP INDEX `users_status_created_at_id_idx`;--> statement-breakpoint
DROP INDEX `users_role_status_created_at_id_idx`;--> statement-breakpoint
DROP INDEX `users_role_email_idx`;--> statement-breakpoint
DROP INDEX `users_status_email_idx`;--> statement-breakpoint
DROP INDEX `users_role_status_email_idx`;--> statement-breakpoint
DROP INDEX `users_unverified_created_at_idx`;--> statement-breakpoint
CREATE INDEX `users_admin_created_idx` ON `users` (`created_at`,`id`) WHERE "users"."role" = 'admin';--> statement-breakpoint
CREATE INDEX `users_admin_email_idx` ON `users` (`email`) WHERE "users"."role" = 'admin';--> statement-breakpoint
CREATE INDEX `users_pending_created_idx` ON `users` (`created_at`,`id`) WHERE "users"."status" = 'pending';--> statement-breakpoint
CREATE INDEX `users_pending_email_idx` ON `users` (`email`) WHERE "users"."status" = 'pending';