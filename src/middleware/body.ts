import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppBindings } from "../http/types";
import { ApiError } from "../lib/errors";

export const MAX_BODY_BYTES = 16 * 1024;

/** Bodies over 16 KiB are refused whether or not `Content-Length` tells the truth. */
export const limitBody: MiddlewareHandler<AppBindings> = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: () => {
    throw new ApiError(
      "payload_too_large",
      `Request bodies are limited to ${MAX_BODY_BYTES} bytes.`,
    );
  },
});
