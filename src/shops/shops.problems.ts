import { problem } from "../lib/openapi";

export const tags = ["Shops"];

export const NOT_FOUND = problem(
  "No such shop — or the caller is neither a member nor an admin (shop ids are not enumerable)",
  "not_found",
);

export const FORBIDDEN = problem(
  "The caller's role in the shop does not allow it (the rank rule: only roles strictly below one's own, for a pending invitation's role too), or an admin acting beyond their membership without the two-factor session ADMIN_MFA_REQUIRED asks",
  "forbidden",
  "mfa_required",
);

export const CHANGED = problem(
  "The shop, the membership or the invitation changed meanwhile",
  "conflict",
);
