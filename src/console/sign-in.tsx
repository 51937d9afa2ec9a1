import type { Hono } from "hono";
import { login } from "../auth/sign-in";
import { depsOf } from "../http/deps";
import type { AppBindings } from "../http/types";
import { ApiError } from "../lib/errors";
import { clientIp } from "../lib/request";
import { verifyChallenge } from "../mfa/second-step";
import { signInWithPasskey } from "../passkeys/sign-in";
import { enforceRateLimit } from "../security/rate-limits";
import { openConsole } from "../sessions/console";
import { type Ctx, messageOf, setSessionCookie, statusOf } from "./context";
import { LoginPage } from "./views";

/** The console's sign-in: password (+ the second step) or a passkey, under the API's per-IP limit. */

/**
 * The API's per-IP sign-in limit (LOGIN_IP_LIMITER) on the console's sign-in forms: the same
 * budget, so the console is no side door for guessing. A refusal is a page, with Retry-After.
 */
async function signInLimited(c: Ctx): Promise<Response | null> {
  try {
    await enforceRateLimit(c.env.LOGIN_IP_LIMITER, c.get("config"), clientIp(c) ?? "unknown");
    return null;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    c.header("Retry-After", String(error.retryAfter ?? 60));
    return c.html(<LoginPage error="Too many sign-in attempts; wait a minute and retry." />, 429);
  }
}

export function signInPages(app: Hono<AppBindings>): void {
  // --- Signing in and out ---------------------------------------------------------------------

  app.get("/login", (c) => c.html(<LoginPage />));

  app.post("/login", async (c) => {
    const limited = await signInLimited(c);
    if (limited) return limited;
    const form = await c.req.parseBody();
    const email = String(form.email ?? "")
      .trim()
      .toLowerCase();
    try {
      const first = await login(depsOf(c), {
        email,
        password: String(form.password ?? ""),
        transport: "body",
        secondFactorRequired: true,
      });
      if (first.kind === "mfa") return c.html(<LoginPage mfaToken={first.challenge.mfa_token} />);
      await openConsole(depsOf(c), first.signedIn);
      return c.redirect("/console/login", 303);
    } catch (error) {
      return c.html(<LoginPage error={messageOf(error)} />, statusOf(error));
    }
  });

  app.post("/login/passkey", async (c) => {
    const limited = await signInLimited(c);
    if (limited) return limited;
    const form = await c.req.parseBody();
    try {
      let response: unknown;
      try {
        response = JSON.parse(String(form.response ?? ""));
      } catch {
        throw new ApiError("invalid_code", "The passkey answer is not valid.");
      }
      const signedIn = await signInWithPasskey(depsOf(c), {
        response: response as Parameters<typeof signInWithPasskey>[1]["response"],
        transport: "body",
      });
      const { token } = await openConsole(depsOf(c), signedIn);
      setSessionCookie(c, token);
      return c.redirect("/console", 303);
    } catch (error) {
      return c.html(<LoginPage error={messageOf(error)} />, statusOf(error));
    }
  });

  app.post("/login/mfa", async (c) => {
    const limited = await signInLimited(c);
    if (limited) return limited;
    const form = await c.req.parseBody();
    const code = String(form.code ?? "").trim();
    const mfaToken = String(form.mfa_token ?? "");
    try {
      const signedIn = await verifyChallenge(depsOf(c), {
        mfaToken,
        ...(/^\d{6}$/.test(code) ? { code } : { recoveryCode: code }),
      });
      const { token } = await openConsole(depsOf(c), signedIn);
      setSessionCookie(c, token);
      return c.redirect("/console", 303);
    } catch (error) {
      return c.html(<LoginPage error={messageOf(error)} />, statusOf(error));
    }
  });
}
