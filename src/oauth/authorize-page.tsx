import { type Context, Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { FC } from "hono/jsx";
import { z } from "zod";
import { RESET_CSS } from "../auth/reset-assets";
import { login } from "../auth/sign-in";
import { verifyPublishedJwt } from "../crypto/tokens";
import type { Deps } from "../deps";
import { depsOf } from "../http/deps";
import type { AppBindings } from "../http/types";
import { ApiError } from "../lib/errors";
import { verifyChallenge } from "../mfa/second-step";
import { requireConfig } from "../middleware/config";
import { formGuards } from "../middleware/form-guards";
import { providerSessionAnswers } from "../security/assurance";
import type { SignedIn } from "../sessions/store";
import { type AuthorizeRequest, checkAuthorizeRequest, errorRedirect } from "./authorize-request";
import {
  type BrowserSession,
  consentCovers,
  endBrowserSession,
  issueCode,
  type KnownProviderClient,
  keepBrowserSession,
  OP_COOKIE,
  readAuthorization,
} from "./browser";
import { type Provider, providerOf } from "./provider";
import { redirectMatches } from "./redirects";

/**
 * The provider's pages for people (docs/openid-provider.md): `/oauth/authorize` signs the person
 * in (password, then the second step) and asks their consent for a third-party app, then sends
 * the browser back to the app with `code`, `state` and `iss`. The request travels in the query
 * of every form (each post checks it again, from scratch); the forms work without script (the
 * SPEC fixes their fields: `email` and `password`, `consent=allow|deny`). An unknown client or a
 * redirect URI that is not an exact registered match is a page here and never a redirect. The
 * pages keep the console's rules: CSP without inline script or style, no framing, no referrer,
 * forms from this origin only, the API's per-IP login limit.
 */

const CSP =
  "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; " +
  "frame-ancestors 'none'; base-uri 'none'";

const SignInForm = z.object({
  email: z.string().trim().toLowerCase().min(3).max(254),
  password: z.string().min(1).max(1024),
});
const SecondForm = z.object({
  mfa_token: z.string().min(1).max(512),
  code: z.string().trim().min(6).max(32),
});
const ConsentForm = z.object({ consent: z.enum(["allow", "deny"]) });

const SCOPE_TEXT: Record<string, string> = {
  openid: "Know who you are (your account id)",
  profile: "See your name",
  email: "See your email address",
  offline_access: "Stay signed in when you are not using it",
  shops: "See the coffee shops you belong to and your role in each",
};

const Page: FC<{ title: string; children?: unknown }> = ({ title, children }) => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="referrer" content="no-referrer" />
      <title>{title} — Coffee Shop</title>
      <link rel="icon" href="/console/favicon.svg" type="image/svg+xml" />
      <link rel="stylesheet" href="/oauth/page.css" />
    </head>
    <body>
      <main>
        <h1>{title}</h1>
        {children}
      </main>
    </body>
  </html>
);

const Problem: FC<{ error?: string | undefined }> = ({ error }) =>
  error ? (
    <p role="alert" id="problem">
      {error}
    </p>
  ) : null;

const SignInPage: FC<{ client: string; query: string; email?: string; error?: string }> = (
  props,
) => (
  <Page title="Sign in">
    <Problem error={props.error} />
    <p>
      to continue to <strong>{props.client}</strong>. Your password is typed here, on the Coffee
      Shop account service, and never given to the app.
    </p>
    <form method="post" action={`/oauth/authorize${props.query}`}>
      <label for="email">Email address</label>
      <input
        id="email"
        name="email"
        type="email"
        autocomplete="username"
        required
        value={props.email}
      />
      <label for="password">Password</label>
      <input
        id="password"
        name="password"
        type="password"
        autocomplete="current-password"
        required
      />
      <button type="submit">Sign in</button>
    </form>
    <p>
      <a href="/reset">Forgot your password?</a>
    </p>
  </Page>
);

const SecondStepPage: FC<{ query: string; mfaToken: string; error?: string }> = (props) => (
  <Page title="Your second step">
    <Problem error={props.error} />
    <p>Enter a code from your authenticator app, or one of your recovery codes.</p>
    <form method="post" action={`/oauth/authorize/mfa${props.query}`}>
      <input type="hidden" name="mfa_token" value={props.mfaToken} />
      <label for="code">Code</label>
      <input id="code" name="code" autocomplete="one-time-code" inputmode="text" required />
      <button type="submit">Continue</button>
    </form>
  </Page>
);

const ConsentPage: FC<{ client: string; query: string; scopes: string[]; email: string }> = (
  props,
) => (
  <Page title={`Allow ${props.client}?`}>
    <p>
      Signed in as <strong>{props.email}</strong>. <strong>{props.client}</strong> asks to:
    </p>
    <ul>
      {props.scopes.map((scope) => (
        <li>{SCOPE_TEXT[scope] ?? scope}</li>
      ))}
    </ul>
    <p>You can take this back at any time by ending its session in your account.</p>
    <form method="post" action={`/oauth/authorize/consent${props.query}`}>
      <button type="submit" name="consent" value="allow">
        Allow
      </button>
      <button type="submit" name="consent" value="deny" class="secondary">
        Deny
      </button>
    </form>
  </Page>
);

const ErrorPage: FC<{ message: string }> = ({ message }) => (
  <Page title="This sign-in cannot go on">
    <p role="alert" id="problem">
      {message}
    </p>
    <p>Go back to the app and try again; if it keeps happening, tell the app's makers.</p>
  </Page>
);

export const authorizePages = new Hono<AppBindings>();

authorizePages.use("/oauth/*", async (c, next) => {
  await next();
  if ((c.res.headers.get("Content-Type") ?? "").startsWith("text/html")) {
    c.res.headers.set("Content-Security-Policy", CSP);
    c.res.headers.set("Cache-Control", "no-store");
  }
});
for (const path of ["/oauth/authorize", "/oauth/authorize/*", "/oauth/logout"]) {
  authorizePages.use(path, requireConfig);
}

authorizePages.get("/oauth/page.css", (c) =>
  c.body(RESET_CSS, 200, {
    "Content-Type": "text/css; charset=utf-8",
    "Cache-Control": "public, max-age=3600",
  }),
);

const guarded = formGuards("LOGIN_IP_LIMITER", (c, message, status) =>
  c.html(<ErrorPage message={message} />, status),
);

type Checked =
  | {
      ok: true;
      provider: Provider;
      request: AuthorizeRequest;
      client: KnownProviderClient;
      browser: BrowserSession | null;
      consentedScope: string | null;
    }
  | { ok: false; response: Response | Promise<Response> };

/** The request in the query, checked from scratch, with what D1 knows about it (one read). */
async function checked(c: Context<AppBindings>, deps: Deps): Promise<Checked> {
  let provider: Provider;
  try {
    provider = providerOf(deps.config);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return {
      ok: false,
      response: c.html(<ErrorPage message="Signing in to other apps is not set up here." />, 503),
    };
  }
  const query = c.req.query();
  const found = await readAuthorization(
    deps,
    query.client_id ?? "",
    getCookie(c, OP_COOKIE, "host"),
  );
  const result = checkAuthorizeRequest(query, () => found.client);
  if (!result.ok) {
    if ("page" in result) {
      return { ok: false, response: c.html(<ErrorPage message={result.page} />, 400) };
    }
    return {
      ok: false,
      response: c.redirect(errorRedirect(result.redirect, provider.issuer), 302),
    };
  }
  return {
    ok: true,
    provider,
    request: result.request,
    client: found.client as KnownProviderClient,
    browser: found.browser,
    consentedScope: found.consentedScope,
  };
}

function back(c: Context<AppBindings>, state: Checked & { ok: true }, error: string, text: string) {
  const { request, provider } = state;
  return c.redirect(
    errorRedirect(
      { uri: request.redirectUri, error, description: text, state: request.state },
      provider.issuer,
    ),
    302,
  );
}

function search(c: Context<AppBindings>): string {
  return new URL(c.req.url).search;
}

/**
 * The decision after the request and the browser session are known: sign in, ask consent, or
 * issue the code and send the browser back.
 */
async function proceed(
  c: Context<AppBindings>,
  deps: Deps,
  state: Checked & { ok: true },
  options: { justSignedIn?: boolean; consent?: "given" } = {},
): Promise<Response> {
  const { request, client, browser } = state;
  const answers =
    browser !== null &&
    (options.justSignedIn ||
      providerSessionAnswers(
        browser.user,
        { amr: browser.amr, authTime: browser.authTime },
        request,
        new Date(),
      ));
  if (!browser || !answers) {
    if (request.prompt === "none") return back(c, state, "login_required", "Sign-in is needed.");
    return c.html(
      <SignInPage
        client={client.name}
        query={search(c)}
        email={browser?.user.email ?? request.loginHint ?? undefined}
      />,
    );
  }
  const consentNeeded =
    !client.firstParty &&
    options.consent !== "given" &&
    (request.prompt === "consent" || !consentCovers(state.consentedScope, request.scopes));
  if (consentNeeded) {
    if (request.prompt === "none") {
      return back(c, state, "consent_required", "The person has not allowed this app yet.");
    }
    return c.html(
      <ConsentPage
        client={client.name}
        query={search(c)}
        scopes={request.scopes}
        email={browser.user.email}
      />,
    );
  }
  const code = await issueCode(deps, browser, request, options.consent ?? "none");
  if (!code) {
    return c.html(
      <SignInPage
        client={client.name}
        query={search(c)}
        error="Your session ended: sign in again."
      />,
    );
  }
  const to = new URL(request.redirectUri);
  to.searchParams.set("code", code);
  if (request.state !== null) to.searchParams.set("state", request.state);
  to.searchParams.set("iss", state.provider.issuer);
  return c.redirect(to.href, 302);
}

authorizePages.get("/oauth/authorize", async (c) => {
  const deps = depsOf(c);
  const state = await checked(c, deps);
  if (!state.ok) return state.response;
  return proceed(c, deps, state);
});

/** After a sign-in on the page: keep the browser session, then go on as a signed-in browser. */
async function signedInHere(
  c: Context<AppBindings>,
  deps: Deps,
  state: Checked & { ok: true },
  signed: SignedIn,
) {
  const cookie = await keepBrowserSession(deps, signed);
  if (!cookie) throw new ApiError("invalid_token", "Your session ended: sign in again.");
  const maxAge = Math.min(signed.refreshMaxAge, deps.config.sessionMaxAgeSeconds);
  setCookie(c, OP_COOKIE, cookie, {
    prefix: "host",
    httpOnly: true,
    secure: true,
    sameSite: "Lax",
    path: "/",
    maxAge,
  });
  const found = await readAuthorization(deps, state.client.id, cookie);
  return proceed(
    c,
    deps,
    { ...state, browser: found.browser, consentedScope: found.consentedScope },
    { justSignedIn: true },
  );
}

authorizePages.post("/oauth/authorize", ...guarded, async (c) => {
  const deps = depsOf(c);
  const state = await checked(c, deps);
  if (!state.ok) return state.response;
  const page = (error: string, status: 400 | 401 | 403 | 429 | 503, email?: string) =>
    c.html(
      <SignInPage client={state.client.name} query={search(c)} error={error} email={email} />,
      status,
    );
  const parsed = SignInForm.safeParse(await c.req.parseBody());
  if (!parsed.success) return page("Fill in your address and your password.", 400);
  const { email, password } = parsed.data;
  try {
    const first = await login(deps, { email, password, transport: "body" });
    if (first.kind === "mfa") {
      return c.html(<SecondStepPage query={search(c)} mfaToken={first.challenge.mfa_token} />);
    }
    return await signedInHere(c, deps, state, first.signedIn);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const status = [400, 401, 403, 429, 503].includes(error.status) ? error.status : 400;
    return page(error.message, status as 400, email);
  }
});

authorizePages.post("/oauth/authorize/mfa", ...guarded, async (c) => {
  const deps = depsOf(c);
  const state = await checked(c, deps);
  if (!state.ok) return state.response;
  const parsed = SecondForm.safeParse(await c.req.parseBody());
  if (!parsed.success) {
    return c.html(
      <SignInPage client={state.client.name} query={search(c)} error="Start again: sign in." />,
      400,
    );
  }
  const { mfa_token, code } = parsed.data;
  try {
    const recovery = !/^\d{6}$/.test(code);
    const signed = await verifyChallenge(deps, {
      mfaToken: mfa_token,
      ...(recovery ? { recoveryCode: code } : { code }),
      transport: "body",
    });
    return await signedInHere(c, deps, state, signed);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (error.code === "invalid_code") {
      return c.html(
        <SecondStepPage query={search(c)} mfaToken={mfa_token} error={error.message} />,
        400,
      );
    }
    return c.html(
      <SignInPage client={state.client.name} query={search(c)} error={error.message} />,
      400,
    );
  }
});

authorizePages.post("/oauth/authorize/consent", ...guarded, async (c) => {
  const deps = depsOf(c);
  const state = await checked(c, deps);
  if (!state.ok) return state.response;
  const parsed = ConsentForm.safeParse(await c.req.parseBody());
  if (!parsed.success) return proceed(c, deps, state);
  if (parsed.data.consent === "deny") {
    return back(c, state, "access_denied", "The person did not allow it.");
  }
  return proceed(c, deps, state, { consent: "given" });
});

/**
 * RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0). With an `id_token_hint` this
 * provider signed, the browser's session here and the grant the token names end at once, and the
 * browser goes to `post_logout_redirect_uri` when it is one of that client's registered redirect
 * URIs (exact match), with `state`. Without a hint, a page asks first (a cross-site link alone
 * must not sign anyone out).
 */
async function logoutHint(
  deps: Deps,
  hint: string | undefined,
): Promise<{ sub: string; sid: string; aud: string } | null> {
  if (!hint) return null;
  let provider: Provider;
  try {
    provider = providerOf(deps.config);
  } catch {
    return null;
  }
  const claims = await verifyPublishedJwt(provider.tokens, hint, provider.issuer);
  const { sub, sid, aud } = claims ?? {};
  if (typeof sub !== "string" || typeof sid !== "string" || typeof aud !== "string") return null;
  return { sub, sid, aud };
}

const SignedOut: FC = () => (
  <Page title="You are signed out">
    <p>You are signed out of the Coffee Shop account service in this browser.</p>
  </Page>
);

authorizePages.get("/oauth/logout", async (c) => {
  const deps = depsOf(c);
  const query = c.req.query();
  const hint = await logoutHint(deps, query.id_token_hint);
  if (!hint) {
    return c.html(
      <Page title="Sign out?">
        <p>Sign out of the Coffee Shop account service in this browser?</p>
        <form method="post" action="/oauth/logout">
          <button type="submit">Sign out</button>
        </form>
      </Page>,
    );
  }
  await endBrowserSession(deps, getCookie(c, OP_COOKIE, "host"), {
    sessionId: hint.sid,
    userId: hint.sub,
  });
  deleteCookie(c, OP_COOKIE, { prefix: "host", secure: true, path: "/" });
  const to = query.post_logout_redirect_uri;
  if (to) {
    const found = await readAuthorization(deps, hint.aud, undefined);
    if (found.client && !found.client.revoked && redirectMatches(found.client.redirectUris, to)) {
      const url = new URL(to);
      if (query.state) url.searchParams.set("state", query.state.slice(0, 512));
      return c.redirect(url.href, 302);
    }
  }
  return c.html(<SignedOut />);
});

authorizePages.post("/oauth/logout", ...guarded, async (c) => {
  const deps = depsOf(c);
  await endBrowserSession(deps, getCookie(c, OP_COOKIE, "host"), null);
  deleteCookie(c, OP_COOKIE, { prefix: "host", secure: true, path: "/" });
  return c.html(<SignedOut />);
});
