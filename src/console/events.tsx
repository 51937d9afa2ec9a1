import type { Hono } from "hono";
import { listFailedEvents, replayEvent } from "../events/failures";
import { depsOf } from "../http/deps";
import type { AppBindings } from "../http/types";
import { ApiError } from "../lib/errors";
import { page, requireAdminPage } from "./context";
import { PostForm, Table, When } from "./views";

/**
 * Events a subscriber never took (docs/events.md): each with how its last try failed, and a
 * button that sends it again to the subscribers still missing it, under the same `webhook-id`.
 * Admins only. No payload is shown: a failure needs no personal data to be understood.
 */
export function eventPages(app: Hono<AppBindings>): void {
  app.get("/events", async (c) => {
    requireAdminPage(c);
    const failed = await listFailedEvents(depsOf(c).db);
    const csrf = c.get("consoleCaller").csrf;
    return page(
      c,
      "Failed event deliveries",
      <>
        <p>
          Events a subscriber did not accept in 8 tries over about an hour. Sending one again starts
          a fresh series of tries, to the subscribers still missing it.
        </p>
        <Table
          caption="Dead-lettered events, newest first"
          head={["Written", "Event", "Id", "Failed", "Last errors", "Action"]}
          rows={failed.map((event) => [
            <When at={event.createdAt} />,
            event.type,
            <code>{event.id}</code>,
            <When at={event.failedAt} />,
            Object.entries(event.errors)
              .map(([subscriber, error]) => `${subscriber}: ${error}`)
              .join("; "),
            <PostForm
              action={`/console/events/${encodeURIComponent(event.id)}/replay`}
              csrf={csrf}
              label="Send again"
              name={`Send ${event.type} ${event.id} again`}
            />,
          ])}
        />
      </>,
    );
  });

  app.post("/events/:id/replay", async (c) => {
    requireAdminPage(c);
    const id = c.req.param("id");
    const replayed = /^msg_[\w-]{1,120}$/.test(id)
      ? await replayEvent(depsOf(c).db, c.env.EVENTS_QUEUE, id)
      : false;
    if (!replayed) throw new ApiError("not_found", "No failed event has this id.");
    return c.redirect("/console/events", 303);
  });
}
