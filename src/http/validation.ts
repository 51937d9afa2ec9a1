import type { Hook } from "@hono/zod-openapi";
import type { z } from "zod";
import { ApiError, type FieldError } from "../lib/errors";
import type { AppBindings } from "./types";

/** Zod issues as `{ path, message }` with dotted paths (`items.0.name`); one entry per unknown key. */
export function toFieldErrors(issues: readonly z.core.$ZodIssue[]): FieldError[] {
  return issues.flatMap((issue) => {
    const base = issue.path.map(String).join(".");
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({
        path: base ? `${base}.${key}` : key,
        message: "Unknown field",
      }));
    }
    return [{ path: base, message: issue.message }];
  });
}

export function validationError(issues: readonly z.core.$ZodIssue[]): ApiError {
  const errors = toFieldErrors(issues);
  const fields = [...new Set(errors.map((error) => error.path || "body"))].join(", ");
  return new ApiError("validation_failed", `The request is invalid: ${fields}.`, { errors });
}

/** Shared by every router: a failed zod validation becomes a 422 problem. */
export const defaultHook: Hook<unknown, AppBindings, string, unknown> = (result) => {
  if (!result.success) throw validationError(result.error.issues);
};
