// Put in place of @peculiar/x509 when wrangler bundles the Worker (wrangler.toml, `[alias]`).
// @simplewebauthn/server reaches X.509 only to check an attestation's certificate chain, and the
// service refuses every attestation that carries one before it is verified
// (src/passkeys/service.ts, attestationRefused). So none of these is ever constructed; if one
// were, it fails loudly instead of trusting a certificate nobody checked. 150 KiB of X.509,
// ASN.1 and dependency-injection code stay out of every isolate. If an upgrade of
// @simplewebauthn/server imports another name, the build fails ("No matching export").
class NotBundled {
  constructor() {
    throw new Error("X.509 is not bundled: attestation certificate chains are refused");
  }
}

export const AuthorityKeyIdentifierExtension = NotBundled;
export const CRLDistributionPointsExtension = NotBundled;
export const SubjectKeyIdentifierExtension = NotBundled;
export const X509Certificate = NotBundled;
export const X509ChainBuilder = NotBundled;
export const X509Crl = NotBundled;
