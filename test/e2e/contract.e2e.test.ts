// The checked-in contract (openapi/) is what the Worker serves, its types are what
// openapi-typescript makes of it, and it passes Redocly's recommended rules.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { describe, expect, inject, it } from "vitest";
import { OPENAPI_JSON, OPENAPI_TYPES, renderOpenApiFiles } from "../../scripts/openapi-files";

const DRIFT = "out of date: run `npm run openapi` and commit openapi/";

describe("the checked-in OpenAPI contract", () => {
  it("is exactly what the Worker serves at /openapi.json, and its generated types match", async () => {
    const document = await (await fetch(`${inject("workerUrl")}/openapi.json`)).json();
    const files = await renderOpenApiFiles(document);
    expect(readFileSync(OPENAPI_JSON, "utf8"), `openapi/openapi.json ${DRIFT}`).toBe(files.json);
    expect(readFileSync(OPENAPI_TYPES, "utf8"), `openapi/schema.d.ts ${DRIFT}`).toBe(files.types);
  });

  it("passes `redocly lint` with the recommended rules: no error, no warning", async () => {
    const lint = await promisify(execFile)(
      "node_modules/.bin/redocly",
      ["lint", OPENAPI_JSON, "--format", "json"],
      {
        maxBuffer: 16 * 1024 * 1024,
        // Offline-friendly: no usage telemetry, no update check.
        env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
      },
    ).catch((error: { stdout: string }) => error);
    const report = JSON.parse(lint.stdout) as {
      totals: { errors: number; warnings: number };
      problems: { ruleId: string; severity: string; message: string }[];
    };
    // Deliberate exceptions live in .redocly.lint-ignore.yaml, each with its reason.
    expect(report.problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message}`)).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  });
});
