/** Timestamps are ISO-8601 UTC strings (`Date#toISOString`): fixed width, so they sort as text. */
export function isoIn(now: Date, seconds: number): string {
  return new Date(now.getTime() + seconds * 1000).toISOString();
}

/** Whole seconds from `now` until `iso`, at least 1 (for `Retry-After`). */
export function secondsUntil(iso: string, now: Date): number {
  return Math.max(1, Math.ceil((Date.parse(iso) - now.getTime()) / 1000));
}

/** Whether the runtime knows `timezone` as an IANA zone name (`Europe/Lisbon`, `UTC`). */
export function isTimeZone(timezone: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(timezone)) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}
