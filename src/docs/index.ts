import { SwaggerUI } from "@hono/swagger-ui";
import type { AppOpenAPI } from "../http/types";

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

/**
 * ReDoc's policy: its scripts are this Worker's files too, but it styles the page by inserting
 * <style> elements at run time (styled-components) — so 'unsafe-inline' for styles only, never
 * for scripts — and runs its search index in a Worker made from a blob: URL.
 */
const REDOC_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src blob:",
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
      "Sign-up with emailed verification codes, login with rotating refresh tokens, sessions " +
      "users can see and end, self-service profile and administration for the coffee-shop " +
      "platform. Every error is RFC 9457 `application/problem+json` with a stable `code`.\n\n" +
      "Guides live beside the code, in the service's repository: `README.md` (a first session " +
      "from sign-up to MFA, configuration, deploy) and `docs/` — `api.md` (conventions, typed " +
      "client, tokens for other services), `security.md` (every security decision), " +
      "`operations.md` (admin, purge, metrics, mail), `architecture.md`, `testing.md`, " +
      "`benchmark.md`.",
    license: { name: "MIT", identifier: "MIT" },
  },
  servers: [{ url: "/" }],
};

const TITLE = "Coffee Shop Accounts API";
const page = (head: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" /><title>${TITLE}</title><link rel="icon" href="data:," />${head}</head><body>${body}</body></html>`;

/**
 * `GET /openapi.json` (generated from the route definitions), `GET /docs` (Swagger UI: try
 * requests) and `GET /redoc` (ReDoc: read the reference), each page linking to the other.
 */
export function mountDocs(app: AppOpenAPI): void {
  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: "The `access_token` from login, verify or refresh.",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "metricsToken", {
    type: "http",
    scheme: "bearer",
    description: "The `METRICS_TOKEN` secret (GET /metrics only); not an access token.",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "apiKeyAuth", {
    type: "http",
    scheme: "bearer",
    description: "A shop's key for a till or kiosk (`csk_…`); not an access token.",
  });

  let document: unknown;
  app.get("/openapi.json", (c) => {
    // The document depends only on the route definitions: build it once per isolate.
    document ??= app.getOpenAPI31Document(OPENAPI_INFO);
    return c.json(document, 200);
  });

  app.get("/docs", (c) => {
    // Every script and style of the page is a static asset of this Worker (assets/docs/, served
    // before the Worker runs) and no script is inline, so the policy allows 'self' only — no
    // nonce, no CDN.
    const ui = SwaggerUI({
      url: "/openapi.json",
      baseUrl: "/docs",
      manuallySwaggerUIHtml: (asset) => `
        <div id="swagger-ui"></div>
        ${asset.css.map((href) => `<link rel="stylesheet" href="${href}" />`).join("")}
        ${asset.js.map((src) => `<script src="${src}"></script>`).join("")}
        <script src="/docs/swagger-init.js"></script>`,
    });
    const links = `<p class="docs-switch"><a href="/redoc">Read this reference in ReDoc</a> · <a href="/openapi.json">openapi.json</a></p>`;
    return c.html(page("", `${links}${ui}`), 200, { "Content-Security-Policy": DOCS_CSP });
  });

  app.get("/redoc", (c) => {
    // <redoc spec-url> is picked up by the bundle itself when it loads: no inline script.
    const links = `<p style="margin:8px 16px;font-family:sans-serif"><a href="/docs">Try requests in Swagger UI</a> · <a href="/openapi.json">openapi.json</a></p>`;
    const body = `${links}<redoc spec-url="/openapi.json"></redoc><script src="/redoc/redoc.standalone.js"></script>`;
    return c.html(page("", body), 200, { "Content-Security-Policy": REDOC_CSP });
  });
}
