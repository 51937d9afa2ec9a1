import list from "./common-passwords.txt";
import { parsePasswordList } from "./password-policy";

let parsed: Set<string> | undefined;

/** The bundled list (see docs/security.md, "Password policy"), parsed on first use. */
export function commonPasswords(): ReadonlySet<string> {
  parsed ??= parsePasswordList(list);
  return parsed;
}
