import type { Hono } from "hono";
import { AuditQuery } from "../audit/schemas";
import { listAuditEvents } from "../audit/service";
import { depsOf } from "../http/deps";
import type { AppBindings } from "../http/types";
import { ApiError } from "../lib/errors";
import { filled, page, requireAdminPage } from "./context";
import { Table } from "./views";

/** The audit trail (admins), with filters. */

export function auditPage(app: Hono<AppBindings>): void {
  app.get("/audit", async (c) => {
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
            <a href={`/console/audit?cursor=${encodeURIComponent(result.next_cursor)}`}>
              Next page
            </a>
          </p>
        ) : null}
      </>,
    );
  });
}
