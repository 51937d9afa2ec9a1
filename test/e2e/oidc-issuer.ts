// A real OpenID provider for the end-to-end tests: `oidc-provider` (OpenID-certified, written by
// no one here), on this machine, with its development sign-in pages. The Worker reaches it over
// plain http, which IDENTITY_PROVIDERS allows for 127.0.0.1 only.
import { createServer, type Server } from "node:http";
import Provider from "oidc-provider";
import { OIDC_CLIENT, OIDC_ISSUER, OIDC_PORT, WORKER_PORT } from "./settings";

/**
 * Anyone may sign in at this provider: the id typed in its sign-in page's "login" field is the
 * subject, the address is `<id>@oidc.example`, verified unless the id starts with "unverified-"
 * (the provider runs in the test runner's main process, so the tests speak to it by id alone).
 */
export function personOf(id: string) {
  return {
    email: `${id}@oidc.example`,
    email_verified: !id.startsWith("unverified-"),
    name: "Ada Lovelace",
  };
}

export async function startOidcIssuer(): Promise<Server> {
  const provider = new Provider(OIDC_ISSUER, {
    clients: [
      {
        client_id: OIDC_CLIENT.id,
        client_secret: OIDC_CLIENT.secret,
        redirect_uris: [`http://127.0.0.1:${WORKER_PORT}/v1/auth/oauth/oidc/callback`],
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    claims: { email: ["email", "email_verified"], profile: ["name"] },
    async findAccount(_ctx, id) {
      return { accountId: id, claims: async () => ({ sub: id, ...personOf(id) }) };
    },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
  });
  provider.on("server_error", (_ctx: unknown, error: Error) => {
    console.error("oidc-provider server_error:", error);
  });
  const server = createServer(provider.callback());
  await new Promise<void>((resolve) => server.listen(OIDC_PORT, "127.0.0.1", resolve));
  return server;
}
