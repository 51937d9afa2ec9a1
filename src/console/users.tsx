import type { Hono } from "hono";
import { ListUsersQuery } from "../admin/admin.schemas";
import { listUsers } from "../admin/service";
import { depsOf } from "../http/deps";
import type { AppBindings } from "../http/types";
import { ROLES } from "../lib/domain";
import { ApiError } from "../lib/errors";
import { filled, page, requireAdminPage } from "./context";
import { Table, When } from "./views";

/** The user list (admins): search, filters, keyset pages, and the CSV export of the current filter. */

/** A CSV cell: quoted, and never a formula when a spreadsheet opens it. */
function cell(value: unknown): string {
  const text = value === null || value === undefined ? "" : String(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replaceAll('"', '""')}"`;
}

export function userListPages(app: Hono<AppBindings>): void {
  app.get("/users", async (c) => {
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
          head={["Email", "Role", "Status", "Banned", "Name", "Created"]}
          rows={result.items.map((u) => [
            <a href={`/console/users/${u.id}`} class="wrap">
              {u.email}
            </a>,
            u.role,
            u.status,
            u.banned ? `until ${u.banned_until ?? "lifted"}` : "no",
            [u.name, u.surname].filter(Boolean).join(" "),
            <When at={u.created_at} />,
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

  app.get("/users.csv", async (c) => {
    requireAdminPage(c);
    const parsed = ListUsersQuery.safeParse({ ...filled(c.req.query()), limit: "100" });
    if (!parsed.success) throw new ApiError("validation_failed", "Check the filters.");
    const deps = depsOf(c);
    const columns = [
      "id",
      "email",
      "name",
      "surname",
      "role",
      "status",
      "created_at",
      "verified_at",
      "banned",
      "banned_until",
    ];
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
}
