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
 *
 * Shop staff: a token carries `shops` (`{shop_id: role}`, up to 20; else `shops_overflow`).
 * Changing a shop's prices trusts that claim (it may lag a demotion by one access-token lifetime,
 * 15 min); a refund must not lag, so it asks `env.ACCOUNTS.authorize(token, shopId,
 * "order.refund")`, which reads the membership from D1 now.
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
  authorize(
    token: string,
    shopId: string,
    permission: string,
  ): Promise<{ allowed: boolean; role: string | null }>;
  verifyApiKey(key: string): Promise<{
    id: string;
    shop_id: string;
    scopes: string[];
    expires_at: string | null;
    rate_limited: boolean;
    retry_after?: number;
  } | null>;
}

export interface Bindings {
  ACCOUNTS: AccountsService;
  ACCOUNTS_VERIFY: "binding" | "jwks";
  ACCOUNTS_JWKS_URL: string;
  ACCOUNTS_ISSUER: string;
  ACCOUNTS_AUDIENCE: string;
}

type Caller = Pick<VerifiedCaller, "user_id" | "role"> & {
  /** The token's `shops` claim (null: more memberships than fit — ask `authorize`). */
  shops: Record<string, string> | null;
};
type App = { Bindings: Bindings; Variables: { caller: Caller; token: string } };

/** The `shops` claim of a token already verified (by the binding or the JWKS). */
function shopsOf(payload: Record<string, unknown>): Record<string, string> | null {
  const shops = payload.shops;
  if (payload.shops_overflow === true || typeof shops !== "object" || shops === null) return null;
  return shops as Record<string, string>;
}

function claimsOf(token: string): Record<string, unknown> {
  const payload = token.split(".")[1] ?? "";
  return JSON.parse(atob(payload.replaceAll("-", "+").replaceAll("_", "/")));
}

function forbidden(detail: string): never {
  throw new HTTPException(403, {
    res: Response.json({ error: "forbidden", detail }, { status: 403 }),
  });
}

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
  // The binding vouched for the token, so its claims are the accounts service's own.
  c.set("caller", { user_id: caller.user_id, role: caller.role, shops: shopsOf(claimsOf(token)) });
  c.set("token", token);
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
  c.set("caller", { user_id: sub, role, shops: shopsOf(payload) });
  c.set("token", c.req.header("Authorization")?.slice("Bearer ".length) ?? "");
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

/**
 * A shop's prices: its managers and owners, authorised from the token's `shops` claim — no call
 * at all. A claim overflow (more than 20 shops) falls back to asking the accounts service.
 */
app.put("/v1/shops/:shopId/prices", signedIn, async (c) => {
  const shopId = c.req.param("shopId");
  const { shops } = c.get("caller");
  const role = shops
    ? shops[shopId]
    : (await c.env.ACCOUNTS.authorize(c.get("token"), shopId, "shop.read")).role;
  if (role !== "owner" && role !== "manager") forbidden("Only the shop's managers set prices.");
  return c.json({ shop_id: shopId, updated_by: c.get("caller").user_id, role });
});

/** A refund: asks the accounts service over the binding, from D1 now (a demotion counts at once). */
app.post("/v1/shops/:shopId/refunds", signedIn, async (c) => {
  const shopId = c.req.param("shopId");
  const answer = await c.env.ACCOUNTS.authorize(c.get("token"), shopId, "order.refund");
  if (!answer.allowed) forbidden("Your role in this shop does not allow refunds.");
  return c.json({ shop_id: shopId, refunded_by: c.get("caller").user_id, role: answer.role }, 201);
});

/**
 * A till (no person signed in) fetches its shop's menu with the shop's key — verified over the
 * binding: at most one D1 read in the accounts service, none when that isolate saw the key in
 * the last 30 s. A key over its rate limit is a 429, not a 401: the key itself is good.
 */
app.get("/v1/shops/:shopId/till/menu", async (c) => {
  const key = /^Bearer (\S+)$/.exec(c.req.header("Authorization") ?? "")?.[1];
  const verified = key ? await c.env.ACCOUNTS.verifyApiKey(key) : null;
  if (!verified) unauthorized();
  if (verified.rate_limited) {
    return c.json({ error: "rate_limited" }, 429, {
      "Retry-After": String(verified.retry_after ?? 60),
    });
  }
  if (verified.shop_id !== c.req.param("shopId") || !verified.scopes.includes("till.open")) {
    forbidden("This key is not for this shop's till.");
  }
  return c.json({ shop_id: verified.shop_id, items: MENU });
});

app.onError((error, c) => {
  if (error instanceof HTTPException) return error.getResponse();
  console.error(JSON.stringify({ level: "error", msg: "unhandled", error: error.name }));
  return c.json({ error: "internal" }, 500);
});

export default app;
