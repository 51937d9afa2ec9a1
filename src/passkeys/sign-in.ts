import {
  type AuthenticationResponseJSON,
  generateAuthenticationOptions,
  verifyAuthenticationResponse,
} from "@simplewebauthn/server";
import { eq, sql } from "drizzle-orm";
import { selectAccount } from "../accounts/repository";
import { auditWhere } from "../audit/events";
import { fromBase64Url } from "../crypto/encoding";
import { claimed, newClaim } from "../db/claim";
import { batch, raw } from "../db/client";
import { passkeys, users } from "../db/schema";
import type { Deps } from "../deps";
import type { RefreshTransport } from "../lib/domain";
import { ApiError } from "../lib/errors";
import { PASSKEY_AMR } from "../security/assurance";
import { assertNotBanned, notBanned } from "../security/bans";
import { type SignedIn, signedIn, startSession } from "../sessions/store";
import {
  badCeremony,
  CHALLENGE_TTL_SECONDS,
  challengeOf,
  consumeChallenge,
  storeChallenge,
  userVerificationMissing,
  userVerified,
} from "./ceremony";

/** Signing in with a passkey: a discoverable credential, user verified, the counter re-checked in the write. */

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
