import { problem } from "../lib/openapi";

export const tags = ["Auth"];

export const RATE_LIMITED = problem("Too many requests; see Retry-After", "rate_limited");

// Shared by the two routes that take a code (verify, reset).
export const WRONG_CODE = problem(
  "Malformed JSON, a wrong code, or an expired code",
  "invalid_code",
  "code_expired",
  "malformed_json",
);

export const CODE_BURNED = problem(
  "The code was burned by too many failed attempts, or too many requests",
  "too_many_attempts",
  "rate_limited",
);

export const COOLDOWN = problem(
  "A mail went to this address less than 60 s ago, or too many requests; see Retry-After",
  "rate_limited",
);
