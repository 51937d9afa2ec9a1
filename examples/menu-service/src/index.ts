import { Hono, type MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { jwk } from "hono/jwk";

/**
 * The menu service of the coffee-shop platform: public menu, plus one route for signed-in
 * customers. It never holds a key that can mint tokens; it asks the accounts service who is
 * calling, in one of two ways (ACCOUNTS_VERIFY):
 *
 * - "binding": `env.ACCOUNTS.verifyAccessToken(token)` over a Service Binding — no network hop,
 *   and the same checks as the accounts API itself (deleted user, logout-all, ended session).
 * - "jwks": hono/jwk verifies the signature with the accounts service's published public keys,
 *   cached for the JWKS's max-age. No call per request, but a token stays valid until it
 *   expires even if its session was ended — fine for low-stakes reads.
 */

/** What the accounts service's `verifyAccessToken` answers (its `VerifiedCaller`). */
export interface VerifiedCaller {
  user_id: string;
  role: "user" | "admin";
  session_id: string;
  amr: string[];
}

/** The accounts Worker's RPC entrypoint, as seen through the binding. */
export interface AccountsService {
  verifyAccessToken(token: string): Promise<VerifiedCaller | null>;
}

export interface Bindings {
  ACCOUNTS: AccountsService;
  ACCOUNTS_VERIFY: "binding" | "jwks";
  ACCOUNTS_JWKS_URL: string;
  ACCOUNTS_ISSUER: string;
  ACCOUNTS_AUDIENCE: string;
}

type Caller = Pick<VerifiedCaller, "user_id" | "role">;
type App = { Bindings: Bindings; Variables: { caller: Caller } };

const MENU = [
  { id: "espresso", name: "Espresso", price_cents: 250 },
  { id: "flat-white", name: "Flat white", price_cents: 380 },
];
const MEMBER_SPECIALS = [{ id: "cortado-club", name: "Cortado, members' price", price_cents: 290 }];

function unauthorized(): never {
  throw new HTTPException(401, {
    res: Response.json(
      { error: "unauthorized", detail: "Sign in with the accounts service and send its token." },
      { status: 401, headers: { "WWW-Authenticate": 'Bearer error="invalid_token"' } },
    ),
  });
}

/** (b) Ask the accounts Worker: one RPC, revocation included. */
const viaBinding: MiddlewareHandler<App> = async (c, next) => {
  const token = /^Bearer (\S+)$/.exec(c.req.header("Authorization") ?? "")?.[1];
  if (!token) unauthorized();
  const caller = await c.env.ACCOUNTS.verifyAccessToken(token);
  if (!caller) unauthorized();
  c.set("caller", { user_id: caller.user_id, role: caller.role });
  await next();
};

/** The key set, cached per isolate for the max-age the accounts service sends (300 s). */
let cachedKeys: { url: string; keys: JsonWebKey[]; until: number } | undefined;

async function accountsKeys(url: string): Promise<JsonWebKey[]> {
  const now = Date.now();
  if (cachedKeys?.url === url && cachedKeys.until > now) return cachedKeys.keys;
  const response = await fetch(url);
  if (!response.ok) throw new HTTPException(503, { message: "The accounts keys are unavailable." });
  const { keys } = (await response.json()) as { keys: JsonWebKey[] };
  const maxAge = Number(/max-age=(\d+)/.exec(response.headers.get("Cache-Control") ?? "")?.[1]);
  cachedKeys = { url, keys, until: now + (Number.isFinite(maxAge) ? maxAge : 60) * 1000 };
  return keys;
}

/** (a) Verify offline with hono/jwk: only the published kids, only EdDSA/ES256, our iss/aud. */
const viaJwks: MiddlewareHandler<App> = async (c, next) => {
  const verify = jwk({
    keys: () => accountsKeys(c.env.ACCOUNTS_JWKS_URL),
    alg: ["EdDSA", "ES256"],
    verification: { iss: c.env.ACCOUNTS_ISSUER, aud: c.env.ACCOUNTS_AUDIENCE },
  });
  try {
    await verify(c, async () => {});
  } catch (error) {
    if (error instanceof HTTPException && error.status === 401) unauthorized();
    throw error;
  }
  const payload = c.get("jwtPayload" as never) as Record<string, unknown>;
  const { sub, role, typ } = payload;
  if (typ !== "access" || typeof sub !== "string" || (role !== "user" && role !== "admin")) {
    unauthorized();
  }
  c.set("caller", { user_id: sub, role });
  await next();
};

const signedIn: MiddlewareHandler<App> = (c, next) =>
  c.env.ACCOUNTS_VERIFY === "jwks" ? viaJwks(c, next) : viaBinding(c, next);

export const app = new Hono<App>();

app.get("/v1/menu", (c) => c.json({ items: MENU }));

/** The one protected route: members' specials, for whoever the accounts service vouches for. */
app.get("/v1/menu/specials", signedIn, (c) =>
  c.json({ items: MEMBER_SPECIALS, for: c.get("caller") }),
);

app.onError((error, c) => {
  if (error instanceof HTTPException) return error.getResponse();
  console.error(JSON.stringify({ level: "error", msg: "unhandled", error: error.name }));
  return c.json({ error: "internal" }, 500);
});

export default app;
