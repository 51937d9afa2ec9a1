type Level = "debug" | "info" | "warn" | "error";

/** One JSON line per event. Callers pass only ids and counts — never a password, token, code or hash. */
export function log(level: Level, msg: string, fields: Record<string, unknown> = {}): void {
  const line = JSON.stringify({ ts: new Date().toISOString(), level, msg, ...fields });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}

/**
 * What may be logged of a caught error: its class name, never its message — drivers put bound
 * parameters (emails, digests) in the message. Pair it with a fixed description of the step.
 */
export function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
