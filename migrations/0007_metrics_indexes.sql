DROP INDEX `sessions_active_expires_idx`;--> statement-breakpoint
CREATE INDEX `sessions_active_expires_idx` ON `sessions` (`expires_at`,`last_used_at`) WHERE "sessions"."revoked_at" IS NULL;