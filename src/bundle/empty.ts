// Put in place of reflect-metadata (a global polyfill only @peculiar/x509 needs) when wrangler
// bundles the Worker: see no-x509.ts beside this file.
export {};
