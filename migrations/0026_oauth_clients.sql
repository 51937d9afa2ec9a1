-- The OpenID provider's clients (issue 37): registered by admins; redirect URIs compared exactly.
CREATE TABLE `oauth_clients` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`secret_digest` text,
	`redirect_uris` text NOT NULL,
	`scopes` text NOT NULL,
	`first_party` integer NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text,
	`revoked_at` text,
	`claim` text
);
