import { createRoute, z } from "@hono/zod-openapi";
import { problem } from "../lib/openapi";
import { EXPOSITION_CONTENT_TYPE } from "./service";

/** How long a rendered scrape is reused: a scrape every 15 s reads D1 once a minute. */
export const METRICS_CACHE_SECONDS = 60;

const EXAMPLE = `# HELP accounts_users Accounts by role and status (pending: not yet verified).
# TYPE accounts_users gauge
accounts_users{role="user",status="pending"} 12
accounts_users{role="user",status="verified"} 4210
accounts_users{role="admin",status="pending"} 0
accounts_users{role="admin",status="verified"} 3
# HELP accounts_logins_last_24h Password logins in the last 24 hours by outcome (mfa_required: password right, second factor asked).
# TYPE accounts_logins_last_24h gauge
accounts_logins_last_24h{outcome="success"} 1893
accounts_logins_last_24h{outcome="failure"} 41
accounts_logins_last_24h{outcome="mfa_required"} 7
`;

export const metrics = createRoute({
  method: "get",
  path: "/metrics",
  tags: ["Operations"],
  operationId: "metrics",
  security: [{ metricsToken: [] }],
  summary: "Prometheus metrics",
  description:
    "Gauges read from D1 for dashboards and alerts, in the Prometheus text format: accounts by " +
    "`role` and `status`, accounts with MFA, active sessions, sign-ups, verifications and " +
    "logins by `outcome` in the last 24 hours (from the audit trail), the last purge's time, " +
    "counts and duration, and the mail outbox's backlog. Every count reads an index only, in " +
    `one D1 round trip, and the body is reused for ${METRICS_CACHE_SECONDS} seconds (Cache ` +
    "API; `accounts_metrics_generated_timestamp_seconds` says when it was read), so a scrape " +
    "every 15 seconds costs almost nothing. Needs `Authorization: Bearer <METRICS_TOKEN>`, " +
    "compared in constant time; when `METRICS_TOKEN` is not set the endpoint does not exist " +
    "(404, as any unknown path). Not under `/v1`: it is for operators, not API clients.",
  responses: {
    200: {
      description: "The gauges (Prometheus text exposition format 0.0.4)",
      content: {
        [EXPOSITION_CONTENT_TYPE]: { schema: z.string().openapi({ example: EXAMPLE }) },
      },
    },
    401: problem(
      "No METRICS_TOKEN sent (unauthorized), or a wrong one (invalid_token); checked before anything else",
      "unauthorized",
      "invalid_token",
    ),
    404: problem("METRICS_TOKEN is not set: metrics are off", "not_found"),
    503: problem("The service is misconfigured", "unavailable"),
  },
});

export type MetricsRoute = typeof metrics;
