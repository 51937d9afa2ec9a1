import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { deleteCookie, getCookie } from "hono/cookie";
import { csrf } from "hono/csrf";
import { HTTPException } from "hono/http-exception";
import { replicaReads } from "../db/client";
import { depsOf } from "../http/deps";
import type { AppBindings } from "../http/types";
import { ApiError } from "../lib/errors";
import { errorName, log } from "../lib/log";
import { MAX_BODY_BYTES } from "../middleware/body";
import { requireConfig } from "../middleware/config";
import { asset } from "../middleware/person-pages";
import { closeConsole, consoleCaller } from "../sessions/console";
import { CONSOLE_CSS, FAVICON, PASSKEY_JS } from "./assets";
import { auditPage } from "./audit";
import { clientPages } from "./clients";
import { COOKIE, messageOf, page, statusOf } from "./context";
import { dashboardPage } from "./dashboard";
import { eventPages } from "./events";
import { shopPages } from "./shops";
import { signInPages } from "./sign-in";
import { userPages } from "./user";
import { userListPages } from "./users";
import { LoginPage } from "./views";

const CSP =
  "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; " +
  "frame-ancestors 'none'; base-uri 'none'";

export const consoleApp = new Hono<AppBindings>();

consoleApp.use("*", requireConfig);

// The API's body cap (16 KiB) on every console form, with a page a person can read.
consoleApp.use(
  "*",
  bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (c) =>
      c.html(<LoginPage error={`Forms are limited to ${MAX_BODY_BYTES} bytes.`} />, 413),
  }),
);

// Forms only from this origin (and the cookie is SameSite=Strict; and each form has a token).
consoleApp.use("*", csrf());

consoleApp.use("*", async (c, next) => {
  await next();
  // The sign-in page alone runs one script of ours (passkeys need navigator.credentials).
  const signIn = c.req.path.startsWith("/console/login");
  c.res.headers.set(
    "Content-Security-Policy",
    signIn ? `${CSP}; script-src 'self'; connect-src 'self'` : CSP,
  );
});

consoleApp.get("/passkey.js", asset(PASSKEY_JS, "js"));

consoleApp.get("/favicon.svg", (c) =>
  c.body(FAVICON, 200, {
    "Content-Type": "image/svg+xml",
    "Cache-Control": "public, max-age=86400",
  }),
);

consoleApp.get("/console.css", asset(CONSOLE_CSS, "css"));

signInPages(consoleApp);

// Everything below needs a console session.
consoleApp.use("*", async (c, next) => {
  const token = getCookie(c, COOKIE, "host");
  const caller = token ? await consoleCaller(depsOf(c), token) : null;
  if (!caller) {
    if (c.req.method === "GET") return c.redirect("/console/login", 303);
    return c.html(<LoginPage error="Your console session ended; sign in again." />, 401);
  }
  c.set("consoleCaller", caller);
  if (c.req.method === "POST") {
    const form = await c.req.parseBody();
    if (form._csrf !== caller.csrf) {
      return page(c, "Refused", <p class="error">This form is stale; reload the page.</p>, 403);
    }
  } else {
    // Pages read lists and counts from a replica (they may be a moment stale).
    c.set("replica", replicaReads(c.env.DB));
  }
  await next();
});

consoleApp.post("/logout", async (c) => {
  await closeConsole(depsOf(c), c.get("consoleCaller"));
  deleteCookie(c, COOKIE, { prefix: "host", secure: true, path: "/" });
  return c.redirect("/console/login", 303);
});

dashboardPage(consoleApp);
userListPages(consoleApp);
userPages(consoleApp);
shopPages(consoleApp);
auditPage(consoleApp);
eventPages(consoleApp);
clientPages(consoleApp);

consoleApp.onError((error, c) => {
  // hono/csrf refuses a form posted from another origin with a 403 of its own.
  if (error instanceof HTTPException && error.status === 403) {
    return page(c, "Refused", <p class="error">A form from another site was refused.</p>, 403);
  }
  if (!(error instanceof ApiError)) {
    log("error", "console: unhandled error", { error: errorName(error) });
  }
  const status = statusOf(error);
  if (error instanceof ApiError && error.retryAfter !== undefined) {
    c.header("Retry-After", String(Math.max(1, Math.ceil(error.retryAfter))));
  }
  return page(c, "Not possible", <p class="error">{messageOf(error)}</p>, status);
});
