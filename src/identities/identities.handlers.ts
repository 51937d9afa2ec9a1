import { getCookie, setCookie } from "hono/cookie";
import { depsOf } from "../http/deps";
import type { AppRouteHandler } from "../http/types";
import { firstFactorBody } from "../sessions/cookie";
import type * as routes from "./identities.routes";
import { requestLink } from "./link";
import { listIdentities as list, removeIdentity as remove } from "./linked";
import { signInWithIdToken } from "./native";
import {
  BROWSER_COOKIE,
  exchangeLoginCode,
  finishSignIn,
  STATE_TTL_SECONDS,
  startSignIn,
} from "./sign-in";

export const providers: AppRouteHandler<routes.ProvidersRoute> = (c) => {
  const list = depsOf(c).config.identityProviders.map((p) => ({
    id: p.id,
    name: p.name ?? p.id,
    kind: p.kind,
    start_url: `/v1/auth/oauth/${p.id}/start`,
  }));
  return c.json({ providers: list }, 200);
};

export const start: AppRouteHandler<routes.StartRoute> = async (c) => {
  const { provider } = c.req.valid("param");
  const query = c.req.valid("query");
  const { location, browser } = await startSignIn(depsOf(c), {
    provider,
    redirectTo: query.redirect_to,
    origin: new URL(c.req.url).origin,
    link: query.link,
  });
  // SameSite=None: Apple answers with a cross-site POST, which a Lax cookie would not join.
  setCookie(c, BROWSER_COOKIE, browser, {
    path: "/",
    secure: true,
    httpOnly: true,
    sameSite: "None",
    maxAge: STATE_TTL_SECONDS,
  });
  c.header("Cache-Control", "no-store");
  return c.redirect(location, 302);
};

async function finish(
  c: Parameters<AppRouteHandler<routes.CallbackRoute>>[0],
  provider: string,
  params: URLSearchParams,
) {
  const outcome = await finishSignIn(depsOf(c), {
    provider,
    params,
    browser: getCookie(c, BROWSER_COOKIE),
    origin: new URL(c.req.url).origin,
  });
  setCookie(c, BROWSER_COOKIE, "", {
    path: "/",
    secure: true,
    httpOnly: true,
    sameSite: "None",
    maxAge: 0,
  });
  c.header("Cache-Control", "no-store");
  c.header("Referrer-Policy", "no-referrer");
  return c.redirect(outcome.redirect, 302);
}

export const callback: AppRouteHandler<routes.CallbackRoute> = (c) =>
  finish(c, c.req.valid("param").provider, new URL(c.req.url).searchParams);

export const callbackPost: AppRouteHandler<routes.CallbackPostRoute> = (c) => {
  const form = c.req.valid("form") as Record<string, string>;
  return finish(
    c as unknown as Parameters<AppRouteHandler<routes.CallbackRoute>>[0],
    c.req.valid("param").provider,
    new URLSearchParams(form),
  );
};

export const exchange: AppRouteHandler<routes.ExchangeRoute> = async (c) => {
  const { login_code, refresh_token_transport } = c.req.valid("json");
  const result = await exchangeLoginCode(depsOf(c), {
    code: login_code,
    transport: refresh_token_transport ?? "body",
  });
  return c.json(firstFactorBody(c, result), 200);
};

export const listIdentities: AppRouteHandler<routes.ListIdentitiesRoute> = async (c) => {
  const items = await list(depsOf(c), c.get("user").id);
  return c.json(
    {
      items: items.map((i) => ({
        id: i.id,
        provider: i.provider,
        email: i.email,
        created_at: i.createdAt,
      })),
    },
    200,
  );
};

export const removeIdentity: AppRouteHandler<routes.RemoveIdentityRoute> = async (c) => {
  await remove(depsOf(c), c.get("user").id, c.req.valid("param").id);
  return c.body(null, 204);
};

export const idToken: AppRouteHandler<routes.IdTokenRoute> = async (c) => {
  const { id_token, nonce, refresh_token_transport } = c.req.valid("json");
  const result = await signInWithIdToken(depsOf(c), {
    provider: c.req.valid("param").provider,
    idToken: id_token,
    nonce,
    transport: refresh_token_transport ?? "body",
  });
  return c.json(firstFactorBody(c, result), 200);
};

export const link: AppRouteHandler<routes.LinkRoute> = async (c) => {
  const { password, redirect_to } = c.req.valid("json");
  const result = await requestLink(depsOf(c), c.get("user"), c.get("session"), {
    provider: c.req.valid("param").provider,
    password,
    redirectTo: redirect_to,
    origin: new URL(c.req.url).origin,
  });
  return c.json({ link_url: result.linkUrl, expires_at: result.expiresAt }, 200);
};
