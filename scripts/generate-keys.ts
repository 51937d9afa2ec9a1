// npm run keys:generate -- [--alg EdDSA|ES256]
// Prints a new access-token signing key: the private JWK for JWT_SIGNING_KEY (a secret: pipe it
// into `wrangler secret put`, never commit it) and its public JWK, for JWT_VERIFY_KEYS during a
// rotation. The `kid` is the key's RFC 7638 thumbprint. docs/api.md, "Tokens other services verify".
import { parseArgs } from "node:util";
import { ASYMMETRIC_ALGS, type AsymmetricAlg, generateSigningKey } from "../src/crypto/tokens";

const { values } = parseArgs({ options: { alg: { type: "string", default: "EdDSA" } } });
const alg = values.alg as AsymmetricAlg;
if (!ASYMMETRIC_ALGS.includes(alg)) {
  console.error(`keys:generate: --alg must be one of ${ASYMMETRIC_ALGS.join(", ")}`);
  process.exit(1);
}

const { privateJwk, publicJwk } = await generateSigningKey(alg);
// The private key goes to stdout alone when piped: `npm run -s keys:generate > key.json`.
if (!process.stdout.isTTY) {
  process.stdout.write(`${JSON.stringify(privateJwk)}\n`);
  console.error(`public JWK (for JWT_VERIFY_KEYS):\n${JSON.stringify(publicJwk)}`);
} else {
  console.log(`# ${alg} signing key, kid ${privateJwk.kid}
# Private JWK — the value of the JWT_SIGNING_KEY secret. Keep it out of git and chat logs:
#   npx wrangler secret put JWT_SIGNING_KEY   (paste the line below)
${JSON.stringify(privateJwk)}

# Public JWK — publish it first during a rotation (JWT_VERIFY_KEYS is a JSON array of these):
${JSON.stringify(publicJwk)}`);
}
