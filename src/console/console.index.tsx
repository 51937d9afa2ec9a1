import { desc, eq, sql } from "drizzle-orm";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { csrf } from "hono/csrf";
import { HTTPException } from "hono/http-exception";
import type { Child } from "hono/jsx";
import { ListUsersQuery } from "../admin/admin.schemas";
import { ban, unban } from "../admin/bans";
import { deleteUser, listUsers, patchUser } from "../admin/service";
import { listKeys } from "../api-keys/service";
import { AuditQuery } from "../audit/schemas";
import { listAuditEvents } from "../audit/service";
import { login } from "../auth/sign-in";
import { batch, raw, replicaReads } from "../db/client";
import { auditEvents, memberships, passkeys, shops, users } from "../db/schema";
import { depsOf } from "../http/deps";
import type { AppBindings } from "../http/types";
import { ROLES } from "../lib/domain";
import { ApiError } from "../lib/errors";
import { errorName, log } from "../lib/log";
import { clientIp } from "../lib/request";
import { dashboard } from "../metrics/dashboard";
import { adminReset } from "../mfa/enrolment";
import { proveFreshly } from "../mfa/fresh-proof";
import { verifyChallenge } from "../mfa/second-step";
import { MAX_BODY_BYTES } from "../middleware/body";
import { requireConfig } from "../middleware/config";
import { adminRemovePasskey, signInWithPasskey } from "../passkeys/service";
import { adminPower, assertAdminPower } from "../security/assurance";
import { enforceRateLimit } from "../security/rate-limits";
import { type Actor, actorOf as shopActor } from "../security/shop-access";
import { type ConsoleCaller, closeConsole, consoleCaller, openConsole } from "../sessions/console";
import { endUserSessions } from "../sessions/service";
import { listSessions } from "../sessions/store";
import { listInvitations } from "../shops/invitations";
import { listMembers } from "../shops/members";
import { listShops } from "../shops/service";
import {
  Chart,
  CONSOLE_CSS,
  FAVICON,
  Layout,
  LoginPage,
  type NavCaller,
  PASSKEY_JS,
  PostForm,
  Table,
} from "./views";

/**
 * /console: the web page for the platform's admins and shops' owners and managers, served by the
 * same Worker. Every page reads through the same services as the API (no second copy of a rule)
 * and costs at most 3 D1 calls: the console session (1), then the page. Its own CSP: no script
 * at all, styles from /console/console.css only.
 */
type Ctx = Context<AppBindings>;

const COOKIE = "console";
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

consoleApp.get("/passkey.js", (c) =>
  c.body(PASSKEY_JS, 200, {
    "Content-Type": "text/javascript; charset=utf-8",
    "Cache-Control": "public, max-age=3600",
  }),
);

consoleApp.get("/favicon.svg", (c) =>
  c.body(FAVICON, 200, {
    "Content-Type": "image/svg+xml",
    "Cache-Control": "public, max-age=86400",
  }),
);

consoleApp.get("/console.css", (c) =>
  c.body(CONSOLE_CSS, 200, {
    "Content-Type": "text/css; charset=utf-8",
    "Cache-Control": "public, max-age=3600",
  }),
);

function page(c: Ctx, title: string, body: Child, status: 200 | PageStatus = 200) {
  const caller = c.get("consoleCaller");
  const nav: NavCaller | undefined = caller
    ? { name: caller.user.email, admin: isAdmin(c), csrf: caller.csrf }
    : undefined;
  return c.html(
    <Layout title={title} caller={nav}>
      {body}
    </Layout>,
    status,
  );
}

function setSessionCookie(c: Ctx, token: string) {
  setCookie(c, COOKIE, token, {
    prefix: "host",
    httpOnly: true,
    secure: true,
    sameSite: "Strict",
    path: "/",
  });
}

/** The console caller as a shop actor: admin power is the assurance policy's. */
function actorOf(caller: ConsoleCaller, c: Ctx): Actor {
  return shopActor(caller.user, caller.session, c.get("config"));
}

function isAdmin(c: Ctx): boolean {
  const caller = c.get("consoleCaller");
  return adminPower(caller.user, caller.session, c.get("config")) === "granted";
}

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

// --- Signing in and out ---------------------------------------------------------------------

consoleApp.get("/login", (c) => c.html(<LoginPage />));

consoleApp.post("/login", async (c) => {
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

consoleApp.post("/login/passkey", async (c) => {
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

consoleApp.post("/login/mfa", async (c) => {
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

// --- Pages ----------------------------------------------------------------------------------

consoleApp.get("/", async (c) => {
  if (!isAdmin(c)) return c.redirect("/console/shops", 303);
  const d = await dashboard(depsOf(c));
  return page(
    c,
    "Dashboard",
    <>
      <ul class="cards" aria-label="At a glance">
        {d.byStatus.map((s) => (
          <li>
            <strong>{s.n}</strong> {s.status} users
          </li>
        ))}
        <li>
          <strong>{d.backlog}</strong> mails waiting
        </li>
        <li>
          <strong>{d.shops}</strong> shops
        </li>
        <li>
          <strong>{d.lastPurge ? d.lastPurge.users : "—"}</strong>
          {d.lastPurge ? `purged at the last run (${d.lastPurge.at})` : "no purge yet"}
        </li>
      </ul>
      <h2>The last {d.days.length} days</h2>
      <Chart data={d} />
    </>,
  );
});

/** A filter form's query without its empty fields ("any role" sends `role=`). */
function filled(query: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(query).filter(([, value]) => value !== ""));
}

function requireAdminPage(c: Ctx) {
  const caller = c.get("consoleCaller");
  assertAdminPower(caller.user, caller.session, c.get("config"));
}

consoleApp.get("/users", async (c) => {
  requireAdminPage(c);
  const parsed = ListUsersQuery.safeParse(filled(c.req.query()));
  if (!parsed.success) throw new ApiError("validation_failed", "Check the filters.");
  const query = parsed.data;
  const result = await listUsers(depsOf(c), query);
  const keep = new URLSearchParams(
    Object.entries({ q: query.q, role: query.role, status: query.status }).flatMap(([k, v]) =>
      v ? [[k, v]] : [],
    ),
  );
  return page(
    c,
    "Users",
    <>
      <form method="get" action="/console/users" class="filters" aria-label="Search users">
        <div>
          <label for="q">Email starts with</label>
          <input id="q" name="q" value={query.q ?? ""} />
        </div>
        <div>
          <label for="role">Role</label>
          <select id="role" name="role">
            <option value="">any</option>
            {ROLES.map((r) => (
              <option value={r} selected={query.role === r}>
                {r}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="status">Status</label>
          <select id="status" name="status">
            <option value="">any</option>
            {["pending", "verified"].map((s) => (
              <option value={s} selected={query.status === s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div>
          <button type="submit">Search</button>
        </div>
      </form>
      <p>
        <a href={`/console/users.csv?${keep}`}>Export these users as CSV</a>
      </p>
      <Table
        caption="Users, newest first"
        head={["Email", "Name", "Role", "Status", "Banned", "Created"]}
        rows={result.items.map((u) => [
          <a href={`/console/users/${u.id}`}>{u.email}</a>,
          [u.name, u.surname].filter(Boolean).join(" "),
          u.role,
          u.status,
          u.banned ? `until ${u.banned_until ?? "lifted"}` : "no",
          u.created_at,
        ])}
      />
      {result.next_cursor ? (
        <p>
          <a href={`/console/users?${keep}&cursor=${encodeURIComponent(result.next_cursor)}`}>
            Next page
          </a>
        </p>
      ) : null}
    </>,
  );
});

/** A CSV cell: quoted, and never a formula when a spreadsheet opens it. */
function cell(value: unknown): string {
  const text = value === null || value === undefined ? "" : String(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replaceAll('"', '""')}"`;
}

consoleApp.get("/users.csv", async (c) => {
  requireAdminPage(c);
  const parsed = ListUsersQuery.safeParse({ ...filled(c.req.query()), limit: "100" });
  if (!parsed.success) throw new ApiError("validation_failed", "Check the filters.");
  const deps = depsOf(c);
  const columns = ["id", "email", "name", "surname", "role", "status", "created_at", "verified_at"];
  const encoder = new TextEncoder();
  let cursor: string | undefined;
  let started = false;
  // One page of 100 per pull: the export streams, however many users match.
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(`${columns.join(",")}\r\n`));
      }
      const result = await listUsers(deps, { ...parsed.data, cursor });
      const lines = result.items.map(
        (u) => `${columns.map((k) => cell((u as Record<string, unknown>)[k])).join(",")}\r\n`,
      );
      controller.enqueue(encoder.encode(lines.join("")));
      if (!result.next_cursor) controller.close();
      cursor = result.next_cursor ?? undefined;
    },
  });
  return c.body(stream, 200, {
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": 'attachment; filename="users.csv"',
  });
});

consoleApp.get("/users/:id", async (c) => {
  requireAdminPage(c);
  const deps = depsOf(c);
  const id = c.req.param("id");
  const caller = c.get("consoleCaller");
  const [rows, sessionRows, shopRows, events, passkeyRows] = await batch(deps.db, [
    deps.db.select().from(users).where(eq(users.id, id)),
    listSessions(deps.db, deps.config, id, new Date(), 50),
    raw<{ shopId: string; slug: string; role: string }>(sql`
      SELECT s.id AS shopId, s.slug, m.role FROM ${memberships} AS m
        JOIN ${shops} AS s ON s.id = m.shop_id WHERE m.user_id = ${id} ORDER BY s.slug`),
    deps.db
      .select()
      .from(auditEvents)
      .where(sql`${auditEvents.targetId} = ${id} OR ${auditEvents.actorId} = ${id}`)
      .orderBy(desc(auditEvents.createdAt))
      .limit(20),
    deps.db
      .select({
        id: passkeys.id,
        name: passkeys.name,
        createdAt: passkeys.createdAt,
        lastUsedAt: passkeys.lastUsedAt,
      })
      .from(passkeys)
      .where(eq(passkeys.userId, id))
      .orderBy(passkeys.createdAt),
  ] as const);
  const user = rows[0];
  if (!user) throw new ApiError("not_found", "No user with this id.");
  const banned =
    user.bannedAt && (!user.bannedUntil || user.bannedUntil > new Date().toISOString());
  const action = (name: string, label: string, query = "") => (
    <li>
      <a href={`/console/users/${id}/confirm/${name}${query}`}>{label}</a>
    </li>
  );
  return page(
    c,
    user.email,
    <>
      {c.req.query("done") ? (
        <p class="notice" role="status">
          Done: {c.req.query("done")}
        </p>
      ) : null}
      <Table
        caption="Profile"
        head={["Name", "Role", "Status", "Verified", "MFA", "Banned"]}
        rows={[
          [
            [user.name, user.surname].filter(Boolean).join(" ") || "—",
            user.role,
            user.status,
            user.verifiedAt ?? "no",
            user.mfaEnabledAt ? "on" : "off",
            banned ? `until ${user.bannedUntil ?? "lifted"}: ${user.banReason}` : "no",
          ],
        ]}
      />
      <h2>Actions</h2>
      <ul>
        {action("end-sessions", "End every session")}
        {user.mfaEnabledAt || passkeyRows.length > 0
          ? action("mfa-reset", "Reset MFA (TOTP, recovery codes and passkeys)")
          : null}
        {user.role === "admin"
          ? action("role", "Make a user", "?role=user")
          : action("role", "Make an admin", "?role=admin")}
        {banned
          ? action("unban", "Lift the ban")
          : id !== caller.user.id
            ? action("ban", "Ban")
            : null}
        {id !== caller.user.id ? action("delete", "Delete the account") : null}
      </ul>
      <Table
        caption="Sessions"
        head={["Started", "Last used", "IP", "Country", "How"]}
        rows={sessionRows.map((s) => [
          s.createdAt,
          s.lastUsedAt,
          s.ip ?? "—",
          s.country ?? "—",
          (s.amr as string[]).join(" + "),
        ])}
      />
      <Table
        caption="Passkeys"
        head={["Name", "Added", "Last used", ""]}
        rows={passkeyRows.map((p) => [
          p.name,
          p.createdAt,
          p.lastUsedAt ?? "never",
          <a href={`/console/users/${id}/confirm/passkey-remove?passkey=${p.id}`}>
            Remove {p.name}
          </a>,
        ])}
      />
      <Table
        caption="Shops"
        head={["Shop", "Role"]}
        rows={shopRows.map((m) => [<a href={`/console/shops/${m.shopId}`}>{m.slug}</a>, m.role])}
      />
      <Table
        caption="Audit trail (newest 20)"
        head={["When", "Event", "By"]}
        rows={events.map((e) => [e.createdAt, e.type, e.actorId ?? "—"])}
      />
    </>,
  );
});

const ACTIONS: Record<string, { title: string; verb: string; danger: boolean }> = {
  "end-sessions": { title: "End every session", verb: "End them", danger: true },
  "mfa-reset": { title: "Reset MFA", verb: "Reset MFA", danger: true },
  role: { title: "Change the role", verb: "Change it", danger: true },
  ban: { title: "Ban", verb: "Ban", danger: true },
  unban: { title: "Lift the ban", verb: "Lift it", danger: false },
  delete: { title: "Delete the account", verb: "Delete it for good", danger: true },
  "passkey-remove": { title: "Remove a passkey", verb: "Remove it", danger: true },
};

/** The target value a confirm form states (`role=admin`): sending it twice means the same. */
function targetRole(value: unknown): "user" | "admin" {
  if (value === "user" || value === "admin") return value;
  throw new ApiError("validation_failed", "Choose the role to set: user or admin.");
}

consoleApp.get("/users/:id/confirm/:action", async (c) => {
  requireAdminPage(c);
  const id = c.req.param("id");
  const action = ACTIONS[c.req.param("action")];
  if (!action) throw new ApiError("not_found", "No such action.");
  const [user] = await depsOf(c).db.select().from(users).where(eq(users.id, id));
  if (!user) throw new ApiError("not_found", "No user with this id.");
  const name = c.req.param("action");
  const role = name === "role" ? targetRole(c.req.query("role")) : null;
  const passkeyId = name === "passkey-remove" ? (c.req.query("passkey") ?? "") : null;
  return page(
    c,
    role
      ? `Make ${user.email} ${role === "admin" ? "an admin" : "a user"}`
      : `${action.title}: ${user.email}`,
    <PostForm
      action={`/console/users/${id}/${c.req.param("action")}`}
      csrf={c.get("consoleCaller").csrf}
      label={action.verb}
      danger={action.danger}
    >
      {role ? <input type="hidden" name="role" value={role} /> : null}
      {passkeyId !== null ? <input type="hidden" name="passkey_id" value={passkeyId} /> : null}
      {c.req.param("action") === "ban" ? (
        <>
          <label for="reason">Reason (kept in the audit trail; not mailed)</label>
          <input id="reason" name="reason" required maxlength={500} />
          <label for="until">Until (UTC, optional; empty: until lifted)</label>
          <input id="until" name="until" type="datetime-local" />
        </>
      ) : null}
      {action.danger ? (
        <>
          <label for="proof">Your password, or a code from your authenticator app</label>
          <input id="proof" name="proof" type="password" required autocomplete="current-password" />
        </>
      ) : null}
      <p>This is recorded in the audit trail as done by {c.get("consoleCaller").user.email}.</p>
    </PostForm>,
  );
});

consoleApp.post("/users/:id/:action", async (c) => {
  requireAdminPage(c);
  const deps = depsOf(c);
  const actor = c.get("consoleCaller").user;
  const id = c.req.param("id");
  const name = c.req.param("action");
  const form = await c.req.parseBody();
  const action = ACTIONS[name];
  if (!action) throw new ApiError("not_found", "No such action.");
  // A destructive act needs a fresh proof from the person at the keyboard, not only the cookie.
  if (action.danger) await proveFreshly(deps, actor, String(form.proof ?? ""));
  switch (name) {
    case "end-sessions":
      await endUserSessions(deps, actor.id, id);
      break;
    case "mfa-reset":
      await adminReset(deps, actor.id, id);
      break;
    case "role":
      await patchUser(deps, actor.id, id, { role: targetRole(form.role) });
      break;
    case "passkey-remove":
      await adminRemovePasskey(deps, actor.id, id, String(form.passkey_id ?? ""));
      break;
    case "ban": {
      const until = String(form.until ?? "");
      await ban(deps, actor.id, id, {
        reason: String(form.reason ?? "").trim() || "No reason given",
        ...(until ? { until: new Date(`${until}Z`).toISOString() } : {}),
      });
      break;
    }
    case "unban":
      await unban(deps, actor.id, id);
      break;
    case "delete":
      await deleteUser(deps, actor.id, id);
      return c.redirect("/console/users", 303);
    default:
      throw new ApiError("not_found", "No such action.");
  }
  return c.redirect(
    `/console/users/${id}?done=${encodeURIComponent(ACTIONS[name]?.title ?? name)}`,
    303,
  );
});

consoleApp.get("/shops", async (c) => {
  const result = await listShops(depsOf(c), actorOf(c.get("consoleCaller"), c), { limit: 50 });
  return page(
    c,
    "Shops",
    <Table
      caption={isAdmin(c) ? "Every shop" : "Your shops"}
      head={["Shop", "Name", "Time zone", "Status", "Your role"]}
      rows={result.items.map((s) => [
        <a href={`/console/shops/${s.id}`}>{s.slug}</a>,
        s.name,
        s.timezone,
        s.status,
        s.role ?? "—",
      ])}
    />,
  );
});

function shopNav(id: string) {
  return (
    <nav aria-label="This shop">
      <ul>
        <li>
          <a href={`/console/shops/${id}`}>Members</a>
        </li>
        <li>
          <a href={`/console/shops/${id}/invitations`}>Invitations</a>
        </li>
        <li>
          <a href={`/console/shops/${id}/keys`}>Keys</a>
        </li>
      </ul>
    </nav>
  );
}

consoleApp.get("/shops/:id", async (c) => {
  const id = c.req.param("id");
  const result = await listMembers(depsOf(c), actorOf(c.get("consoleCaller"), c), id, {
    limit: 100,
  });
  return page(
    c,
    "Shop members",
    <>
      {shopNav(id)}
      <Table
        caption="Members, oldest first"
        head={["Email", "Name", "Role", "Since"]}
        rows={result.items.map((m) => [
          m.email,
          [m.name, m.surname].filter(Boolean).join(" "),
          m.role,
          m.created_at,
        ])}
      />
    </>,
  );
});

consoleApp.get("/shops/:id/invitations", async (c) => {
  const id = c.req.param("id");
  const result = await listInvitations(depsOf(c), actorOf(c.get("consoleCaller"), c), id, {
    limit: 100,
  });
  return page(
    c,
    "Shop invitations",
    <>
      {shopNav(id)}
      <Table
        caption="Pending invitations"
        head={["Email", "Role", "Expires"]}
        rows={result.items.map((i) => [i.email, i.role, i.expires_at])}
      />
    </>,
  );
});

consoleApp.get("/shops/:id/keys", async (c) => {
  const id = c.req.param("id");
  const result = await listKeys(depsOf(c), actorOf(c.get("consoleCaller"), c), id, { limit: 100 });
  return page(
    c,
    "Shop keys",
    <>
      {shopNav(id)}
      <Table
        caption="Keys for tills and kiosks"
        head={["Name", "Key", "Scopes", "Expires", "Last used"]}
        rows={result.items.map((k) => [
          k.name,
          `${k.prefix}…`,
          k.scopes.join(", "),
          k.expires_at ?? "never",
          k.last_used_at ?? "never",
        ])}
      />
    </>,
  );
});

consoleApp.get("/audit", async (c) => {
  requireAdminPage(c);
  const parsed = AuditQuery.safeParse(filled(c.req.query()));
  if (!parsed.success) throw new ApiError("validation_failed", "Check the filters.");
  const result = await listAuditEvents(depsOf(c), parsed.data);
  return page(
    c,
    "Audit trail",
    <>
      <form method="get" action="/console/audit" class="filters">
        <div>
          <label for="type">Event type</label>
          <input id="type" name="type" value={parsed.data.type ?? ""} />
        </div>
        <div>
          <label for="target">Target user id</label>
          <input id="target" name="target" value={parsed.data.target ?? ""} />
        </div>
        <div>
          <button type="submit">Filter</button>
        </div>
      </form>
      <Table
        caption="Events, newest first"
        head={["When", "Event", "By", "Target", "Details"]}
        rows={result.items.map((e) => [
          e.created_at,
          e.type,
          e.actor_id ?? "—",
          e.target_id ? <a href={`/console/users/${e.target_id}`}>{e.target_id}</a> : "—",
          e.data ? JSON.stringify(e.data) : "",
        ])}
      />
      {result.next_cursor ? (
        <p>
          <a href={`/console/audit?cursor=${encodeURIComponent(result.next_cursor)}`}>Next page</a>
        </p>
      ) : null}
    </>,
  );
});

function messageOf(error: unknown): string {
  return error instanceof ApiError ? error.message : "Something went wrong on our side.";
}

type PageStatus = 400 | 401 | 403 | 404 | 409 | 422 | 429;

function statusOf(error: unknown): PageStatus {
  if (!(error instanceof ApiError)) return 400;
  return ([400, 401, 403, 404, 409, 422, 429] as const).find((s) => s === error.status) ?? 400;
}

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
