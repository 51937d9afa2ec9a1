type Level = "debug" | "info" | "warn" | "error";

/** One JSON line per event. Callers pass only ids and counts — never a password, token, code or hash. */
export function log(level: Level, msg: string, fields: Record<string, unknown> = {}): void {
  const line = JSON.stringify({ ts: new Date().toISOString(), level, msg, ...fields });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}
