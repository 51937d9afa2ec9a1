// The Worker's zod (build/zod/, generated on install, put in place of "zod" by wrangler.toml's
// `[alias]`) must be zod itself minus the exports scripts/zod-bundle.mjs names, and nothing more.
import { describe, expect, it } from "vitest";
import * as bundled from "../../build/zod/index.js";
import * as zod from "../../node_modules/zod/v4/classic/external.js";
import * as zodCore from "../../node_modules/zod/v4/core/index.js";

const LEFT_OUT = [
  "locales",
  "fromJSONSchema",
  "compile",
  "compileFn",
  "withParser",
  "ZodCompileAsyncError",
  "ZodCompileUnsupportedError",
  "INVALID",
];

describe("the Worker's zod", () => {
  it("has every export of zod but the few it leaves out, the same values", () => {
    const missing = Object.keys(zod).filter((name) => !(name in bundled));
    expect(missing.sort()).toEqual(LEFT_OUT.filter((name) => name in zod).sort());
    for (const name of Object.keys(bundled)) {
      if (name === "core" || name === "z" || name === "default") continue;
      expect(bundled[name as keyof typeof bundled], name).toBe(zod[name as keyof typeof zod]);
    }
  });

  it("has every export of zod's core but the same few", () => {
    const missing = Object.keys(zodCore).filter((name) => !(name in bundled.core));
    expect(missing.sort()).toEqual(LEFT_OUT.filter((name) => name in zodCore).sort());
  });

  it("is a working zod: z is the namespace, English messages", () => {
    expect(bundled.z).toBe(bundled.default);
    const result = bundled.z.object({ email: bundled.z.email() }).safeParse({ email: "nope" });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe("Invalid email address");
  });
});
