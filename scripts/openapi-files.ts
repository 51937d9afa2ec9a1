// The checked-in contract: openapi/openapi.json (the document the Worker serves) and
// openapi/schema.d.ts (its TypeScript types, by openapi-typescript, for openapi-fetch clients).
// `npm run openapi` writes them; the end-to-end tests fail when they drift from the Worker.
import openapiTS, { astToString, type OpenAPI3 } from "openapi-typescript";

const ROOT = new URL("..", import.meta.url).pathname;
export const OPENAPI_DIR = `${ROOT}openapi`;
export const OPENAPI_JSON = `${OPENAPI_DIR}/openapi.json`;
export const OPENAPI_TYPES = `${OPENAPI_DIR}/schema.d.ts`;

const TYPES_HEADER =
  "// Generated from openapi/openapi.json by openapi-typescript (`npm run openapi`). Do not edit.\n\n";

export async function renderOpenApiFiles(
  document: unknown,
): Promise<{ json: string; types: string }> {
  const ast = await openapiTS(document as OpenAPI3);
  return {
    json: `${JSON.stringify(document, null, 2)}\n`,
    types: TYPES_HEADER + astToString(ast),
  };
}
