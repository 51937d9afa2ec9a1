import {
  generateRegistrationOptions,
  type RegistrationResponseJSON,
  verifyRegistrationResponse,
} from "@simplewebauthn/server";
import { eq } from "drizzle-orm";
import { auditWhere } from "../audit/events";
import { toBase64Url, utf8 } from "../crypto/encoding";
import { claimed, newClaim } from "../db/claim";
import { batch } from "../db/client";
import { passkeys } from "../db/schema";
import type { Deps } from "../deps";
import { ApiError } from "../lib/errors";
import type { AuthSession, AuthUser } from "../lib/types";
import { handOverLater, recordNotice } from "../mail/outbox";
import { clearAttempts } from "../security/backoff";
import { proveStepUp } from "../security/step-up";
import {
  ALGORITHMS,
  attestationRefused,
  badCeremony,
  CHALLENGE_TTL_SECONDS,
  challengeOf,
  consumeChallenge,
  type PasskeyDto,
  type PasskeyRow,
  registrationUserVerified,
  storeChallenge,
  toDto,
  userVerificationMissing,
} from "./ceremony";

/** Adding a passkey: the step-up proof opens the ceremony; user verification and attestation "none" are required. */

/**
 * Registration options for the signed-in user (their passkeys excluded), after the step-up
 * proof: the password, behind the login backoff. Only then is a registration challenge stored.
 */
export async function registrationOptions(
  deps: Deps,
  user: AuthUser,
  session: AuthSession,
  password: string | undefined,
) {
  const { db, config } = deps;
  await proveStepUp(db, config, user, session, { password });
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
