import { SwaggerUI } from "@hono/swagger-ui";
import type { AppOpenAPI } from "./lib/types";

const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

export const OPENAPI_INFO = {
  openapi: "3.1.0",
  info: {
    title: "Coffee Shop Accounts API",
    version: "1.0.0",
    description:
      "Sign-up with emailed verification codes, login with rotating refresh tokens, self-service " +
      "profile and administration for the coffee-shop platform. Every error is RFC 9457 " +
      "`application/problem+json` with a stable `code`.",
  },
  servers: [{ url: "/" }],
};

/** `GET /openapi.json` (generated from the route definitions) and `GET /docs` (Swagger UI). */
export function mountDocs(app: AppOpenAPI): void {
  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: "The `access_token` from login, verify or refresh.",
  });

  let document: unknown;
  app.get("/openapi.json", (c) => {
    // The document depends only on the route definitions: build it once per isolate.
    document ??= app.getOpenAPI31Document(OPENAPI_INFO);
    return c.json(document, 200);
  });

  app.get("/docs", (c) => {
    // The Swagger UI files are static assets of this Worker (public/, filled by
    // scripts/copy-swagger-ui.mjs), so the page loads nothing from elsewhere and runs no inline
    // script: the policy allows 'self' only.
    const ui = SwaggerUI({
      url: "/openapi.json",
      baseUrl: "/docs",
      manuallySwaggerUIHtml: (asset) => `
        <div id="swagger-ui"></div>
        ${asset.css.map((href) => `<link rel="stylesheet" href="${href}" />`).join("")}
        ${asset.js.map((src) => `<script src="${src}"></script>`).join("")}
        <script src="/docs/swagger-init.js"></script>`,
    });
    const page = `<!doctype html><html lang="en"><head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" /><title>Coffee Shop Accounts API</title><link rel="icon" href="data:," /></head><body>${ui}</body></html>`;
    return c.html(page, 200, { "Content-Security-Policy": DOCS_CSP });
  });
}
