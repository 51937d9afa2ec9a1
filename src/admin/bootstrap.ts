/**
 * The first admin is never created through the public API: `npm run create-admin` hashes the
 * password with the product's own code and runs these statements with `wrangler d1 execute`.
 * Pure string building (the script runs in Node, the tests in workerd), so values are quoted
 * here; the caller validates the email and hashes the password first.
 */
function quote(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

export interface BootstrapAdmin {
  id: string;
  email: string;
  passwordHash: string;
  now: string;
  auditId: string;
}

/**
 * Creates a verified admin, or promotes and re-keys the existing account with that email: its
 * token version is bumped (every access token dies) and every session of it ends (every refresh
 * token dies) — whoever held the account before the operator took it over is out. Idempotent:
 * running it twice is harmless.
 */
export function createAdminSql(admin: BootstrapAdmin): string {
  const { id, email, passwordHash, now, auditId } = admin;
  return [
    "INSERT INTO users (id, email, password_hash, role, status, token_version, created_at, updated_at, verified_at)",
    `VALUES (${quote(id)}, ${quote(email)}, ${quote(passwordHash)}, 'admin', 'verified', 0, ${quote(now)}, ${quote(now)}, ${quote(now)})`,
    "ON CONFLICT (email) DO UPDATE SET role = 'admin', status = 'verified',",
    "  password_hash = excluded.password_hash, token_version = users.token_version + 1,",
    "  updated_at = excluded.updated_at, verified_at = COALESCE(users.verified_at, excluded.verified_at);",
    `UPDATE sessions SET revoked_at = ${quote(now)} WHERE user_id = (SELECT id FROM users WHERE email = ${quote(email)}) AND revoked_at IS NULL;`,
    "INSERT INTO audit_events (id, type, actor_id, target_id, request_id, ip, created_at, data)",
    `SELECT ${quote(auditId)}, 'admin.user_create', NULL, id, NULL, NULL, ${quote(now)}, '{"via":"create-admin"}'`,
    `FROM users WHERE email = ${quote(email)};`,
  ].join("\n");
}
