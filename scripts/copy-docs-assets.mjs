#!/usr/bin/env node
// Runs after `npm install`/`npm ci`: copies the browser files of the pinned swagger-ui-dist and redoc into
// assets/docs/swagger-ui-dist/ and assets/redoc/ (git-ignored), which wrangler serves as Workers
// static assets: no CDN, works offline, a 'self'-only CSP, and nothing of them inside the Worker's
// own bundle (see docs/operations.md, "Docs").
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";

const swagger = new URL("../assets/docs/swagger-ui-dist/", import.meta.url);
const redocDir = new URL("../assets/redoc/", import.meta.url);
mkdirSync(swagger, { recursive: true });
mkdirSync(redocDir, { recursive: true });
/** @param {string} pkg @param {string} file @param {URL} to */
const copy = (pkg, file, to) =>
  copyFileSync(new URL(`../node_modules/${pkg}/${file}`, import.meta.url), to);

copy("swagger-ui-dist", "swagger-ui-bundle.js", new URL("swagger-ui-bundle.js", swagger));
copy("swagger-ui-dist", "swagger-ui.css", new URL("swagger-ui.css", swagger));
copy("swagger-ui-dist", "LICENSE", new URL("LICENSE", swagger));
copy("swagger-ui-dist", "NOTICE", new URL("NOTICE", swagger));
// ReDoc's sidebar shows a logo loaded from Redocly's CDN, which the page's policy (and this
// project's rule: nothing from a CDN) refuses. Pointed at an empty data: URL instead, the image
// fails to load and ReDoc's own onError hides it. The check fails the install loudly if an upgrade
// adds another CDN URL, rather than letting a CDN request back in.
const REDOC_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg";
const redoc = readFileSync(
  new URL("../node_modules/redoc/bundles/redoc.standalone.js", import.meta.url),
  "utf8",
).replace(REDOC_LOGO, "data:,");
if (redoc.includes("cdn.redoc.ly")) {
  throw new Error(
    "copy-docs-assets: redoc loads from its CDN elsewhere; see scripts/copy-docs-assets.mjs",
  );
}
writeFileSync(new URL("redoc.standalone.js", redocDir), redoc);
copy("redoc", "bundles/redoc.standalone.js.LICENSE.txt", new URL("THIRD-PARTY-LICENSES", redocDir));
copy("redoc", "LICENSE", new URL("LICENSE", redocDir));
