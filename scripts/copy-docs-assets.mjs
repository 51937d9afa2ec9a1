#!/usr/bin/env node
// Runs after `npm install`/`npm ci`: copies the browser files of the pinned swagger-ui-dist into
// src/docs/vendor/ (git-ignored) as .txt, which wrangler and the Vitest integration both bundle as
// text modules. The Worker serves them at /docs/…: no CDN, works offline, a 'self'-only CSP — and
// no static-asset router in front of the API (see README, "Docs").
import { copyFileSync, mkdirSync } from "node:fs";

const to = new URL("../src/docs/vendor/", import.meta.url);
mkdirSync(to, { recursive: true });
/** @param {string} pkg @param {string} file @param {string} as */
const copy = (pkg, file, as) =>
  copyFileSync(new URL(`../node_modules/${pkg}/${file}`, import.meta.url), new URL(as, to));

copy("swagger-ui-dist", "swagger-ui-bundle.js", "swagger-ui-bundle.js.txt");
copy("swagger-ui-dist", "swagger-ui.css", "swagger-ui.css.txt");
copy("swagger-ui-dist", "LICENSE", "swagger-ui-LICENSE.txt");
copy("swagger-ui-dist", "NOTICE", "swagger-ui-NOTICE.txt");
