// npm run openapi — starts the Worker locally, fetches /openapi.json and writes the checked-in
// contract (openapi/openapi.json and openapi/schema.d.ts). Run it after changing a route.
import { mkdirSync, writeFileSync } from "node:fs";
import { startLocalWorker } from "./local-worker";
import { OPENAPI_DIR, OPENAPI_JSON, OPENAPI_TYPES, renderOpenApiFiles } from "./openapi-files";

const worker = await startLocalWorker({ port: 8796 });
try {
  const document = await (await fetch(`${worker.url}/openapi.json`)).json();
  const files = await renderOpenApiFiles(document);
  mkdirSync(OPENAPI_DIR, { recursive: true });
  writeFileSync(OPENAPI_JSON, files.json);
  writeFileSync(OPENAPI_TYPES, files.types);
  console.log("openapi: wrote openapi/openapi.json and openapi/schema.d.ts");
} finally {
  await worker.stop();
}
