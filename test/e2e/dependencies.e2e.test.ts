// What the Worker bundles, checked where it is decided: the lock file.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

describe("the bundle's dependencies", () => {
  it("holds one copy of @peculiar/asn1-schema (two copies break SimpleWebAuthn: 'Cannot get schema for ECDSASigValue')", () => {
    const lock = JSON.parse(readFileSync("package-lock.json", "utf8")) as {
      packages: Record<string, { version?: string }>;
    };
    const copies = Object.entries(lock.packages).filter(([path]) =>
      path.endsWith("node_modules/@peculiar/asn1-schema"),
    );
    expect(copies.map(([path, { version }]) => `${path}@${version}`)).toHaveLength(1);
  });
});
