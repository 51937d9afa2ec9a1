import { Hono } from "hono";
import type { FC } from "hono/jsx";
import { z } from "zod";
import { depsOf } from "../http/deps";
import type { AppBindings } from "../http/types";
import { ApiError } from "../lib/errors";
import { requireConfig } from "../middleware/config";
import { formGuards } from "../middleware/form-guards";
import { asset, PAGE_CSS, PersonPage } from "../middleware/person-pages";
import { forgotPassword, resetPassword } from "./password-reset";
import { RESET_JS } from "./reset-assets";

/**
 * The hosted reset page (`PUBLIC_URL/reset`), the page the reset mail links to: the address and
 * the code travel in the link's fragment (`#email=…&code=…`), which a browser never sends to a
 * server — so they reach no log, and a mail scanner's GET spends nothing. The page's one script
 * copies them into the form (and wipes the fragment); without it, a person types the code. Only
 * the POST with the new password spends the code, through the same service as the API.
 */

const CSP =
  "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; form-action 'self'; " +
  "frame-ancestors 'none'; base-uri 'none'";

const Form = z.object({
  email: z.string().trim().toLowerCase().max(254),
  code: z.string().trim().max(32),
  new_password: z.string().max(1024),
});

const Page: FC<{ title: string; status?: "error" | "done"; children?: unknown }> = ({
  title,
  status,
  children,
}) => (
  <PersonPage title={title} stylesheet="/reset.css" script="/reset.js" mainClass={status ?? ""}>
    {children}
  </PersonPage>
);

const ResetForm: FC<{ error?: string; notice?: string; email?: string }> = ({
  error,
  notice,
  email,
}) => (
  <Page title="Choose a new password" status={error ? "error" : undefined}>
    {error ? (
      <p role="alert" id="problem">
        {error}
      </p>
    ) : notice ? (
      <p role="status">{notice}</p>
    ) : (
      <p>Enter the code from the reset mail and a new password. It signs you out everywhere.</p>
    )}
    <form method="post" action="/reset">
      <label for="email">Email address</label>
      <input id="email" name="email" type="email" autocomplete="email" required value={email} />
      <label for="code">Code from the mail</label>
      <input
        id="code"
        name="code"
        inputmode="numeric"
        autocomplete="one-time-code"
        pattern="[0-9]{6}"
        required
      />
      <label for="new_password">New password</label>
      <input
        id="new_password"
        name="new_password"
        type="password"
        autocomplete="new-password"
        minlength={8}
        required
      />
      <button type="submit">Set the new password</button>
    </form>
    <h2>No code yet?</h2>
    <form method="post" action="/reset/code">
      <label for="code_email">Email address</label>
      <input id="code_email" name="email" type="email" autocomplete="email" required />
      <button type="submit" class="secondary">
        Mail me a code
      </button>
    </form>
  </Page>
);

export const resetPage = new Hono<AppBindings>();

resetPage.use("/reset", requireConfig);
resetPage.use("/reset/code", requireConfig);
resetPage.use("/reset/*", async (c, next) => {
  await next();
  c.res.headers.set("Content-Security-Policy", CSP);
  c.res.headers.set("Cache-Control", "no-store");
});
resetPage.use("/reset", async (c, next) => {
  await next();
  c.res.headers.set("Content-Security-Policy", CSP);
  c.res.headers.set("Cache-Control", "no-store");
});

resetPage.get("/reset.css", asset(PAGE_CSS, "css"));
resetPage.get("/reset.js", asset(RESET_JS, "js"));

resetPage.get("/reset", (c) => c.html(<ResetForm />));

/** The guards of both forms (middleware/form-guards.ts), refusing with the form and why. */
const guarded = (limiter: "VERIFY_IP_LIMITER" | "FORGOT_IP_LIMITER") =>
  formGuards(limiter, (c, message, status) => c.html(<ResetForm error={message} />, status));

resetPage.post("/reset/code", ...guarded("FORGOT_IP_LIMITER"), async (c) => {
  const email = z
    .string()
    .trim()
    .toLowerCase()
    .max(254)
    .safeParse((await c.req.parseBody()).email);
  if (!email.success || !email.data) {
    return c.html(<ResetForm error="Fill in your email address." />, 400);
  }
  try {
    // The API's own service: the same answer for every address, the mail cooldown.
    await forgotPassword(depsOf(c), email.data);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return c.html(<ResetForm error={error.message} email={email.data} />, error.status);
  }
  return c.html(
    <ResetForm notice="If the address can receive it, a code is on its way." email={email.data} />,
  );
});

resetPage.post("/reset", ...guarded("VERIFY_IP_LIMITER"), async (c) => {
  const parsed = Form.safeParse(await c.req.parseBody());
  if (!parsed.success) {
    return c.html(<ResetForm error="Fill in the address, the code and a password." />, 400);
  }
  const { email, code, new_password } = parsed.data;
  try {
    await resetPassword(depsOf(c), { email, code, newPassword: new_password });
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const why = error.errors?.[0]?.message ?? error.message;
    return c.html(<ResetForm error={why} email={email} />, error.status);
  }
  return c.html(
    <Page title="Your password is changed" status="done">
      <p>Sign in with your new password. Every other session was signed out.</p>
    </Page>,
  );
});
