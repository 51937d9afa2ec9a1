#!/usr/bin/env node
// Runs after `npm install`/`npm ci`: copies the Swagger UI files of the pinned swagger-ui-dist
// into public/ (git-ignored), where Workers static assets serve them at /docs/swagger-ui-dist/.
// /docs thus needs no CDN: it works offline and under a 'self'-only Content-Security-Policy.
import { copyFileSync, mkdirSync } from "node:fs";

const from = new URL("../node_modules/swagger-ui-dist/", import.meta.url);
const to = new URL("../public/docs/swagger-ui-dist/", import.meta.url);
mkdirSync(to, { recursive: true });
for (const file of ["swagger-ui.css", "swagger-ui-bundle.js", "LICENSE", "NOTICE"]) {
  copyFileSync(new URL(file, from), new URL(file, to));
}
