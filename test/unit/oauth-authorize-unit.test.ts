import { describe, expect, it } from "vitest";
import {
  type Checked,
  checkAuthorizeRequest,
  errorRedirect,
  type KnownClient,
} from "../../src/oauth/authorize-request";

const client: KnownClient = {
  id: "cl_loyalty_app_0001",
  redirectUris: ["https://app.example/cb", "http://127.0.0.1/native"],
  scopes: ["openid", "profile", "email"],
  revoked: false,
};
const find = (id: string) => (id === client.id ? client : null);
const good = {
  client_id: client.id,
  redirect_uri: "https://app.example/cb",
  response_type: "code",
  scope: "openid email",
  state: "s-123",
  nonce: "n-456",
  code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
  code_challenge_method: "S256",
};
const check = (overrides: Record<string, string | undefined>) =>
  checkAuthorizeRequest({ ...good, ...overrides }, find);
const errorOf = (checked: Checked) =>
  !checked.ok && "redirect" in checked ? checked.redirect.error : checked.ok ? "ok" : "page";

describe("an authorization request", () => {
  it("a good one is taken, scopes and all", () => {
    const checked = check({});
    expect(checked).toMatchObject({
      ok: true,
      request: { scopes: ["openid", "email"], state: "s-123", nonce: "n-456", prompt: null },
    });
    expect(check({ redirect_uri: "http://127.0.0.1:50123/native" }).ok).toBe(true);
  });

  it("an unknown or revoked client, or a redirect it has not registered exactly, is a page — never a redirect", () => {
    for (const overrides of [
      { client_id: undefined },
      { client_id: "cl_unknown" },
      { redirect_uri: undefined },
      { redirect_uri: "https://app.example/cb/" },
      { redirect_uri: "https://app.example/cb?x=1" },
      { redirect_uri: "https://evil.example/cb" },
      { redirect_uri: "HTTPS://app.example/cb" },
    ]) {
      expect(errorOf(check(overrides)), JSON.stringify(overrides)).toBe("page");
    }
    expect(errorOf(checkAuthorizeRequest(good, () => ({ ...client, revoked: true })))).toBe("page");
  });

  it("after that, errors go back to the client with state and iss", () => {
    const cases: [Record<string, string | undefined>, string][] = [
      [{ response_type: "token" }, "unsupported_response_type"],
      [{ response_type: "code id_token" }, "unsupported_response_type"],
      [{ code_challenge: undefined }, "invalid_request"],
      [{ code_challenge_method: "plain" }, "invalid_request"],
      [{ code_challenge_method: undefined }, "invalid_request"],
      [{ code_challenge: "short" }, "invalid_request"],
      [{ scope: "email" }, "invalid_scope"],
      [{ scope: "openid offline_access" }, "invalid_scope"],
      [{ scope: "openid admin" }, "invalid_scope"],
      [{ prompt: "select_account" }, "invalid_request"],
      [{ max_age: "-1" }, "invalid_request"],
      [{ response_mode: "fragment" }, "invalid_request"],
      [{ request: "eyJ..." }, "request_not_supported"],
      [{ request_uri: "https://x" }, "request_uri_not_supported"],
    ];
    for (const [overrides, error] of cases) {
      expect(errorOf(check(overrides)), JSON.stringify(overrides)).toBe(error);
    }
    const checked = check({ response_type: "token" });
    if (checked.ok || !("redirect" in checked)) throw new Error("expected a redirect");
    const back = new URL(errorRedirect(checked.redirect, "https://accounts.example"));
    expect(`${back.origin}${back.pathname}`).toBe("https://app.example/cb");
    expect(Object.fromEntries(back.searchParams)).toMatchObject({
      error: "unsupported_response_type",
      state: "s-123",
      iss: "https://accounts.example",
    });
  });
});
