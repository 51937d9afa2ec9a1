-- Native sign-in with an ID token (issue 36): each token once. Edited by hand: WITHOUT ROWID.
CREATE TABLE `used_id_tokens` (
	`digest` text PRIMARY KEY NOT NULL,
	`expires_at` text NOT NULL
) WITHOUT ROWID;
