import type { Hono } from "hono";
import { ban, unban } from "../admin/bans";
import { userOverview, userProfile } from "../admin/overview";
import { deleteUser, patchUser } from "../admin/service";
import { depsOf } from "../http/deps";
import type { AppBindings } from "../http/types";
import { ApiError } from "../lib/errors";
import { adminReset } from "../mfa/enrolment";
import { proveFreshly } from "../mfa/fresh-proof";
import { adminRemovePasskey } from "../passkeys/service";
import { endUserSessions } from "../sessions/service";
import { page, requireAdminPage } from "./context";
import { Person, PostForm, Table, When } from "./views";

/** One user (admins): profile, sessions, passkeys, sign-in providers, shops, audit trail, and the confirmed actions. */

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

export function userPages(app: Hono<AppBindings>): void {
  app.get("/users/:id", async (c) => {
    requireAdminPage(c);
    const deps = depsOf(c);
    const id = c.req.param("id");
    const caller = c.get("consoleCaller");
    const {
      user,
      sessions: sessionRows,
      shops: shopRows,
      events,
      passkeys: passkeyRows,
      identities: identityRows,
    } = await userOverview(deps, id);
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
              <When at={user.verifiedAt} empty="no" />,
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
          head={["Started", "Last used", "IP", "Country", "How", "App"]}
          rows={sessionRows.map((s) => [
            <When at={s.createdAt} />,
            <When at={s.lastUsedAt} />,
            s.ip ?? "—",
            s.country ?? "—",
            (s.amr as string[]).join(" + "),
            s.clientId ? (s.clientName ?? s.clientId) : "—",
          ])}
        />
        <Table
          caption="Passkeys"
          head={["Name", "Added", "Last used", ""]}
          rows={passkeyRows.map((p) => [
            p.name,
            <When at={p.createdAt} />,
            <When at={p.lastUsedAt} empty="never" />,
            <a href={`/console/users/${id}/confirm/passkey-remove?passkey=${p.id}`}>
              Remove {p.name}
            </a>,
          ])}
        />
        <Table
          caption="Sign-in providers"
          head={["Provider", "Address at the provider", "Linked"]}
          rows={identityRows.map((i) => [i.provider, i.email ?? "—", <When at={i.createdAt} />])}
        />
        <Table
          caption="Shops"
          head={["Shop", "Role"]}
          rows={shopRows.map((m) => [<a href={`/console/shops/${m.shopId}`}>{m.slug}</a>, m.role])}
        />
        <Table
          caption="Audit trail (newest 20)"
          head={["When", "Event", "By"]}
          rows={events.map((e) => [
            <When at={e.createdAt} />,
            e.type,
            <Person
              id={e.actorId}
              emails={e.actorEmail && e.actorId ? { [e.actorId]: e.actorEmail } : {}}
            />,
          ])}
        />
      </>,
    );
  });

  app.get("/users/:id/confirm/:action", async (c) => {
    requireAdminPage(c);
    const id = c.req.param("id");
    const action = ACTIONS[c.req.param("action")];
    if (!action) throw new ApiError("not_found", "No such action.");
    const user = await userProfile(depsOf(c), id);
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
            <input
              id="proof"
              name="proof"
              type="password"
              required
              autocomplete="current-password"
            />
          </>
        ) : null}
        <p>This is recorded in the audit trail as done by {c.get("consoleCaller").user.email}.</p>
      </PostForm>,
    );
  });

  app.post("/users/:id/:action", async (c) => {
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
}
