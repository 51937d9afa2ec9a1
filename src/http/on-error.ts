import type { ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { ApiError, type ErrorCode, problemResponse } from "../lib/errors";
import { errorName, log } from "../lib/log";
import type { AppBindings } from "./types";

// Errors raised by Hono itself (validator, media-type gate) carry only a status.
const HTTP_EXCEPTIONS: Record<number, [ErrorCode, string]> = {
  400: ["malformed_json", "The request body is not valid JSON."],
  401: ["unauthorized", "Authentication is required."],
  413: ["payload_too_large", "The request body is too large."],
  415: ["unsupported_media_type", "Send the request body as application/json."],
};

/** The single error path: everything becomes problem+json; internals only reach the log. */
export const onError: ErrorHandler<AppBindings> = (error, c) => {
  // The problem's `type` links to its page under PUBLIC_URL (relative without one).
  const base = c.get("config")?.publicUrl;
  if (error instanceof ApiError) return problemResponse(error, base);
  if (error instanceof HTTPException) {
    const mapped = HTTP_EXCEPTIONS[error.status];
    if (mapped) return problemResponse(new ApiError(mapped[0], mapped[1]), base);
  }
  // Never the message: database drivers put the bound parameters (emails, digests) in it.
  log("error", "unhandled error", { request_id: c.get("requestId"), error: errorName(error) });
  return problemResponse(new ApiError("internal", "Something went wrong on our side."), base);
};

export const notFound: NotFoundHandler<AppBindings> = (c) =>
  problemResponse(new ApiError("not_found", "No such resource."), c.get("config")?.publicUrl);

export function methodNotAllowedResponse(allowed: string[]): Response {
  return problemResponse(
    new ApiError("method_not_allowed", `Allowed methods: ${allowed.join(", ")}.`, {
      headers: { Allow: allowed.join(", ") },
    }),
  );
}
