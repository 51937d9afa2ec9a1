import type { ContentfulStatusCode } from "hono/utils/http-status";
import { secondsUntil } from "./time";

/**
 * Every error the API can answer, by its stable machine code. The code is the contract;
 * the title is for humans and may be reworded.
 */
export const ERROR_CODES = {
  validation_failed: { status: 422, title: "Validation failed" },
  malformed_json: { status: 400, title: "Malformed JSON" },
  unsupported_media_type: { status: 415, title: "Unsupported media type" },
  payload_too_large: { status: 413, title: "Payload too large" },
  unauthorized: { status: 401, title: "Unauthorized" },
  invalid_credentials: { status: 401, title: "Invalid credentials" },
  invalid_token: { status: 401, title: "Invalid token" },
  token_reused: { status: 401, title: "Refresh token reused" },
  invalid_mfa_token: { status: 401, title: "Invalid MFA token" },
  email_not_verified: { status: 403, title: "Email not verified" },
  forbidden: { status: 403, title: "Forbidden" },
  mfa_required: { status: 403, title: "Second factor required" },
  account_banned: { status: 403, title: "Account banned" },
  not_found: { status: 404, title: "Not found" },
  method_not_allowed: { status: 405, title: "Method not allowed" },
  conflict: { status: 409, title: "Conflict" },
  last_admin: { status: 409, title: "Last admin" },
  last_owner: { status: 409, title: "Last owner" },
  account_exists: { status: 409, title: "Account exists" },
  invalid_state: { status: 400, title: "Invalid state" },
  invalid_redirect: { status: 400, title: "Invalid redirect" },
  provider_email_unverified: { status: 400, title: "Address not verified by the provider" },
  invalid_code: { status: 400, title: "Invalid code" },
  invalid_bookmark: { status: 400, title: "Invalid bookmark" },
  code_expired: { status: 400, title: "Code expired" },
  too_many_attempts: { status: 429, title: "Too many attempts" },
  rate_limited: { status: 429, title: "Rate limited" },
  internal: { status: 500, title: "Internal error" },
  unavailable: { status: 503, title: "Service unavailable" },
} as const satisfies Record<string, { status: ContentfulStatusCode; title: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;
export type ErrorStatus<C extends ErrorCode> = (typeof ERROR_CODES)[C]["status"];

export interface FieldError {
  path: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  errors?: FieldError[];
}

/** The one error type services throw; `onError` renders it as problem+json. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly status: ContentfulStatusCode;
  readonly errors?: FieldError[];
  /** Seconds, sent as `Retry-After` on 429/503. */
  readonly retryAfter?: number;
  readonly headers?: Record<string, string | string[]>;

  constructor(
    code: ErrorCode,
    detail: string,
    options: {
      errors?: FieldError[];
      retryAfter?: number;
      headers?: Record<string, string | string[]>;
    } = {},
  ) {
    super(detail);
    this.name = "ApiError";
    this.code = code;
    this.status = ERROR_CODES[code].status;
    this.errors = options.errors;
    this.retryAfter = options.retryAfter;
    this.headers = options.headers;
  }

  /** The same error with more response headers. */
  withHeaders(headers: Record<string, string | string[]>): ApiError {
    return new ApiError(this.code, this.message, {
      errors: this.errors,
      retryAfter: this.retryAfter,
      headers: { ...this.headers, ...headers },
    });
  }
}

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

/**
 * The problem's `type`: the page about its code that this Worker serves (GET /problems/{code}),
 * under `base` (PUBLIC_URL) when there is one — else a relative reference, which RFC 9457 §3.1.1
 * resolves against the request's own URL: the same Worker.
 */
export function problemType(code: ErrorCode, base = ""): string {
  return `${base}/problems/${code.replaceAll("_", "-")}`;
}

export function toProblem(error: ApiError, base?: string): Problem {
  return {
    type: problemType(error.code, base),
    title: ERROR_CODES[error.code].title,
    status: error.status,
    detail: error.message,
    code: error.code,
    ...(error.errors ? { errors: error.errors } : {}),
  };
}

export function problemResponse(error: ApiError, base?: string): Response {
  const headers = new Headers({ "Content-Type": PROBLEM_CONTENT_TYPE });
  for (const [name, value] of Object.entries(error.headers ?? {})) {
    for (const one of [value].flat()) headers.append(name, one);
  }
  if (error.retryAfter !== undefined) {
    headers.set("Retry-After", String(Math.max(1, Math.ceil(error.retryAfter))));
  }
  return new Response(JSON.stringify(toProblem(error, base)), { status: error.status, headers });
}

/** 429 `rate_limited` with a Retry-After up to `until` (or `fallbackSeconds` when unknown). */
export function rateLimitedUntil(
  detail: string,
  until: string | null | undefined,
  now: Date,
  fallbackSeconds: number,
): ApiError {
  return new ApiError("rate_limited", detail, {
    retryAfter: until ? secondsUntil(until, now) : fallbackSeconds,
  });
}
