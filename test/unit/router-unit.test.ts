// The app's router remembers what a path answered by a route without parameters matched
// (src/http/create-router.ts): the same answer as Hono's own router, never for a path a route
// with parameters answers, or one no route takes.
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { STATIC_MATCHES, StaticMatchCache } from "../../src/http/create-router";

function app() {
  const router = new StaticMatchCache();
  const hono = new Hono({ router });
  hono.use("*", async (_c, next) => next());
  hono.get("/health", (c) => c.text("ok"));
  hono.get("/v1/users/me/sessions", (c) => c.text("mine"));
  hono.get("/v1/users/:id/sessions", (c) => c.text(`of ${c.req.param("id")}`));
  return { hono, router };
}

describe("the app's router", () => {
  it("answers like Hono's: static before parameters, parameters per request", async () => {
    const { hono } = app();
    for (let i = 0; i < 3; i++) {
      expect(await (await hono.request("/v1/users/me/sessions")).text()).toBe("mine");
      expect(await (await hono.request(`/v1/users/u${i}/sessions`)).text()).toBe(`of u${i}`);
      expect((await hono.request("/nope")).status).toBe(404);
    }
  });

  it("remembers a path a route without parameters answers, and only that", () => {
    const { router } = app();
    expect(router.match("GET", "/health")).toBe(router.match("GET", "/health"));
    // Also matched by /v1/users/:id/sessions further down; the static route answers.
    expect(router.match("GET", "/v1/users/me/sessions")).toBe(
      router.match("GET", "/v1/users/me/sessions"),
    );
    expect(router.match("GET", "/v1/users/a/sessions")).not.toBe(
      router.match("GET", "/v1/users/a/sessions"),
    );
    // Only middleware matched (a 404): not remembered.
    expect(router.match("GET", "/nope")).not.toBe(router.match("GET", "/nope"));
  });

  it("unknown paths cannot crowd the known ones out", () => {
    const { router } = app();
    for (let i = 0; i < STATIC_MATCHES * 4; i++) router.match("GET", `/junk/${i}`);
    expect(router.match("GET", "/health")).toBe(router.match("GET", "/health"));
  });
});
