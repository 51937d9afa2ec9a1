import { userClaimed } from "../accounts/repository";
import { auditWhere } from "../audit/events";
import { newClaim } from "../db/claim";
import { batch } from "../db/client";
import type { Deps } from "../deps";
import type { AuthUser } from "../lib/types";
import { handOverLater, recordNotice } from "../mail/outbox";
import { clearAttempts } from "../security/backoff";
import {
  claimWithBothFactors,
  deleteRecoveryCodes,
  invalidCode,
  newRecoveryCodes,
  proveBothFactors,
} from "./factors";

/**
 * A new set of recovery codes; every code of the old set is dead, whichever factor proved the
 * request (a TOTP code, or a recovery code of the old set). Password + a second factor. The claim
 * on the account spends the factor; the new set is stored and the old one deleted under it, so
 * neither depends on where it sits in the batch.
 */
export async function regenerate(deps: Deps, user: AuthUser, password: string, code: string) {
  const { db, meta } = deps;
  const proof = await proveBothFactors(deps, user, password, code);
  const { now } = proof;
  const claim = newClaim();
  const proven = userClaimed(user.id, claim);
  const recovery = await newRecoveryCodes(deps, user.id, proven, now);
  const [claimedRows, , , , notice] = await batch(db, [
    claimWithBothFactors(proof, claim),
    recovery.insert,
    deleteRecoveryCodes(user.id, proven, recovery.ids),
    auditWhere(
      meta,
      { type: "mfa.recovery_codes", actorId: user.id, targetId: user.id },
      proven,
      now,
    ),
    recordNotice({ kind: "recovery_codes_regenerated", userId: user.id, guard: proven, now }),
    clearAttempts(db, user.email, proven),
  ] as const);
  if (claimedRows.length === 0) throw invalidCode();
  handOverLater(deps, notice);
  return { recovery_codes: recovery.codes };
}
