export const PASSWORD_MAX_LENGTH = 128;

/** Parses the bundled list format: one password per line, `#` comments. */
export function parsePasswordList(text: string): Set<string> {
  return new Set(text.split("\n").filter((line) => line.length > 0 && !line.startsWith("#")));
}

/**
 * NIST SP 800-63B: length, not composition. Counted in code points (an emoji is one), never
 * truncated, any Unicode including spaces. Returns the reason a password is refused, or null.
 */
export function passwordProblem(
  password: string,
  email: string,
  minLength: number,
  commonPasswords: ReadonlySet<string>,
): string | null {
  const length = [...password].length;
  if (length < minLength) return `Password must be at least ${minLength} characters.`;
  if (length > PASSWORD_MAX_LENGTH) {
    return `Password must be at most ${PASSWORD_MAX_LENGTH} characters.`;
  }
  if (password.trim().toLowerCase() === email.trim().toLowerCase()) {
    return "Password must not be the email address.";
  }
  if (commonPasswords.has(password.toLowerCase())) {
    return "Password is too common; choose a less predictable one.";
  }
  return null;
}
