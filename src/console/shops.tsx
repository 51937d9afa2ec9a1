import type { Hono } from "hono";
import { listKeys, revokeKey } from "../api-keys/service";
import { depsOf } from "../http/deps";
import type { AppBindings } from "../http/types";
import { SHOP_ROLES, type ShopRole } from "../lib/domain";
import { ApiError } from "../lib/errors";
import { proveFreshly } from "../mfa/fresh-proof";
import type { ShopWithRole } from "../security/shop-access";
import { invite, listInvitations, revokeInvitation } from "../shops/invitations";
import { listMembers, removeMember } from "../shops/members";
import { listShops } from "../shops/service";
import { actorOf, type Ctx, isAdmin, page } from "./context";
import { PostForm, Table, When } from "./views";

/**
 * Shops: the list, and a shop's members, invitations and keys — for admins and the shop's owners
 * and managers. A shop's pages are headed with its name and act through the same services and
 * policy as the API: invite, revoke an invitation, remove a member, revoke a key (the last two
 * ask for a fresh proof, like every destructive console action). Each page: the console session,
 * then the service's access read and its page — at most 3 D1 calls.
 */

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

function done(c: Ctx) {
  const what = c.req.query("done");
  return what ? (
    <p class="notice" role="status">
      Done: {what}
    </p>
  ) : null;
}

const actor = (c: Ctx) => actorOf(c.get("consoleCaller"), c);

/** The page of one shop, headed with its name (read by the service's own access check). */
function shopPage(c: Ctx, shop: ShopWithRole | undefined, what: string, body: unknown) {
  const name = shop ? shop.name : "Shop";
  return page(
    c,
    `${name}: ${what}`,
    <>
      {shopNav(c.req.param("id") ?? "")}
      {done(c)}
      {body}
    </>,
  );
}

/** The confirmations a shop's destructive actions go through (with a fresh proof). */
const SHOP_ACTIONS: Record<string, { title: string; verb: string; field: string }> = {
  "remove-member": { title: "Remove a member", verb: "Remove them", field: "user_id" },
  "revoke-key": { title: "Revoke a key", verb: "Revoke it now", field: "key_id" },
};

export function shopPages(app: Hono<AppBindings>): void {
  app.get("/shops", async (c) => {
    const result = await listShops(depsOf(c), actor(c), { limit: 50 });
    return page(
      c,
      "Shops",
      <Table
        caption={isAdmin(c) ? "Every shop" : "Your shops"}
        head={["Shop", "Your role", "Status", "Slug", "Time zone"]}
        rows={result.items.map((s) => [
          <a href={`/console/shops/${s.id}`}>{s.name}</a>,
          s.role ?? "—",
          s.status,
          s.slug,
          s.timezone,
        ])}
      />,
    );
  });

  app.get("/shops/:id", async (c) => {
    const id = c.req.param("id");
    const caller = c.get("consoleCaller");
    let shop: ShopWithRole | undefined;
    const result = await listMembers(depsOf(c), actor(c), id, { limit: 100 }, (s) => {
      shop = s;
    });
    return shopPage(
      c,
      shop,
      "members",
      <Table
        caption="Members, oldest first"
        head={["Email", "Role", "Since", "Name", ""]}
        rows={result.items.map((m) => [
          <span class="wrap">{m.email}</span>,
          m.role,
          <When at={m.created_at} />,
          [m.name, m.surname].filter(Boolean).join(" "),
          m.user_id === caller.user.id ? (
            "you"
          ) : (
            <a href={`/console/shops/${id}/confirm/remove-member?user_id=${m.user_id}`}>
              Remove {m.email}
            </a>
          ),
        ])}
      />,
    );
  });

  app.get("/shops/:id/invitations", async (c) => {
    const id = c.req.param("id");
    const { csrf } = c.get("consoleCaller");
    let shop: ShopWithRole | undefined;
    const result = await listInvitations(depsOf(c), actor(c), id, { limit: 100 }, (s) => {
      shop = s;
    });
    return shopPage(
      c,
      shop,
      "invitations",
      <>
        <PostForm action={`/console/shops/${id}/invite`} csrf={csrf} label="Invite">
          <label for="email">Email</label>
          <input id="email" name="email" type="email" required maxlength={254} />
          <label for="role">Role</label>
          <select id="role" name="role">
            {SHOP_ROLES.map((role) => (
              <option value={role} selected={role === "barista"}>
                {role}
              </option>
            ))}
          </select>
        </PostForm>
        <Table
          caption="Pending invitations"
          head={["Email", "Role", "Expires", ""]}
          rows={result.items.map((i) => [
            <span class="wrap">{i.email}</span>,
            i.role,
            <When at={i.expires_at} />,
            <PostForm
              action={`/console/shops/${id}/invitations/${i.id}/revoke`}
              csrf={csrf}
              label="Revoke"
              name={`Revoke the invitation of ${i.email}`}
            />,
          ])}
        />
      </>,
    );
  });

  app.get("/shops/:id/keys", async (c) => {
    const id = c.req.param("id");
    let shop: ShopWithRole | undefined;
    const result = await listKeys(depsOf(c), actor(c), id, { limit: 100 }, (s) => {
      shop = s;
    });
    return shopPage(
      c,
      shop,
      "keys",
      <Table
        caption="Keys for tills and kiosks"
        head={["Name", "Last used", "Scopes", "Expires", "Key", ""]}
        rows={result.items.map((k) => [
          k.name,
          <When at={k.last_used_at} empty="never" />,
          k.scopes.join(", "),
          <When at={k.expires_at} empty="never" />,
          `${k.prefix}…`,
          <a href={`/console/shops/${id}/confirm/revoke-key?key_id=${k.id}`}>Revoke {k.name}</a>,
        ])}
      />,
    );
  });

  app.post("/shops/:id/invite", async (c) => {
    const id = c.req.param("id");
    const form = await c.req.parseBody();
    const email = String(form.email ?? "")
      .trim()
      .toLowerCase();
    const role = String(form.role ?? "");
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 254) {
      throw new ApiError("validation_failed", "Give an email address to invite.");
    }
    if (!(SHOP_ROLES as readonly string[]).includes(role)) {
      throw new ApiError("validation_failed", "Choose a role: owner, manager or barista.");
    }
    await invite(depsOf(c), actor(c), id, { email, role: role as ShopRole });
    return c.redirect(
      `/console/shops/${id}/invitations?done=${encodeURIComponent(`invited ${email}`)}`,
      303,
    );
  });

  app.post("/shops/:id/invitations/:invitationId/revoke", async (c) => {
    const id = c.req.param("id");
    await revokeInvitation(depsOf(c), actor(c), id, c.req.param("invitationId"));
    return c.redirect(`/console/shops/${id}/invitations?done=revoked`, 303);
  });

  app.get("/shops/:id/confirm/:action", async (c) => {
    const id = c.req.param("id");
    const action = SHOP_ACTIONS[c.req.param("action")];
    if (!action) throw new ApiError("not_found", "No such action.");
    const target = c.req.query(action.field) ?? "";
    return page(
      c,
      action.title,
      <PostForm
        action={`/console/shops/${id}/${c.req.param("action")}`}
        csrf={c.get("consoleCaller").csrf}
        label={action.verb}
        danger
      >
        <input type="hidden" name={action.field} value={target} />
        <label for="proof">Your password, or a code from your authenticator app</label>
        <input id="proof" name="proof" type="password" required autocomplete="current-password" />
        <p>This is recorded in the audit trail as done by {c.get("consoleCaller").user.email}.</p>
      </PostForm>,
    );
  });

  app.post("/shops/:id/:action{remove-member|revoke-key}", async (c) => {
    const id = c.req.param("id");
    const form = await c.req.parseBody();
    const deps = depsOf(c);
    await proveFreshly(deps, c.get("consoleCaller").user, String(form.proof ?? ""));
    if (c.req.param("action") === "remove-member") {
      await removeMember(deps, actor(c), id, String(form.user_id ?? ""));
      return c.redirect(`/console/shops/${id}?done=removed`, 303);
    }
    await revokeKey(deps, actor(c), id, String(form.key_id ?? ""));
    return c.redirect(`/console/shops/${id}/keys?done=revoked`, 303);
  });
}
