DROP INDEX `audit_events_created_at_id_idx`;--> statement-breakpoint
DROP INDEX `audit_events_actor_idx`;--> statement-breakpoint
DROP INDEX `audit_events_target_idx`;--> statement-breakpoint
DROP INDEX `audit_events_type_idx`;--> statement-breakpoint
CREATE INDEX `audit_events_actor_idx` ON `audit_events` (`actor_id`,`id`) WHERE "audit_events"."actor_id" IS NOT NULL AND "audit_events"."actor_id" IS NOT "audit_events"."target_id";--> statement-breakpoint
CREATE INDEX `audit_events_target_idx` ON `audit_events` (`target_id`,`id`);--> statement-breakpoint
CREATE INDEX `audit_events_type_idx` ON `audit_events` (`type`,`id`);--> statement-breakpoint
-- Events written by create-admin before this release have random UUIDs for ids; give them the
-- time-ordered form every other event has (12 hex digits of the ms timestamp, then a sequence and
-- randomness), so the id order stays the time order. A UUID has its first '-' at position 9.
UPDATE `audit_events` SET `id` = printf('%012x', CAST(ROUND((julianday(`created_at`) - 2440587.5) * 86400000) AS INTEGER)) || '-ffffff-' || lower(hex(randomblob(8))) WHERE substr(`id`, 13, 1) <> '-';
