// Starts Swagger UI on /docs. A file rather than an inline script: the page's CSP allows 'self'
// scripts only.
window.addEventListener("load", () => {
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    persistAuthorization: true,
    deepLinking: true,
  });
});
