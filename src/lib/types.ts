import type { AuthMethod, RefreshTransport, Role, Status } from "./domain";

/**
 * The caller behind a valid access token, as stored in D1 right now (not as claimed). It does
 * not carry the password hash: a service that must check a password reads it itself.
 */
export interface AuthUser {
  id: string;
  email: string;
  name: string | null;
  surname: string | null;
  role: Role;
  status: Status;
  tokenVersion: number;
  createdAt: string;
  updatedAt: string;
  verifiedAt: string | null;
  /** Set while MFA is on. */
  mfaEnabledAt: string | null;
  bannedAt: string | null;
  bannedUntil: string | null;
  banReason: string | null;
}

/** The session a signed-in request belongs to. */
export interface AuthSession {
  id: string;
  amr: AuthMethod[];
  /** When it was signed in (a session that replaces it on a password change starts anew). */
  authTime: string;
  transport: RefreshTransport;
  /** Its absolute end: a session that replaces it (password or email change) keeps it. */
  expiresAt: string;
}

/** The person signed in to /console (sessions/console.ts). */
export interface ConsoleCaller {
  user: AuthUser;
  session: AuthSession;
  csrf: string;
  /** The shops this person manages (owner or manager), for the shop pages. */
  managedShops: string[];
}

/** The key of a request authenticated by one (tills, kiosks). */
export interface KeyCaller {
  id: string;
  shop_id: string;
  scopes: string[];
  expires_at: string | null;
}
