import { describe, expect, it } from "vitest";
import { ERROR_CODES } from "../../src/lib/errors";
import { bindings, call, json } from "../helpers/api";

/** Problem `type` URIs (RFC 9457) name a page this Worker serves, under PUBLIC_URL when set. */
describe("problem types resolve to a page per code", () => {
  it("under PUBLIC_URL: the type is absolute, and its page explains the code", async () => {
    const answer = await call("GET", "/v1/users/me");
    const problem = await json<{ type: string; code: string }>(answer);
    expect(problem).toMatchObject({
      code: "unauthorized",
      type: "https://accounts.test/problems/unauthorized",
    });
    const page = await call("GET", new URL(problem.type).pathname);
    expect(page.status).toBe(200);
    expect(page.headers.get("Content-Type")).toMatch(/^text\/html/);
    expect(page.headers.get("Content-Security-Policy")).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain("Code <code>unauthorized</code>, HTTP 401");
    expect(html).toContain("Authorization: Bearer");
    expect(html).not.toContain("<script");
  });

  it("without PUBLIC_URL it is relative to the API's own origin, which serves the same page", async () => {
    const answer = await call("GET", "/v1/no-such-route", {
      env: bindings({ PUBLIC_URL: "" }),
    });
    const problem = await json<{ type: string }>(answer);
    expect(problem.type).toBe("/problems/not-found");
    expect((await call("GET", problem.type)).status).toBe(200);
  });

  it("every code has its page, listed on the index; an unknown one is a clear 404 page", async () => {
    const index = await (await call("GET", "/problems")).text();
    for (const code of Object.keys(ERROR_CODES)) {
      const slug = code.replaceAll("_", "-");
      expect(index).toContain(`/problems/${slug}`);
      const page = await call("GET", `/problems/${slug}`);
      expect(page.status, code).toBe(200);
      expect(await page.text()).toContain(`Code <code>${code}</code>`);
    }
    for (const slug of ["no-such-thing", "constructor", "--proto--", "to-string", "%00"]) {
      const unknown = await call("GET", `/problems/${slug}`);
      expect(unknown.status, slug).toBe(404);
      expect(await unknown.text()).toContain("No such problem");
    }
  });
});
