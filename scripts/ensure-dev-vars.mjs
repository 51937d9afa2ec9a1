#!/usr/bin/env node
// `npm run dev` runs this first: a newcomer gets a working .dev.vars with fresh random secrets
// and the log email provider (codes are printed to the console) without any manual step.
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";

const target = new URL("../.dev.vars", import.meta.url);
if (existsSync(target)) process.exit(0);

const secret = () => randomBytes(32).toString("base64url");
const example = readFileSync(new URL("../.dev.vars.example", import.meta.url), "utf8");
const contents = example
  .replace(/^JWT_SECRET=.*$/m, `JWT_SECRET=${secret()}`)
  .replace(/^CODE_HMAC_SECRET=.*$/m, `CODE_HMAC_SECRET=${secret()}`)
  .replace(/^MFA_ENCRYPTION_KEY=.*$/m, `MFA_ENCRYPTION_KEY=${secret()}`)
  .replace(/^EMAIL_PROVIDER=.*$/m, "EMAIL_PROVIDER=log");

writeFileSync(target, contents, { mode: 0o600 });
console.log(
  "Created .dev.vars with freshly generated JWT_SECRET, CODE_HMAC_SECRET and MFA_ENCRYPTION_KEY and EMAIL_PROVIDER=log " +
    "(mails, codes included, are printed to this console). It is git-ignored; edit it to change settings.",
);
