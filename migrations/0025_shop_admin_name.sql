-- The shop's name as an admin last set it (invitation mail shows it; owners may rename shops).
-- A shop never changed since an admin opened it keeps that admin's name; any other waits for an
-- admin to name it again (until then the mail shows the slug).
ALTER TABLE `shops` ADD `admin_name` text;--> statement-breakpoint
UPDATE `shops` SET `admin_name` = `name` WHERE `updated_at` = `created_at`;
