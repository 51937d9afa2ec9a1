import { type Context, Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { FC } from "hono/jsx";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { z } from "zod";
import { requestLoginCode, verifyLoginCode } from "../auth/email-code";
import { login } from "../auth/sign-in";
import { randomBytes, sha256Hex, toBase64Url } from "../crypto/encoding";
import { verifyPublishedJwt } from "../crypto/tokens";
import type { Deps } from "../deps";
import { depsOf } from "../http/deps";
import type { AppBindings } from "../http/types";
import {
  BROWSER_COOKIE,
  exchangeLoginCode,
  PROVIDER_PAGE_RETURN,
  STATE_TTL_SECONDS,
  startSignIn,
} from "../identities/sign-in";
import { ApiError } from "../lib/errors";
import { verifyChallenge } from "../mfa/second-step";
import { textSignInCode } from "../mfa/sms";
import { requireConfig } from "../middleware/config";
import { formGuards } from "../middleware/form-guards";
import { asset, PAGE_CSS, PersonPage, Problem } from "../middleware/person-pages";
import { PASSKEY_JS } from "../passkeys/browser-script";
import { signInWithPasskey } from "../passkeys/sign-in";
import { providerSessionAnswers } from "../security/assurance";
import type { FirstFactor } from "../sessions/challenge";
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
  "default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self'; connect-src 'self'; " +
  "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** How long a social sign-in started here may take to come back (the provider's own state: 10 min). */
const SOCIAL_BIND_SECONDS = 600;
const SOCIAL_COOKIE = "op_social";

const SignInForm = z.object({
  email: z.string().trim().toLowerCase().min(3).max(254),
  password: z.string().min(1).max(1024),
});
const SecondForm = z.object({
  mfa_token: z.string().min(1).max(512),
  code: z.string().trim().min(6).max(32),
  sms: z.literal("1").optional(),
});
const SmsForm = z.object({ mfa_token: z.string().min(1).max(512) });
const EmailForm = z.object({ email: z.string().trim().toLowerCase().min(3).max(254) });
const EmailCodeForm = z.object({
  email: z.string().trim().toLowerCase().min(3).max(254),
  code: z.string().trim().min(6).max(32),
});
const PasskeyForm = z.object({ response: z.string().min(2).max(16_384) });
const ConsentForm = z.object({ consent: z.enum(["allow", "deny"]) });

const SCOPE_TEXT: Record<string, string> = {
  openid: "Know who you are (your account id)",
  profile: "See your name",
  email: "See your email address",
  offline_access: "Stay signed in when you are not using it",
  shops: "See the coffee shops you belong to and your role in each",
};

const Page: FC<{ title: string; script?: boolean; children?: unknown }> = ({
  title,
  script,
  children,
}) => (
  <PersonPage
    title={title}
    stylesheet="/oauth/page.css"
    script={script ? "/oauth/passkey.js" : undefined}
  >
    {children}
  </PersonPage>
);

interface SignInOptions {
  client: string;
  query: string;
  email?: string | undefined;
  error?: string | undefined;
  emailCode: boolean;
  providers: { id: string; name: string }[];
}

const SignInPage: FC<SignInOptions> = (props) => (
  <Page title="Sign in" script>
    <Problem error={props.error} />
    <p>
      to continue to <strong>{props.client}</strong>. You sign in here, on the Coffee Shop account
      service: the app never sees your password.
    </p>
    <form method="post" action={`/oauth/authorize${props.query}`}>
      <label for="email">Email address</label>
      <input
        id="email"
        name="email"
        type="email"
        autocomplete="username webauthn"
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
    <h2>Other ways to sign in</h2>
    <form method="post" action={`/oauth/authorize/passkey${props.query}`} id="passkey-form">
      <input type="hidden" name="response" id="passkey-response" />
      <button type="button" id="passkey" class="secondary" hidden>
        Sign in with a passkey
      </button>
      <p id="passkey-status" role="status" />
    </form>
    {props.emailCode ? (
      <form method="post" action={`/oauth/authorize/email-code${props.query}`}>
        <label for="code-email">Email me a sign-in code instead</label>
        <input
          id="code-email"
          name="email"
          type="email"
          autocomplete="email"
          required
          value={props.email}
        />
        <button type="submit" class="secondary">
          Email me a code
        </button>
      </form>
    ) : null}
    {props.providers.map((provider) => (
      <p>
        <a
          class="provider"
          href={`/oauth/authorize/social/${encodeURIComponent(provider.id)}/start${props.query}`}
        >
          Continue with {provider.name}
        </a>
      </p>
    ))}
  </Page>
);

const EmailCodePage: FC<{ query: string; email: string; error?: string }> = (props) => (
  <Page title="Check your mail">
    <Problem error={props.error} />
    <p>
      If {props.email} has an account here, a sign-in code is on its way. It works for 10 minutes.
    </p>
    <form method="post" action={`/oauth/authorize/email-code/verify${props.query}`}>
      <input type="hidden" name="email" value={props.email} />
      <label for="code">Code from the mail</label>
      <input id="code" name="code" autocomplete="one-time-code" inputmode="numeric" required />
      <button type="submit">Sign in</button>
    </form>
  </Page>
);

const SecondStepPage: FC<{
  query: string;
  mfaToken: string;
  error?: string | undefined;
  texted?: string | undefined;
  sms: boolean;
}> = (props) => (
  <Page title="Your second step">
    <Problem error={props.error} />
    {props.texted ? (
      <p role="status">{props.texted} Enter it below.</p>
    ) : (
      <p>Enter a code from your authenticator app, or one of your recovery codes.</p>
    )}
    <form method="post" action={`/oauth/authorize/mfa${props.query}`}>
      <input type="hidden" name="mfa_token" value={props.mfaToken} />
      {props.texted ? <input type="hidden" name="sms" value="1" /> : null}
      <label for="code">Code</label>
      <input id="code" name="code" autocomplete="one-time-code" required />
      <button type="submit">Continue</button>
    </form>
    {props.sms && !props.texted ? (
      <form method="post" action={`/oauth/authorize/mfa/sms${props.query}`}>
        <input type="hidden" name="mfa_token" value={props.mfaToken} />
        <button type="submit" class="secondary">
          Text me a code instead
        </button>
      </form>
    ) : null}
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
    if (!c.res.headers.has("Content-Security-Policy")) {
      c.res.headers.set("Content-Security-Policy", CSP);
    }
    c.res.headers.set("Cache-Control", "no-store");
  }
});

/**
 * The pages' policy once the request is known good: its forms may also lead to the app's exact
 * redirect URI (browsers apply `form-action` to the redirect that ends a form post — the code
 * goes back that way). The URI was matched exactly against the client's registration: an https
 * or loopback origin, or a private-use scheme.
 */
function cspFor(redirectUri: string): string {
  const url = new URL(redirectUri);
  const target = url.protocol === "https:" || url.protocol === "http:" ? url.origin : url.protocol;
  return CSP.replace("form-action 'self'", `form-action 'self' ${target}`);
}
for (const path of ["/oauth/authorize", "/oauth/authorize/*", "/oauth/logout"]) {
  authorizePages.use(path, requireConfig);
}

authorizePages.get("/oauth/page.css", asset(PAGE_CSS, "css"));
authorizePages.get("/oauth/passkey.js", asset(PASSKEY_JS, "js"));

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

type Ready = Checked & { ok: true };

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
  c.header("Content-Security-Policy", cspFor(result.request.redirectUri));
  return {
    ok: true,
    provider,
    request: result.request,
    client: found.client as KnownProviderClient,
    browser: found.browser,
    consentedScope: found.consentedScope,
  };
}

function back(c: Context<AppBindings>, state: Ready, error: string, text: string) {
  const { request, provider } = state;
  return c.redirect(
    errorRedirect(
      { uri: request.redirectUri, error, description: text, state: request.state },
      provider.issuer,
    ),
    302,
  );
}

/** Parameters of this page's own, never carried on into the next form. */
const OWN_PARAMS = ["login_code", "bind", "error"];

/** The authorization request's query, carried by every form of the pages. */
function search(c: Context<AppBindings>): string {
  const params = new URL(c.req.url).searchParams;
  for (const name of OWN_PARAMS) params.delete(name);
  return `?${params}`;
}

function signInPage(
  c: Context<AppBindings>,
  deps: Deps,
  state: Ready,
  options: {
    error?: string;
    email?: string | null;
    status?: ContentfulStatusCode;
  } = {},
) {
  return c.html(
    <SignInPage
      client={state.client.name}
      query={search(c)}
      error={options.error}
      email={options.email ?? state.request.loginHint ?? undefined}
      emailCode={deps.config.emailCodeLogin}
      providers={deps.config.identityProviders.map((p) => ({ id: p.id, name: p.name ?? p.id }))}
    />,
    options.status ?? 200,
  );
}

function secondStepPage(
  c: Context<AppBindings>,
  deps: Deps,
  options: { mfaToken: string; error?: string; texted?: string; status?: 200 | 400 | 429 },
) {
  return c.html(
    <SecondStepPage
      query={search(c)}
      mfaToken={options.mfaToken}
      error={options.error}
      texted={options.texted}
      sms={deps.config.sms.provider !== "off"}
    />,
    options.status ?? 200,
  );
}

/** An API refusal as the status of a page (a person reads the message). */
function pageStatus(error: ApiError): ContentfulStatusCode {
  return error.status;
}

/**
 * The decision after the request and the browser session are known: sign in, ask consent, or
 * issue the code and send the browser back.
 */
async function proceed(
  c: Context<AppBindings>,
  deps: Deps,
  state: Ready,
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
    return signInPage(c, deps, state, { email: browser?.user.email });
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
  if (!code) return signInPage(c, deps, state, { error: "Your session ended: sign in again." });
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
async function signedInHere(c: Context<AppBindings>, deps: Deps, state: Ready, signed: SignedIn) {
  const kept = await keepBrowserSession(deps, signed, state.client.id);
  if (!kept) throw new ApiError("invalid_token", "Your session ended: sign in again.");
  setCookie(c, OP_COOKIE, kept.cookie, {
    prefix: "host",
    httpOnly: true,
    secure: true,
    sameSite: "Lax",
    path: "/",
    maxAge: Math.min(signed.refreshMaxAge, deps.config.sessionMaxAgeSeconds),
  });
  return proceed(
    c,
    deps,
    { ...state, browser: kept.browser, consentedScope: kept.consentedScope },
    { justSignedIn: true },
  );
}

/** A first factor's outcome: the second step's page, or on to the app. */
function afterFirst(c: Context<AppBindings>, deps: Deps, state: Ready, first: FirstFactor) {
  if (first.kind === "mfa") {
    return secondStepPage(c, deps, { mfaToken: first.challenge.mfa_token });
  }
  return signedInHere(c, deps, state, first.signedIn);
}

/**
 * A form handler of the pages: the request checked again, the form parsed, and any refusal of
 * the API's services shown on the sign-in page (or by `refused`, when it knows better).
 */
function formHandler<T>(
  schema: z.ZodType<T>,
  run: (c: Context<AppBindings>, deps: Deps, state: Ready, form: T) => Promise<Response>,
  refused?: (
    c: Context<AppBindings>,
    deps: Deps,
    state: Ready,
    error: ApiError,
    form: T,
  ) => Response | Promise<Response> | null,
) {
  return async (c: Context<AppBindings>) => {
    const deps = depsOf(c);
    const state = await checked(c, deps);
    if (!state.ok) return state.response;
    const parsed = schema.safeParse(await c.req.parseBody());
    if (!parsed.success) {
      return signInPage(c, deps, state, { error: "Fill in the form, then send it.", status: 400 });
    }
    try {
      return await run(c, deps, state, parsed.data);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const shown = refused?.(c, deps, state, error, parsed.data);
      if (shown) return shown;
      return signInPage(c, deps, state, { error: error.message, status: pageStatus(error) });
    }
  };
}

authorizePages.post(
  "/oauth/authorize",
  ...guarded,
  formHandler(
    SignInForm,
    async (c, deps, state, { email, password }) =>
      afterFirst(c, deps, state, await login(deps, { email, password, transport: "body" })),
    (c, deps, state, error, form) =>
      signInPage(c, deps, state, {
        error: error.message,
        email: form.email,
        status: pageStatus(error),
      }),
  ),
);

authorizePages.post(
  "/oauth/authorize/mfa",
  ...guarded,
  formHandler(
    SecondForm,
    async (c, deps, state, { mfa_token, code, sms }) => {
      const factor = sms
        ? { smsCode: code }
        : /^\d{6}$/.test(code)
          ? { code }
          : { recoveryCode: code };
      const signed = await verifyChallenge(deps, {
        mfaToken: mfa_token,
        ...factor,
        transport: "body",
      });
      return signedInHere(c, deps, state, signed);
    },
    (c, deps, _state, error, form) =>
      error.code === "invalid_code"
        ? secondStepPage(c, deps, { mfaToken: form.mfa_token, error: error.message, status: 400 })
        : null,
  ),
);

authorizePages.post(
  "/oauth/authorize/mfa/sms",
  ...guarded,
  formHandler(
    SmsForm,
    async (c, deps, _state, { mfa_token }) => {
      const sent = await textSignInCode(deps, mfa_token);
      return secondStepPage(c, deps, { mfaToken: mfa_token, texted: sent.message });
    },
    (c, deps, _state, error, form) =>
      error.code === "invalid_mfa_token"
        ? null
        : secondStepPage(c, deps, {
            mfaToken: form.mfa_token,
            error: error.message,
            status: error.status === 429 ? 429 : 400,
          }),
  ),
);

authorizePages.post(
  "/oauth/authorize/email-code",
  ...guarded,
  formHandler(EmailForm, async (c, deps, _state, { email }) => {
    await requestLoginCode(deps, email);
    return c.html(<EmailCodePage query={search(c)} email={email} />);
  }),
);

authorizePages.post(
  "/oauth/authorize/email-code/verify",
  ...guarded,
  formHandler(
    EmailCodeForm,
    async (c, deps, state, { email, code }) =>
      afterFirst(c, deps, state, await verifyLoginCode(deps, { email, code, transport: "body" })),
    (c, _deps, _state, error, form) =>
      error.code === "invalid_code" || error.code === "too_many_attempts"
        ? c.html(
            <EmailCodePage query={search(c)} email={form.email} error={error.message} />,
            error.status === 429 ? 429 : 400,
          )
        : null,
  ),
);

authorizePages.post(
  "/oauth/authorize/passkey",
  ...guarded,
  formHandler(PasskeyForm, async (c, deps, state, { response }) => {
    let answer: unknown;
    try {
      answer = JSON.parse(response);
    } catch {
      throw new ApiError("invalid_code", "The passkey answer is not valid.");
    }
    const signed = await signInWithPasskey(deps, {
      response: answer as Parameters<typeof signInWithPasskey>[1]["response"],
      transport: "body",
    });
    return signedInHere(c, deps, state, signed);
  }),
);

/**
 * Sign in with Apple, Google or another configured provider from the page: the API's own social
 * sign-in (identities/sign-in.ts) with this page as its way back. A fresh secret in a `__Host-`
 * cookie rides along (`bind`), so a login code that comes back to this page is spent only in the
 * browser that went to the provider (no one can sign a visitor in as someone else with a link).
 */
authorizePages.get("/oauth/authorize/social/:provider/start", async (c) => {
  const deps = depsOf(c);
  const state = await checked(c, deps);
  if (!state.ok) return state.response;
  const bind = toBase64Url(randomBytes(32));
  const way = new URL(`${state.provider.issuer}${PROVIDER_PAGE_RETURN}${search(c)}`);
  way.searchParams.set("bind", bind);
  let started: Awaited<ReturnType<typeof startSignIn>>;
  try {
    started = await startSignIn(deps, {
      provider: c.req.param("provider"),
      redirectTo: way.href,
      origin: new URL(c.req.url).origin,
    });
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return signInPage(c, deps, state, { error: error.message, status: pageStatus(error) });
  }
  setCookie(c, SOCIAL_COOKIE, await sha256Hex(bind), {
    prefix: "host",
    httpOnly: true,
    secure: true,
    sameSite: "Lax",
    path: "/",
    maxAge: SOCIAL_BIND_SECONDS,
  });
  // The provider sign-in's own browser binding (as its /v1 start sets it; SameSite=None: Apple
  // answers with a cross-site POST).
  setCookie(c, BROWSER_COOKIE, started.browser, {
    path: "/",
    secure: true,
    httpOnly: true,
    sameSite: "None",
    maxAge: STATE_TTL_SECONDS,
  });
  return c.redirect(started.location, 302);
});

authorizePages.get("/oauth/authorize/social", async (c) => {
  const deps = depsOf(c);
  const state = await checked(c, deps);
  if (!state.ok) return state.response;
  const bound = getCookie(c, SOCIAL_COOKIE, "host");
  const bind = c.req.query("bind") ?? "";
  const loginCode = c.req.query("login_code");
  const refused = c.req.query("error");
  deleteCookie(c, SOCIAL_COOKIE, { prefix: "host", secure: true, path: "/" });
  if (refused !== undefined) {
    return signInPage(c, deps, state, {
      error: `The sign-in with the provider did not finish (${refused.slice(0, 64)}). Try again, or another way.`,
      status: 400,
    });
  }
  if (!loginCode || !bound || bound !== (await sha256Hex(bind))) {
    return signInPage(c, deps, state, {
      error: "That sign-in with a provider did not start in this browser, or did not finish.",
      status: 400,
    });
  }
  try {
    return await afterFirst(
      c,
      deps,
      state,
      await exchangeLoginCode(deps, { code: loginCode.slice(0, 128), transport: "body" }),
    );
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return signInPage(c, deps, state, { error: error.message, status: pageStatus(error) });
  }
});

authorizePages.post(
  "/oauth/authorize/consent",
  ...guarded,
  formHandler(ConsentForm, async (c, deps, state, { consent }) => {
    if (consent === "deny") return back(c, state, "access_denied", "The person did not allow it.");
    return proceed(c, deps, state, { consent: "given" });
  }),
);

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
