import type { Hono } from "hono";
import { emailsOf } from "../admin/overview";
import { AuditQuery } from "../audit/schemas";
import { listAuditEvents } from "../audit/service";
import { depsOf } from "../http/deps";
import type { AppBindings } from "../http/types";
import { ApiError } from "../lib/errors";
import { filled, page, requireAdminPage } from "./context";
import { Person, Table, When } from "./views";

/** The audit trail (admins), with filters. */

export function auditPage(app: Hono<AppBindings>): void {
  app.get("/audit", async (c) => {
    requireAdminPage(c);
    const parsed = AuditQuery.safeParse(filled(c.req.query()));
    if (!parsed.success) throw new ApiError("validation_failed", "Check the filters.");
    const deps = depsOf(c);
    const result = await listAuditEvents(deps, parsed.data);
    const emails = await emailsOf(
      deps,
      result.items.flatMap((e) => [e.actor_id, e.target_id]),
    );
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
            <When at={e.created_at} />,
            e.type,
            <Person id={e.actor_id} emails={emails} />,
            <Person id={e.target_id} emails={emails} />,
            e.data ? <span class="wrap">{JSON.stringify(e.data)}</span> : "",
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
