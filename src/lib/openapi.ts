import { z } from "@hono/zod-openapi";
import { ERROR_CODES, type ErrorCode, PROBLEM_CONTENT_TYPE, problemType } from "./errors";

/** The shared `limit` bounds of every list (see db/pagination.ts). */
export const PAGE_LIMIT_DEFAULT = 50;
export const PAGE_LIMIT_MAX = 100;

export const ProblemSchema = z
  .object({
    type: z
      .string()
      .openapi({ example: problemType("validation_failed", "https://accounts.example") }),
    title: z.string().openapi({ example: "Validation failed" }),
    status: z.number().int().openapi({ example: 422 }),
    detail: z.string().openapi({ example: "The request is invalid: email." }),
    code: z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]).openapi({
      description: "Stable machine-readable error code; branch on this, not on the text.",
    }),
    errors: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .openapi({ description: "Field errors (validation_failed only); `path` is dotted." }),
  })
  .openapi("Problem", { description: "RFC 9457 problem details." });

/**
 * An OpenAPI response entry for problem+json, listing the codes it can carry, with one named
 * example per code.
 */
export function problem(description: string, ...codes: [ErrorCode, ...ErrorCode[]]) {
  const examples = Object.fromEntries(
    codes.map((code) => {
      const { status, title } = ERROR_CODES[code];
      const value = {
        type: problemType(code, "https://accounts.example"),
        title,
        status,
        detail: description,
        code,
      };
      return [code, { summary: title, value }];
    }),
  );
  return {
    description: `${description} (code: ${codes.map((code) => `\`${code}\``).join(", ")})`,
    content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema, examples } },
  };
}

/** `security` of the routes anyone may call (stated, so no reader wonders). */
export const PUBLIC: [] = [];
/** `security` of the routes that need an access token. */
export const BEARER = [{ bearerAuth: [] }];

export function jsonContent<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { "application/json": { schema } } };
}

/** A JSON request body; `required: false` lets a client send no body at all (then `{}`). */
export function jsonBody<T extends z.ZodType>(
  schema: T,
  description?: string,
  options: { required: boolean } = { required: true },
) {
  return {
    required: options.required,
    ...(description ? { description } : {}),
    content: { "application/json": { schema } },
  };
}

/** The 401 of every route behind `bearerAuth`. */
export const UNAUTHENTICATED = problem(
  "Missing, invalid, expired or revoked access token",
  "unauthorized",
  "invalid_token",
);

/** The 401 of a route that checks the caller's password as well as their access token. */
export const WRONG_PASSWORD = problem(
  "Wrong password, or a missing/invalid access token",
  "invalid_credentials",
  "unauthorized",
  "invalid_token",
);

/** The 401 and 403 of every admin route (authorized on the role stored now, not the claim). */
export const ADMIN_ERRORS = {
  401: UNAUTHENTICATED,
  403: problem(
    "The caller is not an admin (as stored now, not as claimed), or — with ADMIN_MFA_REQUIRED=on — their session has one factor only (aal1)",
    "forbidden",
    "mfa_required",
  ),
} as const;

/**
 * The 400 of the routes whose reads may be a moment stale (middleware/stale-reads.ts): they take
 * an optional `x-d1-bookmark` request header and answer one.
 */
export const BOOKMARK_ERRORS = {
  400: problem(
    "The x-d1-bookmark header is not a D1 bookmark (send back the one a response carried)",
    "invalid_bookmark",
  ),
} as const;

/** Responses every API route can give, whatever it does. */
export const COMMON_ERRORS = {
  500: problem("Unexpected error or misconfigured service", "internal"),
} as const;

/** Responses every route with a JSON body can give. */
export const BODY_ERRORS = {
  400: problem("The body is not valid JSON", "malformed_json"),
  413: problem("The body is larger than 16 KiB", "payload_too_large"),
  415: problem("The body is not application/json", "unsupported_media_type"),
  422: problem("The body failed validation; see `errors`", "validation_failed"),
} as const;

export const PageLimit = z.coerce
  .number()
  .int()
  .min(1)
  .max(PAGE_LIMIT_MAX)
  .default(PAGE_LIMIT_DEFAULT)
  .openapi({ description: `Page size, 1–${PAGE_LIMIT_MAX}.`, example: PAGE_LIMIT_DEFAULT });

export const PageCursor = z
  .string()
  .max(1024)
  .optional()
  .openapi({ description: "`next_cursor` of the previous page; opaque. Omit for the first page." });
