import { Hono } from "hono";
import type { FC } from "hono/jsx";
import { z } from "zod";
import { login, logout } from "../auth/sign-in";
import type { Deps } from "../deps";
import { depsOf } from "../http/deps";
import type { AppBindings } from "../http/types";
import { ApiError } from "../lib/errors";
import { verifyChallenge } from "../mfa/second-step";
import { requireConfig } from "../middleware/config";
import { formGuards } from "../middleware/form-guards";
import { asset, PAGE_CSS, PersonPage, Problem } from "../middleware/person-pages";
import type { SignedIn } from "../sessions/store";
import { authenticate } from "../sessions/store";
import { acceptInvitation } from "./invitation-accept";

/**
 * The hosted invitation page (`PUBLIC_URL/invitations`), the page the invitation mail links to.
 * The token travels in the link's fragment (`#token=…`): never sent to a server, never in a log,
 * never spent by a mail scanner's GET. The person signs in with the address it was sent to (and
 * their second factor, if they have one), and the invitation is accepted through the API's own
 * services; the session made for it is ended at once — the page keeps nothing. Without script
 * the token is pasted from the mail. No account yet: sign up in the app first, then come back.
 */

const CSP =
  "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; form-action 'self'; " +
  "frame-ancestors 'none'; base-uri 'none'";

const SignInForm = z.object({
  token: z.string().trim().min(20).max(128),
  email: z.string().trim().toLowerCase().max(254),
  password: z.string().min(1).max(1024),
});
const SecondForm = z.object({
  token: z.string().trim().min(20).max(128),
  mfa_token: z.string().min(1).max(512),
  code: z.string().trim().min(6).max(32),
});

const Page: FC<{ title: string; children?: unknown }> = ({ title, children }) => (
  <PersonPage title={title} stylesheet="/invitations.css" script="/invitations.js">
    {children}
  </PersonPage>
);

const AcceptForm: FC<{ error?: string; email?: string }> = ({ error, email }) => (
  <Page title="Join a coffee shop">
    <Problem error={error} />
    <p>
      Sign in with the address the invitation was sent to, and it is accepted. No account yet? Sign
      up in the app with that address first, then open the link in the mail again.
    </p>
    <form method="post" action="/invitations">
      <label for="token">Invitation token (from the mail)</label>
      <input id="token" name="token" autocomplete="off" required />
      <label for="email">Email address</label>
      <input id="email" name="email" type="email" autocomplete="email" required value={email} />
      <label for="password">Password</label>
      <input
        id="password"
        name="password"
        type="password"
        autocomplete="current-password"
        required
      />
      <button type="submit">Sign in and accept</button>
    </form>
    <p>Signed up with a passkey or with Google or Apple only? Accept the invitation in the app.</p>
  </Page>
);

const SecondStep: FC<{ token: string; mfaToken: string; error?: string }> = (props) => (
  <Page title="Your second step">
    <Problem error={props.error} />
    <p>Enter a code from your authenticator app, or one of your recovery codes.</p>
    <form method="post" action="/invitations/mfa">
      <input type="hidden" name="token" value={props.token} />
      <input type="hidden" name="mfa_token" value={props.mfaToken} />
      <label for="code">Code</label>
      <input id="code" name="code" autocomplete="one-time-code" required />
      <button type="submit">Accept the invitation</button>
    </form>
  </Page>
);

/** Copies `#token=…` into the form, then wipes the fragment from the address bar and history. */
const INVITE_JS = `
(function () {
  var token = new URLSearchParams(window.location.hash.slice(1)).get("token");
  if (!token) return;
  var ready = function () {
    document.getElementById("token").value = token;
    history.replaceState(null, "", window.location.pathname);
    document.getElementById("email").focus();
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
`;

export const invitationPage = new Hono<AppBindings>();

for (const path of ["/invitations", "/invitations/*"]) {
  invitationPage.use(path, async (c, next) => {
    await next();
    c.res.headers.set("Content-Security-Policy", CSP);
    c.res.headers.set("Cache-Control", "no-store");
  });
}
invitationPage.use("/invitations", requireConfig);
invitationPage.use("/invitations/mfa", requireConfig);

invitationPage.get("/invitations.css", asset(PAGE_CSS, "css"));
invitationPage.get("/invitations.js", asset(INVITE_JS, "js"));
invitationPage.get("/invitations", (c) => c.html(<AcceptForm />));

/** The form guards (middleware/form-guards.ts) with the API's per-IP login limit. */
const guarded = formGuards("LOGIN_IP_LIMITER", (c, message, status) =>
  c.html(<AcceptForm error={message} />, status),
);

/** With a session from a sign-in: accept as that person, then end the session (the page keeps none). */
async function acceptAs(deps: Deps, signed: SignedIn, token: string) {
  try {
    const caller = await authenticate(deps.db, deps.config, signed.body.access_token);
    if ("refused" in caller) throw new ApiError("invalid_token", "Sign in again.");
    return await acceptInvitation(deps, caller.caller.user, token);
  } finally {
    if (signed.body.refresh_token) await logout(deps, signed.body.refresh_token);
  }
}

function joined(shop: { name: string }, role: string) {
  return (
    <Page title="You joined the shop">
      <p>
        You are now {role === "owner" ? "an owner" : `a ${role}`} of {shop.name}. Open the app to
        start.
      </p>
    </Page>
  );
}

invitationPage.post("/invitations", ...guarded, async (c) => {
  const parsed = SignInForm.safeParse(await c.req.parseBody());
  if (!parsed.success) {
    return c.html(<AcceptForm error="Fill in the token, your address and your password." />, 400);
  }
  const { token, email, password } = parsed.data;
  const deps = depsOf(c);
  try {
    const first = await login(deps, { email, password, transport: "body" });
    if (first.kind === "mfa") {
      return c.html(<SecondStep token={token} mfaToken={first.challenge.mfa_token} />);
    }
    const { shop, role } = await acceptAs(deps, first.signedIn, token);
    return c.html(joined(shop, role));
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return c.html(<AcceptForm error={error.message} email={email} />, error.status);
  }
});

invitationPage.post("/invitations/mfa", ...guarded, async (c) => {
  const parsed = SecondForm.safeParse(await c.req.parseBody());
  if (!parsed.success) return c.html(<AcceptForm error="Start again: sign in." />, 400);
  const { token, mfa_token, code } = parsed.data;
  const deps = depsOf(c);
  try {
    const recovery = !/^\d{6}$/.test(code);
    const signed = await verifyChallenge(deps, {
      mfaToken: mfa_token,
      ...(recovery ? { recoveryCode: code } : { code }),
      transport: "body",
    });
    const { shop, role } = await acceptAs(deps, signed, token);
    return c.html(joined(shop, role));
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (error.code === "invalid_code") {
      return c.html(
        <SecondStep token={token} mfaToken={mfa_token} error={error.message} />,
        error.status,
      );
    }
    return c.html(<AcceptForm error={error.message} />, error.status);
  }
});
