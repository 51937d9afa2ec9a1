import type { Hono } from "hono";
import { depsOf } from "../http/deps";
import type { AppBindings } from "../http/types";
import { dashboard } from "../metrics/dashboard";
import { isAdmin, page } from "./context";
import { Chart } from "./views";

/** The dashboard (admins): users by status, mail backlog, shops, the last purge, 30 days of activity. */

export function dashboardPage(app: Hono<AppBindings>): void {
  // --- Pages ----------------------------------------------------------------------------------

  app.get("/", async (c) => {
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
}
