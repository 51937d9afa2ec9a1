import {
  type AuthenticationResponseJSON,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from "@simplewebauthn/server";
import { decodeAttestationObject, parseAuthenticatorData } from "@simplewebauthn/server/helpers";
import { and, eq, sql } from "drizzle-orm";
import { selectAccount, userClaimed } from "../accounts/repository";
import { auditWhere } from "../audit/events";
import { fromBase64Url, toBase64Url, utf8 } from "../crypto/encoding";
import { claimed, newClaim } from "../db/claim";
import { batch, raw } from "../db/client";
import { passkeys, users, webauthnChallenges } from "../db/schema";
import type { Deps } from "../deps";
import type { RefreshTransport } from "../lib/domain";
import { ApiError } from "../lib/errors";
import { isoIn } from "../lib/time";
import type { AuthUser } from "../lib/types";
import { handOverLater, recordNotice } from "../mail/outbox";
import { PASSKEY_AMR } from "../security/assurance";
import { clearAttempts } from "../security/backoff";
import { assertNotBanned, notBanned } from "../security/bans";
import { checkCurrentPassword } from "../security/passwords";
import { proveStepUp } from "../security/step-up";
import { type SignedIn, signedIn, startSession } from "../sessions/store";

/**
 * Passkeys (WebAuthn, with @simplewebauthn/server). A passkey sign-in is phishing-resistant and
 * multi-factor (something you have, unlocked by something you are or know): user verification
 * is required in both ceremonies, its session's `amr` is `["hwk", "user", "mfa"]` (aal2 for the
 * assurance policy), it needs no TOTP afterwards and satisfies ADMIN_MFA_REQUIRED.
 *
 * - Adding one is a factor binding: its ceremony starts with a step-up proof (the password), so a
 *   bare access token never adds a passkey.
 * - Challenges live in D1, 5 minutes, single use (consumed by one conditional UPDATE before the
 *   response is verified), bound to their ceremony and — for a registration — to the user.
 * - Algorithms: EdDSA, ES256, RS256 (Workers' Web Crypto has no ML-DSA).
 * - Signature counters: a sign-in whose counter does not grow is refused, unless both are 0
 *   (SimpleWebAuthn's rule); the stored counter moves only if it is still the one checked.
 */
export const CHALLENGE_TTL_SECONDS = 300;
const ALGORITHMS = [-8, -7, -257];

export interface PasskeyDto {
  id: string;
  name: string;
  created_at: string;
  last_used_at: string | null;
  backed_up: boolean;
  transports: string[];
}

type PasskeyRow = typeof passkeys.$inferSelect;

function toDto(row: PasskeyRow): PasskeyDto {
  return {
    id: row.id,
    name: row.name,
    created_at: row.createdAt,
    last_used_at: row.lastUsedAt,
    backed_up: row.backedUp,
    transports: row.transports,
  };
}

function badCeremony(detail = "The passkey response is not valid for this ceremony."): ApiError {
  return new ApiError("invalid_code", detail);
}

/**
 * Registration asks for attestation "none", and the service never judges who made an
 * authenticator. So it accepts only the statements that prove nothing beyond the key itself:
 * "none", and "packed" self-attestation (signed by the new key, no certificate). Any other
 * format, or a certificate chain (`x5c`), means the client ignored the request; it is refused
 * before verification, so no certificate is ever parsed here, and the Worker's bundle carries no
 * X.509 code at all (wrangler.toml, `[alias]`; bench/NOTES.md, "Upload size").
 */
function attestationRefused(attestationObject: unknown): boolean {
  if (typeof attestationObject !== "string") return false; // verification says why
  try {
    const decoded = decodeAttestationObject(fromBase64Url(attestationObject));
    const fmt = decoded.get("fmt");
    if (fmt === "none") return false;
    return fmt !== "packed" || decoded.get("attStmt")?.get("x5c") !== undefined;
  } catch {
    return false; // not CBOR: verification refuses it with the usual error
  }
}

function storeChallenge(
  challenge: string,
  ceremony: "registration" | "authentication",
  userId: string | null,
  now: Date,
) {
  return raw(sql`INSERT INTO ${webauthnChallenges} (challenge, ceremony, user_id, expires_at, created_at)
    VALUES (${challenge}, ${ceremony}, ${userId}, ${isoIn(now, CHALLENGE_TTL_SECONDS)}, ${now.toISOString()})`);
}

/** The challenge the client signed, from its clientDataJSON (null: not one of ours). */
function challengeOf(clientDataJSON: unknown): string | null {
  if (typeof clientDataJSON !== "string" || clientDataJSON.length > 4096) return null;
  try {
    const data = JSON.parse(new TextDecoder().decode(fromBase64Url(clientDataJSON))) as {
      challenge?: unknown;
    };
    return typeof data.challenge === "string" ? data.challenge : null;
  } catch {
    return null;
  }
}

/** Spends a challenge of `ceremony` (and user): a row back only if it was live and unused. */
function consumeChallenge(challenge: string, ceremony: string, userId: string | null, now: Date) {
  const at = now.toISOString();
  return raw<{ challenge: string }>(sql`
    UPDATE ${webauthnChallenges} SET consumed_at = ${at}
    WHERE challenge = ${challenge} AND ceremony = ${ceremony} AND consumed_at IS NULL
      AND expires_at > ${at}
      AND ${userId === null ? sql`user_id IS NULL` : sql`user_id = ${userId}`}
    RETURNING challenge`);
}

/** The authenticator verified the user (a PIN, a fingerprint, a face): the UV flag. */
function userVerified(authenticatorData: unknown): boolean {
  if (typeof authenticatorData !== "string" || authenticatorData.length > 8192) return false;
  try {
    return parseAuthenticatorData(fromBase64Url(authenticatorData)).flags.uv;
  } catch {
    return false;
  }
}

/** The same flag in a registration's attestation object (its authenticator data). */
function registrationUserVerified(attestationObject: unknown): boolean {
  if (typeof attestationObject !== "string") return true; // verification says why
  try {
    const authData = decodeAttestationObject(fromBase64Url(attestationObject)).get("authData");
    return parseAuthenticatorData(authData).flags.uv;
  } catch {
    return true; // not CBOR: verification refuses it with the usual error
  }
}

function userVerificationMissing(): ApiError {
  return badCeremony(
    "The authenticator did not verify the user (no PIN, fingerprint or face): this service requires user verification for passkeys. Use an authenticator that verifies you.",
  );
}

/**
 * Registration options for the signed-in user (their passkeys excluded), after the step-up
 * proof: the password, behind the login backoff. Only then is a registration challenge stored.
 */
export async function registrationOptions(deps: Deps, user: AuthUser, password: string) {
  const { db, config } = deps;
  await proveStepUp(db, config, user, { password });
  const existing = await db
    .select({ credentialId: passkeys.credentialId, transports: passkeys.transports })
    .from(passkeys)
    .where(eq(passkeys.userId, user.id));
  const options = await generateRegistrationOptions({
    rpName: config.webauthn.rpName,
    rpID: config.webauthn.rpId,
    userName: user.email,
    userID: utf8(user.id),
    attestationType: "none",
    excludeCredentials: existing.map((p) => ({
      id: p.credentialId,
      transports: p.transports as never,
    })),
    authenticatorSelection: { residentKey: "required", userVerification: "required" },
    supportedAlgorithmIDs: ALGORITHMS,
    timeout: CHALLENGE_TTL_SECONDS * 1000,
  });
  await batch(db, [
    storeChallenge(options.challenge, "registration", user.id, new Date()),
    clearAttempts(db, user.email),
  ] as const);
  return options;
}

export async function register(
  deps: Deps,
  user: AuthUser,
  input: { name?: string; response: RegistrationResponseJSON },
): Promise<PasskeyDto> {
  const { db, config, meta } = deps;
  const now = new Date();
  const challenge = challengeOf(input.response?.response?.clientDataJSON);
  if (!challenge) throw badCeremony();
  if (attestationRefused(input.response?.response?.attestationObject)) {
    throw badCeremony(
      'The passkey was sent with an attestation certificate; this service asks for attestation "none". Register it again.',
    );
  }
  if (!registrationUserVerified(input.response?.response?.attestationObject)) {
    throw userVerificationMissing();
  }
  const [spent] = await batch(db, [
    consumeChallenge(challenge, "registration", user.id, now),
  ] as const);
  if (spent.length === 0) {
    throw badCeremony("The challenge is unknown, expired, used, or not a registration of yours.");
  }
  let verified: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
  try {
    verified = await verifyRegistrationResponse({
      response: input.response,
      expectedChallenge: challenge,
      expectedOrigin: config.webauthn.origins,
      expectedRPID: config.webauthn.rpId,
      requireUserVerification: true,
      supportedAlgorithmIDs: ALGORITHMS,
    });
  } catch {
    throw badCeremony();
  }
  if (!verified.verified) throw badCeremony();
  const { credential, credentialDeviceType, credentialBackedUp, aaguid } =
    verified.registrationInfo;
  const id = crypto.randomUUID();
  const claim = newClaim();
  const added = claimed(passkeys, passkeys.id, id, passkeys.claim, claim);
  const row: PasskeyRow = {
    id,
    userId: user.id,
    credentialId: credential.id,
    publicKey: toBase64Url(credential.publicKey),
    counter: credential.counter,
    transports: credential.transports ?? [],
    deviceType: credentialDeviceType,
    backedUp: credentialBackedUp,
    aaguid,
    name: input.name ?? "Passkey",
    createdAt: now.toISOString(),
    lastUsedAt: null,
    claim,
  };
  const [inserted, , notice] = await batch(db, [
    db.insert(passkeys).values(row).onConflictDoNothing().returning(),
    auditWhere(
      meta,
      { type: "passkey.add", actorId: user.id, targetId: user.id, data: { passkey_id: id } },
      added,
      now,
    ),
    recordNotice({
      kind: "passkey_added",
      userId: user.id,
      guard: added,
      now,
      extra: { passkey_name: row.name },
    }),
  ] as const);
  const stored = inserted[0];
  if (!stored) throw new ApiError("conflict", "This passkey is already registered.");
  handOverLater(deps, notice);
  return toDto(stored);
}

export async function listPasskeys(deps: Deps, userId: string) {
  const rows = await deps.db
    .select()
    .from(passkeys)
    .where(eq(passkeys.userId, userId))
    .orderBy(passkeys.createdAt);
  return { items: rows.map(toDto) };
}

export async function renamePasskey(deps: Deps, userId: string, id: string, name: string) {
  const [row] = await deps.db
    .update(passkeys)
    .set({ name })
    .where(and(eq(passkeys.id, id), eq(passkeys.userId, userId)))
    .returning();
  if (!row) throw new ApiError("not_found", "No passkey of yours has this id.");
  return toDto(row);
}

/**
 * Removes a passkey. The last strong factor — the only passkey of an account without TOTP MFA —
 * goes only with the password (behind the password backoff).
 */
export async function removePasskey(
  deps: Deps,
  user: AuthUser,
  id: string,
  password: string | undefined,
): Promise<void> {
  const { db, config, meta } = deps;
  const now = new Date();
  const mine = await db
    .select({ id: passkeys.id })
    .from(passkeys)
    .where(eq(passkeys.userId, user.id));
  if (!mine.some((p) => p.id === id)) {
    throw new ApiError("not_found", "No passkey of yours has this id.");
  }
  const lastStrongFactor = () =>
    new ApiError("forbidden", "This is your last strong factor: send your password to remove it.");
  let proved = false;
  if (mine.length === 1 && !user.mfaEnabledAt) {
    if (!password) throw lastStrongFactor();
    await checkCurrentPassword(db, config, user, password, now);
    proved = true;
  }
  const claim = newClaim();
  const removed = userClaimed(user.id, claim);
  // Without the password, the write itself re-checks that another strong factor stays (TOTP, or
  // another passkey): two removals of the last two passkeys at once cannot both land.
  const keepsAStrongFactor = proved
    ? sql`1 = 1`
    : sql`(mfa_enabled_at IS NOT NULL OR EXISTS (SELECT 1 FROM ${passkeys} AS other
        WHERE other.user_id = ${user.id} AND other.id <> ${id}))`;
  const [claimedRows, , , notice, left] = await batch(db, [
    // The claim: the account, while the passkey is still its own.
    raw<{ id: string }>(sql`UPDATE ${users} SET claim = ${claim}
      WHERE id = ${user.id} AND EXISTS (SELECT 1 FROM ${passkeys} AS mine
        WHERE mine.id = ${id} AND mine.user_id = ${user.id}) AND ${keepsAStrongFactor}
      RETURNING id`),
    raw(sql`DELETE FROM ${passkeys} WHERE id = ${id} AND user_id = ${user.id} AND ${removed}`),
    auditWhere(
      meta,
      { type: "passkey.remove", actorId: user.id, targetId: user.id, data: { passkey_id: id } },
      removed,
      now,
    ),
    recordNotice({ kind: "passkey_removed", userId: user.id, guard: removed, now }),
    raw<{ id: string }>(sql`SELECT id FROM ${passkeys} WHERE id = ${id} AND user_id = ${user.id}`),
  ] as const);
  if (claimedRows.length === 0) {
    if (left.length > 0) throw lastStrongFactor();
    throw new ApiError("not_found", "No passkey of yours has this id.");
  }
  handOverLater(deps, notice);
}

/** Sign-in options: discoverable credentials, so no email is needed. */
export async function authenticationOptions(deps: Deps) {
  const options = await generateAuthenticationOptions({
    rpID: deps.config.webauthn.rpId,
    userVerification: "required",
    timeout: CHALLENGE_TTL_SECONDS * 1000,
  });
  await batch(deps.db, [
    storeChallenge(options.challenge, "authentication", null, new Date()),
  ] as const);
  return options;
}

export async function signInWithPasskey(
  deps: Deps,
  input: { response: AuthenticationResponseJSON; transport: RefreshTransport },
): Promise<SignedIn> {
  const { db, config, meta } = deps;
  const now = new Date();
  const challenge = challengeOf(input.response?.response?.clientDataJSON);
  const credentialId = typeof input.response?.id === "string" ? input.response.id : "";
  if (!challenge || !credentialId) throw badCeremony();
  if (!userVerified(input.response?.response?.authenticatorData)) throw userVerificationMissing();
  const [spent, found] = await batch(db, [
    consumeChallenge(challenge, "authentication", null, now),
    db.select().from(passkeys).where(eq(passkeys.credentialId, credentialId)),
  ] as const);
  if (spent.length === 0) {
    throw badCeremony("The challenge is unknown, expired, used, or not a sign-in challenge.");
  }
  const passkey = found[0];
  if (!passkey) throw new ApiError("invalid_credentials", "This passkey is not registered.");
  let verified: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
  try {
    verified = await verifyAuthenticationResponse({
      response: input.response,
      expectedChallenge: challenge,
      expectedOrigin: config.webauthn.origins,
      expectedRPID: config.webauthn.rpId,
      credential: {
        id: passkey.credentialId,
        publicKey: fromBase64Url(passkey.publicKey),
        counter: passkey.counter,
        transports: passkey.transports as never,
      },
      requireUserVerification: true,
    });
  } catch {
    throw new ApiError("invalid_credentials", "The passkey's signature or counter is not valid.");
  }
  if (!verified.verified) {
    throw new ApiError("invalid_credentials", "The passkey's signature is not valid.");
  }

  const claim = newClaim();
  const used = claimed(passkeys, passkeys.id, passkey.id, passkeys.claim, claim);
  const verifiedAccount = sql`${used} AND EXISTS (SELECT 1 FROM ${users} AS account
    WHERE account.id = ${passkey.userId} AND account.status = 'verified'
      AND ${notBanned(sql`account`, now)})`;
  const session = await startSession(
    config,
    meta,
    { userId: passkey.userId, amr: PASSKEY_AMR, transport: input.transport },
    verifiedAccount,
    now,
  );
  const [moved, accounts] = await batch(db, [
    // The claim: the counter moves only if it is still the one checked (a replay racing this
    // sign-in with the same signature loses).
    raw<{ id: string }>(sql`
      UPDATE ${passkeys} SET counter = ${verified.authenticationInfo.newCounter},
        last_used_at = ${now.toISOString()}, claim = ${claim}
      WHERE id = ${passkey.id} AND counter = ${passkey.counter}
        AND (${passkey.counter} = 0 OR counter < ${verified.authenticationInfo.newCounter})
      RETURNING id`),
    selectAccount(db, eq(users.id, passkey.userId)),
    ...session.statements,
    auditWhere(
      meta,
      {
        type: "login.success",
        actorId: passkey.userId,
        targetId: passkey.userId,
        data: { amr: PASSKEY_AMR, passkey_id: passkey.id },
      },
      verifiedAccount,
      now,
    ),
  ] as const);
  const account = accounts[0];
  if (moved.length === 0) {
    throw new ApiError("invalid_credentials", "This passkey response was already used.");
  }
  if (account) assertNotBanned(account, now);
  if (account?.status !== "verified") {
    throw new ApiError("email_not_verified", "This account is not verified.");
  }
  return signedIn(config, account, session, session.refresh, now);
}

/**
 * An admin removes one of a user's passkeys (a lost phone, a key that should never have been
 * added): audited as the admin, the user is told. 404 when the passkey is not that user's.
 */
export async function adminRemovePasskey(
  deps: Deps,
  actorId: string,
  userId: string,
  id: string,
): Promise<void> {
  const { db, meta } = deps;
  const now = new Date();
  const claim = newClaim();
  const removed = userClaimed(userId, claim);
  const [claimedRows, , , notice] = await batch(db, [
    raw<{ id: string }>(sql`UPDATE ${users} SET claim = ${claim}
      WHERE id = ${userId} AND EXISTS (SELECT 1 FROM ${passkeys} AS theirs
        WHERE theirs.id = ${id} AND theirs.user_id = ${userId})
      RETURNING id`),
    raw(sql`DELETE FROM ${passkeys} WHERE id = ${id} AND user_id = ${userId} AND ${removed}`),
    auditWhere(
      meta,
      { type: "passkey.remove", actorId, targetId: userId, data: { passkey_id: id, by: "admin" } },
      removed,
      now,
    ),
    recordNotice({ kind: "passkey_removed", userId, guard: removed, now }),
  ] as const);
  if (claimedRows.length === 0) throw new ApiError("not_found", "No passkey with this id.");
  handOverLater(deps, notice);
}
