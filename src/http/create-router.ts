import { OpenAPIHono } from "@hono/zod-openapi";
import type { Result, Router } from "hono/router";
import { RegExpRouter } from "hono/router/reg-exp-router";
import { SmartRouter } from "hono/router/smart-router";
import { TrieRouter } from "hono/router/trie-router";
import type { H, RouterRoute } from "hono/types";
import type { AppBindings } from "./types";
import { defaultHook } from "./validation";

type Entry = [H, RouterRoute];

/** At most this many paths are remembered per isolate (the routes without parameters fit). */
export const STATIC_MATCHES = 256;

/**
 * Hono's default router (RegExpRouter, else TrieRouter) that remembers, per isolate, what each
 * path answered by a route *without parameters* matched. RegExpRouter cannot take this API's
 * routes (`/v1/users/me/…` and `/v1/users/:id/…` are siblings), so every request would walk
 * TrieRouter's tree — the largest single cost a request pays before its handler
 * (bench/NOTES.md). The hot routes (login, refresh, /v1/users/me, /health) have no parameters,
 * so each is matched once per isolate. A path a route with parameters answers (an id), and a
 * path no route answers (only middleware matched: a 404), is never remembered, so neither can
 * crowd the known ones out; routes are added only before the first match (Hono's rule), so
 * nothing remembered goes stale.
 */
export class StaticMatchCache implements Router<Entry> {
  readonly name = "StaticMatchCache";
  readonly #router = new SmartRouter<Entry>({ routers: [new RegExpRouter(), new TrieRouter()] });
  readonly #matches = new Map<string, Result<Entry>>();

  add(method: string, path: string, handler: Entry): void {
    this.#router.add(method, path, handler);
  }

  match(method: string, path: string): Result<Entry> {
    const key = `${method} ${path}`;
    const known = this.#matches.get(key);
    if (known) return known;
    const result = this.#router.match(method, path);
    // The route that answers is the first matched that is not middleware. `/v1/users/me` also
    // matches `/v1/users/:id` further down the list; what decides is the answering route's own
    // parameters (none), and a result depends only on its method and path.
    const answering = result[0].find(([[, route]]) => route.method !== "ALL");
    if (
      answering &&
      Object.keys(answering[1]).length === 0 &&
      this.#matches.size < STATIC_MATCHES
    ) {
      this.#matches.set(key, result);
    }
    return result;
  }
}

/** Every router shares one env type and one validation hook; the app's router is above. */
export function createRouter() {
  return new OpenAPIHono<AppBindings>({
    strict: true,
    defaultHook,
    router: new StaticMatchCache(),
  });
}
