import commonPasswordList from "./common-passwords.txt";

export const PASSWORD_MAX_LENGTH = 128;

let commonPasswords: Set<string> | undefined;

function isCommon(password: string): boolean {
  commonPasswords ??= new Set(
    commonPasswordList.split("\n").filter((line) => line.length > 0 && !line.startsWith("#")),
  );
  return commonPasswords.has(password.toLowerCase());
}

/**
 * NIST SP 800-63B: length, not composition. Counted in code points (an emoji is one), never
 * truncated, any Unicode including spaces. Returns the reason a password is refused, or null.
 */
export function passwordProblem(password: string, email: string, minLength: number): string | null {
  const length = [...password].length;
  if (length < minLength) return `Password must be at least ${minLength} characters.`;
  if (length > PASSWORD_MAX_LENGTH) {
    return `Password must be at most ${PASSWORD_MAX_LENGTH} characters.`;
  }
  if (password.trim().toLowerCase() === email.trim().toLowerCase()) {
    return "Password must not be the email address.";
  }
  if (isCommon(password)) return "Password is too common; choose a less predictable one.";
  return null;
}
