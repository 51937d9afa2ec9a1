import type { Hono } from "hono";
import type { AppBindings } from "../http/types";
import { ERROR_CODES, type ErrorCode } from "../lib/errors";

/**
 * GET /problems and /problems/{code}: the page each problem's `type` URI names (RFC 9457 §3.1.1),
 * under PUBLIC_URL when it is set (http/on-error.ts), else relative to the API's own origin —
 * this Worker either way. What the code means and what a client or a person does about it.
 */
const HELP: Record<ErrorCode, string> = {
  validation_failed:
    "A field is missing, malformed or out of range; `errors` lists each one by its path. Fix the request and send it again.",
  malformed_json:
    "The body is not valid JSON. Send a JSON object with Content-Type: application/json.",
  unsupported_media_type: "The body must be application/json.",
  payload_too_large: "Request bodies are limited to 16 KiB.",
  unauthorized: "The request needs a bearer access token (Authorization: Bearer …) and has none.",
  invalid_credentials:
    "The email and password do not match an account — or the password is wrong. The answer is the same either way, so it reveals nothing.",
  invalid_token:
    "The access or refresh token is invalid, expired or revoked. Refresh the access token; if the refresh token fails too, sign in again.",
  token_reused:
    "A refresh token was used twice: the session it belonged to has been ended, since one of the two uses may have been a thief's. Sign in again.",
  invalid_mfa_token:
    "The mfa_token is unknown, expired (5 minutes), used, or out of attempts. Sign in again.",
  email_not_verified:
    "The address has not been verified yet: enter the code that was mailed to it.",
  forbidden: "The caller may not do this: a role, a shop membership or a rank is missing.",
  mfa_required:
    "This needs a two-factor session (ADMIN_MFA_REQUIRED): sign in with an authenticator app, a recovery code or a passkey. A texted code does not count here.",
  account_banned:
    "The account is suspended by an administrator; sign-in is refused until the ban ends.",
  not_found: "No such resource, or none the caller may see.",
  method_not_allowed:
    "The path exists but not with this method; the Allow header lists the methods it takes.",
  conflict:
    "The request clashes with the current state (already done, changed meanwhile). Read the state and decide again.",
  last_admin: "The last active admin cannot be removed or demoted: promote another admin first.",
  last_owner: "A shop keeps at least one owner: make someone else an owner first.",
  account_exists:
    "An account already uses this address. Sign in to it (and link the provider from there) instead of creating another.",
  invalid_state:
    "The sign-in flow's state is unknown, expired or from another browser. Start the sign-in again.",
  invalid_redirect: "The redirect target is not one of the configured origins.",
  provider_email_unverified:
    "The provider did not vouch for the address, so no account was made or matched. Verify it at the provider or sign up with it here.",
  invalid_code:
    "The code is wrong, already used, or was never sent. Check it, or ask for a new one.",
  invalid_bookmark: "The x-d1-bookmark header is not one this service issued.",
  code_expired: "The code has expired. Ask for a new one.",
  too_many_attempts:
    "Too many wrong tries: this code or token is void, or the account waits; Retry-After says how long.",
  rate_limited: "Too many requests; Retry-After says when to try again.",
  internal:
    "Something went wrong on the service's side. Retrying later may work; the request id helps the operators.",
  unavailable:
    "A part of the service is off or its provider is unreachable (the detail names which). Retry later, or use another way in.",
};

/** Plain HTML with the reset page's stylesheet: nothing to run. */
const CSP =
  "default-src 'none'; style-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export const codeFromSlug = (slug: string): ErrorCode | null => {
  const code = slug.replaceAll("-", "_");
  // Own keys only: `in` would take "constructor" or "__proto__" for a code.
  return Object.hasOwn(ERROR_CODES, code) ? (code as ErrorCode) : null;
};

function Page(props: { title: string; children: unknown }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title}</title>
        <link rel="stylesheet" href="/reset.css" />
      </head>
      <body>
        <main>{props.children}</main>
      </body>
    </html>
  );
}

export function problemPages(app: Hono<AppBindings>): void {
  app.get("/problems", (c) => {
    c.header("Content-Security-Policy", CSP);
    c.header("Cache-Control", "public, max-age=3600");
    return c.html(
      <Page title="Problems the API answers">
        <h1>Problems the API answers</h1>
        <p>
          Every error is <code>application/problem+json</code> (RFC 9457) with a stable{" "}
          <code>code</code>; its <code>type</code> links here.
        </p>
        <ul>
          {(Object.keys(ERROR_CODES) as ErrorCode[]).map((code) => (
            <li>
              <a href={`/problems/${code.replaceAll("_", "-")}`}>
                <code>{code}</code>
              </a>{" "}
              — {ERROR_CODES[code].title} ({ERROR_CODES[code].status})
            </li>
          ))}
        </ul>
      </Page>,
    );
  });
  app.get("/problems/:slug", (c) => {
    c.header("Content-Security-Policy", CSP);
    const code = codeFromSlug(c.req.param("slug"));
    if (!code) {
      return c.html(
        <Page title="No such problem">
          <h1>No such problem</h1>
          <p>
            See <a href="/problems">every problem the API answers</a>.
          </p>
        </Page>,
        404,
      );
    }
    c.header("Cache-Control", "public, max-age=3600");
    const { status, title } = ERROR_CODES[code];
    return c.html(
      <Page title={`${title} — ${code}`}>
        <h1>{title}</h1>
        <p>
          Code <code>{code}</code>, HTTP {status}
        </p>
        <p>{HELP[code]}</p>
        <p>
          <a href="/problems">Every problem the API answers</a>
        </p>
      </Page>,
    );
  });
}
