import { randomBytes, sha256Hex, toBase64Url } from "../crypto/encoding";
import { batch } from "../db/client";
import { linkTickets } from "../db/schema";
import type { Deps } from "../deps";
import { isoIn } from "../lib/time";
import type { AuthSession, AuthUser } from "../lib/types";
import { proveStepUp } from "../security/step-up";
import { findProvider } from "./providers";
import { checkedRedirect } from "./sign-in";

/** How long the browser has to open a link URL. */
export const LINK_TICKET_TTL_SECONDS = 120;

/**
 * Linking a provider is a binding (a new way in), so it starts with a step-up proof
 * (security/step-up.ts). The answer is a URL for a top-level navigation — the browser, not the
 * app's fetch, must hold the flow's cookie — carrying a one-time ticket (2 minutes, stored as a
 * digest) that names this account; the start spends it.
 */
export async function requestLink(
  deps: Deps,
  user: AuthUser,
  session: AuthSession,
  input: { provider: string; password?: string; redirectTo: string; origin: string },
): Promise<{ linkUrl: string; expiresAt: string }> {
  const provider = findProvider(deps.config, input.provider);
  const redirect = checkedRedirect(deps, input.redirectTo);
  const now = new Date();
  await proveStepUp(deps.db, deps.config, user, session, { password: input.password }, now);
  const ticket = toBase64Url(randomBytes(32));
  const expiresAt = isoIn(now, LINK_TICKET_TTL_SECONDS);
  await batch(deps.db, [
    deps.db.insert(linkTickets).values({
      digest: await sha256Hex(ticket),
      userId: user.id,
      provider: provider.id,
      expiresAt,
    }),
  ] as const);
  const url = new URL(`${input.origin}/v1/auth/oauth/${provider.id}/start`);
  url.searchParams.set("redirect_to", redirect.href);
  url.searchParams.set("link", ticket);
  return { linkUrl: url.href, expiresAt };
}
