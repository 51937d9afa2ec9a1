import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { redirectMatches, registerRedirect } from "../../src/oauth/redirects";

describe("registering a redirect URI", () => {
  it("takes https, the loopback IPs and private-use schemes, each in normal form", () => {
    expect(registerRedirect("https://loyalty.example/callback")).toMatchObject({
      ok: true,
      kind: "https",
    });
    expect(registerRedirect("http://127.0.0.1/cb")).toMatchObject({ ok: true, kind: "loopback" });
    expect(registerRedirect("http://[::1]:4000/cb")).toMatchObject({ ok: true, kind: "loopback" });
    expect(registerRedirect("com.example.coffee:/oauth")).toMatchObject({
      ok: true,
      kind: "private-use",
    });
  });

  it("refuses wildcards, fragments, plain http elsewhere, localhost, user info, odd schemes and non-normal forms", () => {
    for (const uri of [
      "https://*.example/cb",
      "https://app.example/cb#x",
      "http://app.example/cb",
      "http://localhost:3000/cb",
      "https://user:pw@app.example/cb",
      "javascript:alert(1)",
      "myapp:/cb",
      "https://App.Example/cb",
      "https://app.example",
      "https://app.example/a/../cb",
      "/relative",
      `https://app.example/${"x".repeat(600)}`,
    ]) {
      expect(registerRedirect(uri).ok, uri).toBe(false);
    }
  });
});

describe("matching a presented redirect_uri", () => {
  const registered = [
    "https://app.example/cb",
    "http://127.0.0.1/native",
    "com.example.coffee:/oauth",
  ];

  it("is exact: no prefix, no trailing slash, no case, no extra query", () => {
    expect(redirectMatches(registered, "https://app.example/cb")).toBe(true);
    for (const uri of [
      "https://app.example/cb/",
      "https://app.example/cb/evil",
      "https://app.example/c",
      "https://APP.example/cb",
      "https://app.example/CB",
      "https://app.example/cb?x=1",
      "https://app.example:443/cb",
      "https://app.example.evil/cb",
      "com.example.coffee:/oauth/x",
    ]) {
      expect(redirectMatches(registered, uri), uri).toBe(false);
    }
  });

  it("a registered loopback URI matches on any port (RFC 8252 §7.3), and nothing else about it", () => {
    expect(redirectMatches(registered, "http://127.0.0.1:53121/native")).toBe(true);
    expect(redirectMatches(registered, "http://127.0.0.1/native")).toBe(true);
    expect(redirectMatches(registered, "http://127.0.0.1:53121/native/x")).toBe(false);
    expect(redirectMatches(registered, "http://[::1]:53121/native")).toBe(false);
    expect(redirectMatches(registered, "http://localhost:53121/native")).toBe(false);
    expect(redirectMatches(["https://app.example/cb"], "http://127.0.0.1:1/cb")).toBe(false);
  });

  it("property: any change to a registered https URI's text fails to match", () => {
    fc.assert(
      fc.property(
        fc.webPath(),
        fc.string({ minLength: 1, maxLength: 5 }),
        fc.integer({ min: 0, max: 2 }),
        (path, extra, where) => {
          const base = `https://app.example/cb${path}`;
          const uri = new URL(base).href;
          const changed =
            where === 0 ? `${uri}${extra}` : where === 1 ? uri.toUpperCase() : `${uri}?${extra}`;
          fc.pre(changed !== uri);
          return !redirectMatches([uri], changed);
        },
      ),
    );
  });
});
