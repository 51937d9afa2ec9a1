import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { SETTINGS } from "../../src/config";

describe("the tests never read the developer's own settings", () => {
  it("pins every setting the Worker reads (vitest.config.ts), so .dev.vars cannot change a test", () => {
    const pinned = env.TEST_PINNED_SETTINGS;
    expect(SETTINGS.filter((name) => !pinned.includes(name))).toEqual([]);
  });
});
