import type { Hono } from "hono";
import { listKeys } from "../api-keys/service";
import { depsOf } from "../http/deps";
import type { AppBindings } from "../http/types";
import { listInvitations } from "../shops/invitations";
import { listMembers } from "../shops/members";
import { listShops } from "../shops/service";
import { actorOf, isAdmin, page } from "./context";
import { Table } from "./views";

/** Shops: the list, and a shop's members, invitations and keys — for admins and its owners and managers. */

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

export function shopPages(app: Hono<AppBindings>): void {
  app.get("/shops", async (c) => {
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

  app.get("/shops/:id", async (c) => {
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

  app.get("/shops/:id/invitations", async (c) => {
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

  app.get("/shops/:id/keys", async (c) => {
    const id = c.req.param("id");
    const result = await listKeys(depsOf(c), actorOf(c.get("consoleCaller"), c), id, {
      limit: 100,
    });
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
}
