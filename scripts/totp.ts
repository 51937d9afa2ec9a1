// npm run -s totp -- SECRET
// Prints the current 6-digit TOTP code of a base32 secret (the `secret` of
// POST /v1/users/me/mfa/totp), with the product's own parameters (SHA-1, 6 digits, 30 s) — for
// trying MFA locally without an authenticator app. Never point it at a real user's secret.
import { totpCode } from "../src/crypto/totp";

const secret = process.argv[2];
if (!secret || !/^[A-Z2-7]+=*$/i.test(secret)) {
  console.error("usage: npm run -s totp -- SECRET   (the base32 secret from the enrolment)");
  process.exit(1);
}
console.log(totpCode(secret.toUpperCase(), Date.now()));
