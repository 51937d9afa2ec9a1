import { createRoute, z } from "@hono/zod-openapi";
import { jsonContent, PUBLIC, problem } from "../lib/openapi";

const tags = ["Health"];

export const live = createRoute({
  method: "get",
  path: "/health",
  tags,
  operationId: "health",
  security: PUBLIC,
  summary: "Liveness",
  description: "Answers 200 whenever the Worker runs. Does no I/O and ignores configuration.",
  responses: {
    200: jsonContent(z.object({ status: z.literal("ok") }).openapi("Health"), "The Worker is up"),
  },
});

export const ready = createRoute({
  method: "get",
  path: "/health/ready",
  tags,
  operationId: "healthReady",
  security: PUBLIC,
  summary: "Readiness",
  description:
    "Answers 200 when the configuration is valid and D1 answers a query; otherwise 503 " +
    "`unavailable`, naming the failing setting or dependency (never a secret value).",
  responses: {
    200: jsonContent(
      z
        .object({
          status: z.literal("ready"),
          checks: z.object({ config: z.literal("ok"), database: z.literal("ok") }),
          disabled: z.array(z.object({ feature: z.string(), setting: z.string() })).openapi({
            description:
              "Features this deployment runs without, each with the secret it misses (MFA without MFA_ENCRYPTION_KEY). Everything else works.",
            example: [],
          }),
        })
        .openapi("Readiness"),
      "Configuration valid and D1 reachable",
    ),
    503: problem("A dependency or setting is not usable", "unavailable"),
  },
});

export type LiveRoute = typeof live;
export type ReadyRoute = typeof ready;
