import { OIDC_SCOPES } from "./clients";
import { redirectMatches } from "./redirects";

/**
 * An authorization request (OpenID Connect Core §3.1.2.1), checked in the order the specs ask:
 * until the client and its redirect URI are known to be good, an error is a page and never a
 * redirect (RFC 6749 §4.1.2.1: no open redirector); after that, errors go back to the client's
 * redirect URI with `error`, `state` and `iss` (RFC 9207). Only the authorization code flow,
 * with PKCE S256 for every client (RFC 9700 §2.1.1); no implicit, no `plain`, no request
 * objects. Pure: the client is read by the caller.
 */

export interface KnownClient {
  id: string;
  redirectUris: string[];
  scopes: string[];
  revoked: boolean;
}

export interface AuthorizeRequest {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  state: string | null;
  nonce: string | null;
  codeChallenge: string;
  prompt: "none" | "login" | "consent" | null;
  maxAge: number | null;
  loginHint: string | null;
}

export type Checked =
  | { ok: true; request: AuthorizeRequest }
  /** Shown as a page: the client or its redirect URI cannot be trusted with an answer. */
  | { ok: false; page: string }
  /** Sent back to the (registered, exactly matched) redirect URI. */
  | {
      ok: false;
      redirect: { uri: string; error: string; description: string; state: string | null };
    };

const CHALLENGE = /^[A-Za-z0-9_-]{43}$/;
const PROMPTS = ["none", "login", "consent"] as const;

export function checkAuthorizeRequest(
  query: Record<string, string | undefined>,
  findClient: (id: string) => KnownClient | null,
): Checked {
  const clientId = query.client_id ?? "";
  const client = clientId ? findClient(clientId) : null;
  if (!client || client.revoked) {
    return { ok: false, page: "This app is not registered with the service (unknown client_id)." };
  }
  const redirectUri = query.redirect_uri ?? "";
  if (!redirectUri || !redirectMatches(client.redirectUris, redirectUri)) {
    return {
      ok: false,
      page: "The app asked to send you back to an address it has not registered; nothing was sent.",
    };
  }
  const state = query.state ?? null;
  const back = (error: string, description: string): Checked => ({
    ok: false,
    redirect: { uri: redirectUri, error, description, state },
  });
  if (state !== null && state.length > 512) return back("invalid_request", "state is too long");
  if (query.request !== undefined) return back("request_not_supported", "no request objects");
  if (query.request_uri !== undefined) {
    return back("request_uri_not_supported", "no request objects");
  }
  if (query.response_type !== "code") {
    return back(
      "unsupported_response_type",
      "only the authorization code flow (response_type=code)",
    );
  }
  if (query.response_mode !== undefined && query.response_mode !== "query") {
    return back("invalid_request", "responses go back in the query only");
  }
  if (query.code_challenge_method !== "S256" || !CHALLENGE.test(query.code_challenge ?? "")) {
    return back(
      "invalid_request",
      "PKCE is required: code_challenge with code_challenge_method=S256",
    );
  }
  const scopes = [...new Set((query.scope ?? "").split(" ").filter(Boolean))];
  if (!scopes.includes("openid")) return back("invalid_scope", "scope must include openid");
  const unknown = scopes.filter(
    (scope) =>
      !(OIDC_SCOPES as readonly string[]).includes(scope) || !client.scopes.includes(scope),
  );
  if (unknown.length > 0) return back("invalid_scope", `not allowed: ${unknown.join(" ")}`);
  const prompt = query.prompt ?? null;
  if (prompt !== null && !(PROMPTS as readonly string[]).includes(prompt)) {
    return back("invalid_request", "prompt is none, login or consent");
  }
  let maxAge: number | null = null;
  if (query.max_age !== undefined) {
    if (!/^\d{1,9}$/.test(query.max_age))
      return back("invalid_request", "max_age is whole seconds");
    maxAge = Number(query.max_age);
  }
  const nonce = query.nonce ?? null;
  if (nonce !== null && nonce.length > 512) return back("invalid_request", "nonce is too long");
  const loginHint = query.login_hint ?? null;
  return {
    ok: true,
    request: {
      clientId: client.id,
      redirectUri,
      scopes,
      state,
      nonce,
      codeChallenge: query.code_challenge ?? "",
      prompt: prompt as AuthorizeRequest["prompt"],
      maxAge,
      loginHint: loginHint && loginHint.length <= 254 ? loginHint : null,
    },
  };
}

/** Where an error goes back to (RFC 6749 §4.1.2.1 with RFC 9207's `iss`). */
export function errorRedirect(
  redirect: { uri: string; error: string; description: string; state: string | null },
  issuer: string,
): string {
  const url = new URL(redirect.uri);
  url.searchParams.set("error", redirect.error);
  url.searchParams.set("error_description", redirect.description);
  if (redirect.state !== null) url.searchParams.set("state", redirect.state);
  url.searchParams.set("iss", issuer);
  return url.href;
}
