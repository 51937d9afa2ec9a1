// npm run create-admin -- --email E --password P [--remote | --persist-to DIR]
// (or ADMIN_PASSWORD=P npm run create-admin -- --email E)
// Creates — or promotes — a verified admin in the local D1 of `npm run dev` (or of
// `wrangler dev --persist-to DIR`), or in the deployed database with --remote. Uses the product's
// own validation and password hashing. The pepper is PASSWORD_PEPPER from the environment when set,
// otherwise (locally) the one in .dev.vars. With --remote it must be exported — empty if production
// has none — because a hash made without production's pepper could never be logged in with.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createAdminSql } from "../src/admin/bootstrap";
import { eventId } from "../src/crypto/event-id";
import { hashPassword } from "../src/crypto/password";
import { parsePasswordList, passwordProblem } from "../src/crypto/password-policy";
import { EmailSchema } from "../src/schemas/inputs";

function fail(message: string): never {
  console.error(`create-admin: ${message}`);
  process.exit(1);
}

const { values } = parseArgs({
  options: {
    email: { type: "string" },
    password: { type: "string" },
    remote: { type: "boolean", default: false },
    "persist-to": { type: "string" },
  },
});

const email = EmailSchema.safeParse(values.email ?? "");
if (!email.success) fail("--email must be a valid email address");
const password = values.password ?? process.env.ADMIN_PASSWORD;
if (!password) fail("give --password P or set ADMIN_PASSWORD");

if (values.remote && process.env.PASSWORD_PEPPER === undefined) {
  fail(
    "with --remote, export PASSWORD_PEPPER as production has it (PASSWORD_PEPPER= if it has none): " +
      "a hash made with another pepper can never be logged in with",
  );
}

const root = new URL("..", import.meta.url).pathname;
const devVarsPath = join(root, ".dev.vars");
const vars = existsSync(devVarsPath) ? readFileSync(devVarsPath, "utf8") : "";
const devValue = (name: string) => new RegExp(`^${name}=(.*)$`, "m").exec(vars)?.[1]?.trim();
const pepper =
  process.env.PASSWORD_PEPPER ?? (values.remote ? undefined : devValue("PASSWORD_PEPPER"));
const minLength = Number(process.env.PASSWORD_MIN_LENGTH ?? 8);
const common = parsePasswordList(
  readFileSync(join(root, "assets/internal/common-passwords.txt"), "utf8"),
);
const problem = passwordProblem(password, email.data, minLength, common);
if (problem) fail(problem);

const persistTo = values["persist-to"];
const where = values.remote
  ? ["--remote"]
  : ["--local", ...(persistTo ? ["--persist-to", persistTo] : [])];
const wrangler = (args: string[]) =>
  execFileSync("npx", ["wrangler", ...args], { cwd: root, stdio: "inherit" });

const dir = mkdtempSync(join(tmpdir(), "create-admin-"));
try {
  const sqlFile = join(dir, "create-admin.sql");
  writeFileSync(
    sqlFile,
    createAdminSql({
      id: crypto.randomUUID(),
      email: email.data,
      passwordHash: await hashPassword(password, pepper || undefined),
      now: new Date().toISOString(),
      auditId: eventId(Date.now()),
    }),
    { mode: 0o600 },
  );
  wrangler(["d1", "migrations", "apply", "DB", ...where]);
  wrangler(["d1", "execute", "DB", ...where, "--file", sqlFile]);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(
  `create-admin: ${email.data} is a verified admin in the ${values.remote ? "remote" : "local"} database. ` +
    "Log in with POST /v1/auth/login.",
);
