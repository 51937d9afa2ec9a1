import type { AuthenticationResponseJSON, RegistrationResponseJSON } from "@simplewebauthn/server";
import { depsOf } from "../http/deps";
import type { AppRouteHandler } from "../http/types";
import { sessionBody } from "../sessions/cookie";
import type * as routes from "./passkeys.routes";
import * as registration from "./registration";
import * as service from "./service";
import * as signInService from "./sign-in";

export const registrationOptions: AppRouteHandler<routes.RegistrationOptionsRoute> = async (c) => {
  const { password } = c.req.valid("json");
  return c.json(
    await registration.registrationOptions(depsOf(c), c.get("user"), c.get("session"), password),
    200,
  );
};

export const register: AppRouteHandler<routes.RegisterRoute> = async (c) => {
  const { name, response } = c.req.valid("json");
  const passkey = await registration.register(depsOf(c), c.get("user"), {
    name,
    response: response as unknown as RegistrationResponseJSON,
  });
  return c.json(passkey, 201);
};

export const list: AppRouteHandler<routes.ListRoute> = async (c) => {
  return c.json(await service.listPasskeys(depsOf(c), c.get("user").id), 200);
};

export const rename: AppRouteHandler<routes.RenameRoute> = async (c) => {
  const { id } = c.req.valid("param");
  const passkey = await service.renamePasskey(
    depsOf(c),
    c.get("user").id,
    id,
    c.req.valid("json").name,
  );
  return c.json(passkey, 200);
};

export const remove: AppRouteHandler<routes.RemoveRoute> = async (c) => {
  const { id } = c.req.valid("param");
  await service.removePasskey(depsOf(c), c.get("user"), id, c.req.valid("json")?.password);
  return c.body(null, 204);
};

export const authenticationOptions: AppRouteHandler<routes.AuthenticationOptionsRoute> = async (
  c,
) => {
  return c.json(await signInService.authenticationOptions(depsOf(c)), 200);
};

export const signIn: AppRouteHandler<routes.SignInRoute> = async (c) => {
  const { response, refresh_token_transport } = c.req.valid("json");
  const result = await signInService.signInWithPasskey(depsOf(c), {
    response: response as unknown as AuthenticationResponseJSON,
    transport: refresh_token_transport ?? "body",
  });
  return c.json(sessionBody(c, result), 200);
};
