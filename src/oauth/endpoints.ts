import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { depsOf } from "../http/deps";
import type { AppBindings } from "../http/types";
import { ApiError } from "../lib/errors";
import { MAX_BODY_BYTES } from "../middleware/body";
import { requireConfig } from "../middleware/config";
import { OAuthError, presentedClient } from "./client-auth";
import { introspect, redeemCode, refreshGrant, revokeToken, userinfo } from "./grants";
import { discoveryDocument, providerOf } from "./provider";

/**
 * The OpenID provider's machine endpoints (docs/openid-provider.md): discovery, token, userinfo,
 * revocation (RFC 7009) and introspection (RFC 7662). Their errors are OAuth's own JSON
 * (`{error, error_description}`, RFC 6749 §5.2), which every relying-party library reads; a
 * provider that is not configured, a limit or an outage is problem+json like the rest of the API.
 * Nothing here is cached (`Cache-Control: no-store`) but discovery.
 */
export const providerEndpoints = new Hono<AppBindings>();

for (const path of ["/oauth/*", "/.well-known/openid-configuration"]) {
  providerEndpoints.use(path, requireConfig);
}
providerEndpoints.use(
  "/oauth/*",
  bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new ApiError("payload_too_large", `The body is over ${MAX_BODY_BYTES} bytes.`);
    },
  }),
);

function oauthError(c: Context<AppBindings>, error: OAuthError): Response {
  const headers: Record<string, string> = { "Cache-Control": "no-store" };
  if (error.status === 401 && error.error === "invalid_client" && c.req.header("Authorization")) {
    headers["WWW-Authenticate"] = 'Basic realm="oauth"';
  }
  if (error.error === "invalid_token") {
    headers["WWW-Authenticate"] = `Bearer error="invalid_token"`;
  }
  return c.json(
    { error: error.error, error_description: error.description },
    error.status,
    headers,
  );
}

/** A form body (`application/x-www-form-urlencoded`), each parameter once (RFC 6749 §3.2). */
async function formOf(c: Context<AppBindings>): Promise<Record<string, string>> {
  const type = c.req.header("Content-Type") ?? "";
  if (!type.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
    throw new OAuthError(
      "invalid_request",
      "Send the parameters as application/x-www-form-urlencoded.",
    );
  }
  // Bytes, then UTF-8: workerd warns when .text() reads a body that is not declared as text.
  const params = new URLSearchParams(new TextDecoder().decode(await c.req.arrayBuffer()));
  const form: Record<string, string> = {};
  for (const [key, value] of params) {
    if (key in form) throw new OAuthError("invalid_request", `${key} is repeated.`);
    form[key] = value;
  }
  return form;
}

function required(form: Record<string, string>, name: string, max = 2048): string {
  const value = form[name];
  if (!value || value.length > max) throw new OAuthError("invalid_request", `${name} is required.`);
  return value;
}

function answering(
  run: (c: Context<AppBindings>) => Promise<Response>,
): (c: Context<AppBindings>) => Promise<Response> {
  return async (c) => {
    try {
      return await run(c);
    } catch (error) {
      if (error instanceof OAuthError) return oauthError(c, error);
      throw error;
    }
  };
}

providerEndpoints.get("/.well-known/openid-configuration", (c) => {
  const provider = providerOf(c.get("config"));
  return c.json(discoveryDocument(provider), 200, { "Cache-Control": "public, max-age=300" });
});

providerEndpoints.post(
  "/oauth/token",
  answering(async (c) => {
    const deps = depsOf(c);
    const provider = providerOf(deps.config);
    const form = await formOf(c);
    const client = await presentedClient(c.req.header("Authorization"), form);
    let body: unknown;
    switch (form.grant_type) {
      case "authorization_code":
        body = await redeemCode(deps, provider, client, {
          code: required(form, "code", 128),
          redirectUri: required(form, "redirect_uri"),
          verifier: form.code_verifier ?? "",
        });
        break;
      case "refresh_token":
        body = await refreshGrant(deps, provider, client, required(form, "refresh_token", 128));
        break;
      default:
        throw new OAuthError(
          "unsupported_grant_type",
          "grant_type is authorization_code or refresh_token.",
        );
    }
    return c.json(body, 200, { "Cache-Control": "no-store", Pragma: "no-cache" });
  }),
);

const userinfoHandler = answering(async (c) => {
  const deps = depsOf(c);
  const provider = providerOf(deps.config);
  const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i.exec(c.req.header("Authorization") ?? "");
  if (!match?.[1])
    throw new OAuthError("invalid_token", "Send the access token as a Bearer token.");
  const claims = await userinfo(deps, provider, match[1]);
  return c.json(claims, 200, { "Cache-Control": "no-store" });
});
providerEndpoints.get("/oauth/userinfo", userinfoHandler);
providerEndpoints.post("/oauth/userinfo", userinfoHandler);

providerEndpoints.post(
  "/oauth/revoke",
  answering(async (c) => {
    const deps = depsOf(c);
    providerOf(deps.config);
    const form = await formOf(c);
    const client = await presentedClient(c.req.header("Authorization"), form);
    await revokeToken(deps, client, required(form, "token"));
    return c.body(null, 200, { "Cache-Control": "no-store" });
  }),
);

providerEndpoints.post(
  "/oauth/introspect",
  answering(async (c) => {
    const deps = depsOf(c);
    const provider = providerOf(deps.config);
    const form = await formOf(c);
    const client = await presentedClient(c.req.header("Authorization"), form);
    const answer = await introspect(deps, provider, client, required(form, "token"));
    return c.json(answer, 200, { "Cache-Control": "no-store" });
  }),
);
