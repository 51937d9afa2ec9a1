import { inArray, type SQL, sql } from "drizzle-orm";
import { toHex } from "../crypto/encoding";
import { hmacSha256 } from "../crypto/hmac";
import { claimed } from "../db/claim";
import { type Database, raw } from "../db/client";
import { smsSends } from "../db/schema";
import { rateLimitedUntil } from "../lib/errors";
import { isoIn } from "../lib/time";

/**
 * How many texts may go out (docs/sms.md): per number 5 in 10 minutes (the SPEC's limit), per
 * account 10 an hour; per IP the SMS_IP_LIMITER binding. Texts cost money and are what SMS
 * pumping (toll fraud) abuses, so each text is counted in D1 before the provider is called,
 * by one conditional upsert per key in the batch that records the send; every other statement
 * of the batch runs only `WHERE` both counts took this request (`smsSendAllowed`).
 */
export const SMS_LIMITS = {
  number: { max: 5, windowSeconds: 600 },
  account: { max: 10, windowSeconds: 3600 },
} as const;

export interface SmsKeys {
  number: string;
  account: string;
}

/** The keys of a text to `phone` for `userId`: the number by its HMAC, never in the clear. */
export async function smsKeys(secret: string, phone: string, userId: string): Promise<SmsKeys> {
  return {
    number: `n:${toHex(await hmacSha256(secret, `sms-number:${phone}`))}`,
    account: `a:${userId}`,
  };
}

function countOne(
  key: string,
  limit: { max: number; windowSeconds: number },
  claim: string,
  guard: SQL,
  now: Date,
) {
  const at = now.toISOString();
  const stale = isoIn(now, -limit.windowSeconds);
  return raw<{ key: string }>(sql`
    INSERT INTO ${smsSends} (key, window_start, sent, claim)
    SELECT ${key}, ${at}, 1, ${claim} WHERE ${guard}
    ON CONFLICT (key) DO UPDATE SET
      sent = CASE WHEN ${smsSends.windowStart} <= ${stale} THEN 1 ELSE ${smsSends.sent} + 1 END,
      window_start = CASE WHEN ${smsSends.windowStart} <= ${stale} THEN ${at}
        ELSE ${smsSends.windowStart} END,
      claim = excluded.claim
    WHERE ${smsSends.windowStart} <= ${stale} OR ${smsSends.sent} < ${limit.max}
    RETURNING key`);
}

/** The two counts (the number's first; the account's only if the number's took it), and the state for Retry-After. */
export function countSmsSend(db: Database, keys: SmsKeys, claim: string, now: Date) {
  return [
    countOne(keys.number, SMS_LIMITS.number, claim, sql`1 = 1`, now),
    countOne(keys.account, SMS_LIMITS.account, claim, smsCounted(keys.number, claim), now),
    db
      .select({ key: smsSends.key, windowStart: smsSends.windowStart, sent: smsSends.sent })
      .from(smsSends)
      .where(inArray(smsSends.key, [keys.number, keys.account])),
  ] as const;
}

function smsCounted(key: string, claim: string): SQL {
  return claimed(smsSends, smsSends.key, key, smsSends.claim, claim);
}

/** A condition for the rest of the batch: both counts took this text. */
export function smsSendAllowed(keys: SmsKeys, claim: string): SQL {
  return sql`${smsCounted(keys.number, claim)} AND ${smsCounted(keys.account, claim)}`;
}

/** 429 with Retry-After unless both counts took the text. */
export function assertSmsAllowed(
  keys: SmsKeys,
  counted: readonly [readonly unknown[], readonly unknown[]],
  state: readonly { key: string; windowStart: string; sent: number }[],
  now: Date,
): void {
  if (counted[0].length > 0 && counted[1].length > 0) return;
  const which = counted[0].length === 0 ? "number" : "account";
  const row = state.find((r) => r.key === keys[which]);
  const limit = SMS_LIMITS[which];
  throw rateLimitedUntil(
    which === "number"
      ? `At most ${limit.max} texts to one number in ${limit.windowSeconds / 60} minutes; retry later.`
      : `At most ${limit.max} texts for one account an hour; retry later.`,
    row ? isoIn(new Date(row.windowStart), limit.windowSeconds) : null,
    now,
    limit.windowSeconds,
  );
}
