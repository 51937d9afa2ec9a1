#!/usr/bin/env node
// Runs after `npm install`/`npm ci`: copies the browser files of the pinned swagger-ui-dist and redoc into
// src/docs/vendor/ (git-ignored) as .txt, which wrangler and the Vitest integration both bundle as
// text modules. The Worker serves them at /docs/…: no CDN, works offline, a 'self'-only CSP — and
// no static-asset router in front of the API (see docs/operations.md, "Operate").
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";

const to = new URL("../src/docs/vendor/", import.meta.url);
mkdirSync(to, { recursive: true });
/** @param {string} pkg @param {string} file @param {string} as */
const copy = (pkg, file, as) =>
  copyFileSync(new URL(`../node_modules/${pkg}/${file}`, import.meta.url), new URL(as, to));

copy("swagger-ui-dist", "swagger-ui-bundle.js", "swagger-ui-bundle.js.txt");
copy("swagger-ui-dist", "swagger-ui.css", "swagger-ui.css.txt");
copy("swagger-ui-dist", "LICENSE", "swagger-ui-LICENSE.txt");
copy("swagger-ui-dist", "NOTICE", "swagger-ui-NOTICE.txt");
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
writeFileSync(new URL("redoc.standalone.js.txt", to), redoc);
copy("redoc", "bundles/redoc.standalone.js.LICENSE.txt", "redoc-THIRD-PARTY-LICENSES.txt");
copy("redoc", "LICENSE", "redoc-LICENSE.txt");
