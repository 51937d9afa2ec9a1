import { randomBytes, toHex } from "./encoding";

/**
 * Audit event ids: time-ordered (the ms timestamp in 12 hex digits, a per-isolate sequence,
 * randomness), so events written in the same millisecond still list in the order they happened —
 * and the id order is the time order: lists, counts since a moment and the purge all read id
 * ranges of `audit_events` (`idFloor`).
 */
let lastMs = 0;
let sequence = 0;

export function eventId(ms: number): string {
  if (ms > lastMs) {
    lastMs = ms;
    sequence = 0;
  } else sequence += 1;
  const random = toHex(randomBytes(8));
  return `${lastMs.toString(16).padStart(12, "0")}-${sequence.toString(16).padStart(6, "0")}-${random}`;
}

/** The smallest id an event written at or after `iso` can have: a lower bound for id ranges. */
export function idFloor(iso: string): string {
  return Date.parse(iso).toString(16).padStart(12, "0");
}
