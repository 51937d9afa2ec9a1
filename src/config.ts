import { z } from "zod";
import { FEATURE_SECRETS, type Feature } from "./lib/feature-secrets";

/** A missing or unsafe setting: names the setting, never its value. */
export interface ConfigProblem {
  setting: string;
  /** `<setting> <problem>`, for readiness answers and the log. */
  message: string;
}

const MIN_SECRET_BYTES = 32;
const PLACEHOLDER = /replace-with|changeme|^(.)\1+$/i;

const secret = (name: string) =>
  z
    .string({ error: `${name} is not set` })
    .refine((value) => value.length > 0, `${name} is not set`)
    .refine(
      (value) => new TextEncoder().encode(value).byteLength >= MIN_SECRET_BYTES,
      `${name} is too short: use at least ${MIN_SECRET_BYTES} random bytes`,
    )
    .refine((value) => !PLACEHOLDER.test(value), `${name} is a placeholder, not a random secret`);

const seconds = z.coerce.number().int().positive();
const days = z.coerce.number().int().positive().max(3650);
const optional = z
  .string()
  .optional()
  .transform((value) => (value ? value : undefined));

const base64url = z.string().regex(/^[A-Za-z0-9_-]+$/);
const jwkShape = {
  kid: z.string().min(1).max(128),
  alg: z.enum(["EdDSA", "ES256"]),
  kty: z.enum(["OKP", "EC"]),
  crv: z.enum(["Ed25519", "P-256"]),
  x: base64url,
  y: base64url.optional(),
  use: z.literal("sig").optional(),
};
/** EdDSA is an Ed25519 OKP key; ES256 is a P-256 EC key with `y`. */
const coherent = (jwk: { alg: string; kty: string; crv: string; y?: string }) =>
  jwk.alg === "EdDSA"
    ? jwk.kty === "OKP" && jwk.crv === "Ed25519" && jwk.y === undefined
    : jwk.kty === "EC" && jwk.crv === "P-256" && jwk.y !== undefined;
const COHERENT = "does not match its alg (EdDSA: OKP Ed25519; ES256: EC P-256 with y)";

/**
 * A JSON setting: unset stays undefined; anything that does not parse into `inner` is one
 * problem naming the setting — never echoing the value, which holds a private key.
 */
const json = <T extends z.ZodType>(name: string, inner: T, expected: string) =>
  z
    .string()
    .optional()
    .transform((value, ctx): z.output<T> | undefined => {
      if (!value) return undefined;
      let parsed: unknown;
      try {
        parsed = JSON.parse(value);
      } catch {
        ctx.addIssue({ code: "custom", message: `${name} is not JSON` });
        return z.NEVER;
      }
      const result = inner.safeParse(parsed);
      if (result.success) return result.data;
      const issue = result.error.issues[0];
      const why = issue?.code === "custom" ? issue.message : `is not ${expected}`;
      ctx.addIssue({ code: "custom", message: `${name} ${why}` });
      return z.NEVER;
    });

/** `https://`, or plain http on this machine only (local development and tests). */
const issuerUrl = z.url().refine((value) => {
  const url = new URL(value);
  return (
    url.protocol === "https:" ||
    (url.protocol === "http:" && ["localhost", "127.0.0.1"].includes(url.hostname))
  );
}, "has an issuer that is not https:// (plain http only for localhost and 127.0.0.1)");
const commaList = z
  .string()
  .default("")
  .transform((value) =>
    value
      .split(",")
      .map((item) => item.trim())
      .filter(Boolean),
  );
/** One sign-in provider (docs/social-sign-in.md). Its secrets are `IDP_<ID>_…` (`providerSecrets`). */
const identityProvider = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9_]{0,30}$/),
    kind: z.enum(["oidc", "apple"]),
    name: z.string().min(1).max(64).optional(),
    issuer: issuerUrl,
    client_id: z.string().min(1).max(256),
    scopes: z
      .array(z.string().regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/))
      .max(20)
      .optional(),
    native_client_ids: z.array(z.string().min(1).max(256)).max(10).optional(),
    team_id: z.string().min(1).max(32).optional(),
    key_id: z.string().min(1).max(32).optional(),
  })
  .refine(
    (p) => p.kind !== "apple" || (p.team_id && p.key_id),
    "an apple provider needs team_id and key_id",
  );
const identityProviders = z
  .array(identityProvider)
  .max(10)
  .refine((list) => new Set(list.map((p) => p.id)).size === list.length, "repeats a provider id");

/**
 * One receiver of events (docs/events.md): a URL (https://, plain http only for localhost and
 * 127.0.0.1) or a sibling Worker's Service Binding by its binding name; `events` lists the types
 * it gets, `["*"]` for all. Its secret is `EVENTS_<ID>_SECRET` (`subscriberSecrets`).
 */
const eventSubscriber = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9_]{0,30}$/),
    url: issuerUrl.optional(),
    service: z
      .string()
      .regex(/^[A-Z][A-Z0-9_]{0,62}$/)
      .optional(),
    events: z
      .array(z.string().regex(/^(\*|[a-z_]+\.[a-z_.*]+)$/))
      .min(1)
      .max(50),
  })
  .refine(
    (s) => (s.url === undefined) !== (s.service === undefined),
    "needs a url or a service, not both",
  );
const eventSubscribers = z
  .array(eventSubscriber)
  .max(10)
  .refine((list) => new Set(list.map((s) => s.id)).size === list.length, "repeats a subscriber id");

const signingKey = z.object({ ...jwkShape, d: base64url }).refine(coherent, COHERENT);
const verifyKeys = z
  .array(z.object({ ...jwkShape, d: z.never().optional() }).refine(coherent, COHERENT))
  .max(10);

const schema = z
  .object({
    JWT_SECRET: z.string().optional(),
    JWT_SIGNING_KEY: json(
      "JWT_SIGNING_KEY",
      signingKey,
      "a private EdDSA (OKP Ed25519) or ES256 (EC P-256) JWK with kid, alg, x and d",
    ),
    JWT_VERIFY_KEYS: json(
      "JWT_VERIFY_KEYS",
      verifyKeys,
      "a JSON array of at most 10 public EdDSA/ES256 JWKs with kid and alg, without d",
    ).transform((keys) => keys ?? []),
    CODE_HMAC_SECRET: secret("CODE_HMAC_SECRET"),
    // A feature's own secret: unset turns that feature off (503 naming it) and nothing else;
    // set but weak is a configuration error like any other secret.
    MFA_ENCRYPTION_KEY: optional,
    ADMIN_MFA_REQUIRED: z.enum(["on", "off"]).default("off"),
    MFA_ISSUER: z.string().min(1).max(64).default("Coffee Shop"),
    PASSWORD_PEPPER: optional,
    JWT_ISSUER: z.string().min(1).default("coffee-shop-accounts"),
    JWT_AUDIENCE: z.string().min(1).default("coffee-shop"),
    ACCESS_TOKEN_TTL_SECONDS: seconds.default(900),
    REFRESH_TOKEN_TTL_SECONDS: seconds.default(30 * 24 * 3600),
    SESSION_MAX_AGE_SECONDS: seconds.default(90 * 24 * 3600),
    COOKIE_SAMESITE: z.enum(["Strict", "Lax", "None"]).default("Strict"),
    VERIFICATION_CODE_TTL_SECONDS: seconds.default(900),
    UNVERIFIED_USER_TTL_SECONDS: seconds.default(48 * 3600),
    AUDIT_RETENTION_DAYS: days.default(90),
    PASSWORD_MIN_LENGTH: z.coerce.number().int().min(8).max(128).default(8),
    CORS_ORIGINS: z
      .string()
      .default("")
      .transform((value) =>
        value
          .split(",")
          .map((origin) => origin.trim())
          .filter(Boolean),
      ),
    RATE_LIMITS: z.enum(["on", "off"]).default("on"),
    EMAIL_CODE_LOGIN: z.enum(["on", "off"]).default("on"),
    WEBAUTHN_RP_ID: z
      .string()
      .regex(/^[a-z0-9.-]+$/, "WEBAUTHN_RP_ID is a bare domain (no scheme, no port)")
      .default("localhost"),
    WEBAUTHN_RP_NAME: z.string().min(1).max(64).default("Coffee Shop"),
    WEBAUTHN_ORIGINS: z
      .string()
      .default("http://localhost:8787")
      .transform((value) =>
        value
          .split(",")
          .map((origin) => origin.trim())
          .filter(Boolean),
      ),
    EMAIL_PROVIDER: z.enum(["resend", "log"]).default("resend"),
    EMAIL_API_URL: z.url().default("https://api.resend.com"),
    EMAIL_API_KEY: optional,
    EMAIL_FROM: z.string().min(3).default("Coffee Shop <accounts@example.com>"),
    MAIL_BRAND: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .regex(
        // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing them is the point
        /^[^\u0000-\u001f\u007f<>]+$/,
        "MAIL_BRAND is plain text (no control characters or <>)",
      )
      .default("Coffee Shop"),
    METRICS_TOKEN: optional,
    // SMS as a restricted second factor (docs/sms.md): off unless a provider is named.
    SMS_PROVIDER: z.enum(["off", "twilio", "log"]).default("off"),
    SMS_API_URL: issuerUrl.default("https://verify.twilio.com"),
    SMS_COUNTRIES: commaList.pipe(
      z.array(
        z.string().regex(/^\+[1-9]\d{0,3}$/, "SMS_COUNTRIES lists calling codes like +1,+44"),
      ),
    ),
    TWILIO_ACCOUNT_SID: optional,
    TWILIO_AUTH_TOKEN: optional,
    TWILIO_VERIFY_SERVICE_SID: optional,
    IDENTITY_PROVIDERS: json(
      "IDENTITY_PROVIDERS",
      identityProviders,
      "a JSON list of providers ({id, kind, issuer, client_id, …})",
    ),
    OAUTH_REDIRECT_ORIGINS: commaList,
    EVENT_SUBSCRIBERS: json(
      "EVENT_SUBSCRIBERS",
      eventSubscribers,
      "a JSON list of subscribers ({id, url | service, events})",
    ),
    PUBLIC_URL: z
      .string()
      .default("")
      .refine(
        (value) => value === "" || issuerUrl.safeParse(value).success,
        "PUBLIC_URL is an https:// URL (plain http only for localhost and 127.0.0.1)",
      )
      .transform((value) => value.replace(/\/+$/, "") || undefined),
    APP_URL: z
      .string()
      .default("")
      .refine(
        (value) => value === "" || issuerUrl.safeParse(value).success,
        "APP_URL is an https:// URL (plain http only for localhost and 127.0.0.1)",
      )
      .transform((value) => value.replace(/\/+$/, "") || undefined),
    APPLE_APP_IDS: commaList.pipe(
      z.array(
        z
          .string()
          .regex(/^[A-Z0-9]{10}\.[A-Za-z0-9.-]+$/, "APPLE_APP_IDS lists TEAMID.bundle.id entries"),
      ),
    ),
    ANDROID_APP_FINGERPRINTS: commaList.pipe(
      z.array(
        z
          .string()
          .regex(
            /^[a-zA-Z][\w.]*=([0-9A-F]{2}:){31}[0-9A-F]{2}$/,
            "ANDROID_APP_FINGERPRINTS lists package=SHA-256 fingerprint (AB:CD:…) entries",
          ),
      ),
    ),
  })
  .superRefine((env, ctx) => {
    // HS256 needs the shared secret; with a signing key it is not used at all.
    if (!env.JWT_SIGNING_KEY) {
      const problem = secret("JWT_SECRET").safeParse(env.JWT_SECRET).error?.issues[0];
      if (problem) ctx.addIssue({ code: "custom", path: ["JWT_SECRET"], message: problem.message });
    }
    const kids = [env.JWT_SIGNING_KEY, ...env.JWT_VERIFY_KEYS].flatMap((key) => key ?? []);
    const clash = kids.find((key, i) =>
      kids.some((other, j) => j < i && other.kid === key.kid && other.x !== key.x),
    );
    if (clash) {
      ctx.addIssue({
        code: "custom",
        path: ["JWT_VERIFY_KEYS"],
        message: `JWT_VERIFY_KEYS has a different key under the kid "${clash.kid}"`,
      });
    }
    for (const name of ["MFA_ENCRYPTION_KEY"] as const) {
      if (!env[name]) continue;
      const problem = secret(name).safeParse(env[name]).error?.issues[0];
      if (problem) ctx.addIssue({ code: "custom", path: [name], message: problem.message });
    }
    // Unset turns /metrics off; set, it guards the scrape like any other secret.
    if (env.METRICS_TOKEN) {
      const problem = secret("METRICS_TOKEN").safeParse(env.METRICS_TOKEN).error?.issues[0];
      if (problem)
        ctx.addIssue({ code: "custom", path: ["METRICS_TOKEN"], message: problem.message });
    }
    if (env.SMS_PROVIDER !== "off" && env.SMS_COUNTRIES.length === 0) {
      ctx.addIssue({
        code: "custom",
        path: ["SMS_COUNTRIES"],
        message: `SMS_COUNTRIES is empty but SMS_PROVIDER is ${env.SMS_PROVIDER}: name the calling codes texts may go to`,
      });
    }
    if (env.SMS_PROVIDER === "twilio") {
      for (const name of [
        "TWILIO_ACCOUNT_SID",
        "TWILIO_AUTH_TOKEN",
        "TWILIO_VERIFY_SERVICE_SID",
      ] as const) {
        if (!env[name]) {
          ctx.addIssue({
            code: "custom",
            path: [name],
            message: `${name} is not set but SMS_PROVIDER is twilio`,
          });
        }
      }
    }
    if (env.EMAIL_PROVIDER === "resend" && !env.EMAIL_API_KEY) {
      ctx.addIssue({
        code: "custom",
        path: ["EMAIL_API_KEY"],
        message: "EMAIL_API_KEY is not set but EMAIL_PROVIDER is resend",
      });
    }
  });

export type Config = ReturnType<typeof toConfig>;

export type IdentityProvider = z.output<typeof identityProvider> & {
  /** `IDP_<ID>_CLIENT_SECRET` (kind oidc). */
  clientSecret?: string;
  /** `IDP_<ID>_PRIVATE_KEY` (kind apple): the PKCS #8 PEM the client-secret JWT is signed with. */
  privateKey?: string;
};

/** The name of a provider's secret binding: `IDP_GOOGLE_CLIENT_SECRET`, `IDP_APPLE_PRIVATE_KEY`. */
export function providerSecretName(id: string, kind: "CLIENT_SECRET" | "PRIVATE_KEY"): string {
  return `IDP_${id.toUpperCase()}_${kind}`;
}

export type EventSubscriber = z.output<typeof eventSubscriber> & {
  /** `EVENTS_<ID>_SECRET`: the keys each delivery is signed with (two during a rotation). */
  secrets: Uint8Array[];
};

/** The name of a subscriber's secret binding: `EVENTS_LOYALTY_SECRET`. */
export function subscriberSecretName(id: string): string {
  return `EVENTS_${id.toUpperCase()}_SECRET`;
}

/** A Standard Webhooks secret, `whsec_` and 24 to 64 random bytes in base64. */
const WEBHOOK_SECRET = /^whsec_([A-Za-z0-9+/]{32,88}={0,2})$/;

/** Each subscriber with its keys from the bindings, or the problem naming the one missing. */
function subscriberSecrets(
  subscribers: z.output<typeof eventSubscribers>,
  env: Record<string, unknown>,
): EventSubscriber[] | ConfigProblem {
  const out: EventSubscriber[] = [];
  for (const subscriber of subscribers) {
    const name = subscriberSecretName(subscriber.id);
    const value = env[name];
    const words = typeof value === "string" ? value.trim().split(/\s+/).filter(Boolean) : [];
    const keys = words.map((word) => WEBHOOK_SECRET.exec(word)?.[1]);
    if (words.length === 0 || words.length > 2 || keys.some((key) => key === undefined)) {
      return {
        setting: name,
        message: `${name} must be one whsec_… secret (two, space-separated, during a rotation) for the subscriber "${subscriber.id}"`,
      };
    }
    const decoded = keys.map((key) => Uint8Array.from(atob(key ?? ""), (c) => c.charCodeAt(0)));
    if (decoded.some((key) => key.length < 24 || key.length > 64)) {
      return {
        setting: name,
        message: `${name} holds a key shorter than 24 or longer than 64 bytes`,
      };
    }
    if (subscriber.service) {
      const binding = env[subscriber.service] as { fetch?: unknown } | undefined;
      if (typeof binding?.fetch !== "function") {
        return {
          setting: "EVENT_SUBSCRIBERS",
          message: `EVENT_SUBSCRIBERS names the service binding ${subscriber.service}, which this Worker does not have`,
        };
      }
    }
    out.push({ ...subscriber, secrets: decoded });
  }
  return out;
}

/** Each provider with its secret from the bindings, or the problem naming the one missing. */
function providerSecrets(
  providers: z.output<typeof identityProviders>,
  env: Record<string, unknown>,
): IdentityProvider[] | ConfigProblem {
  const out: IdentityProvider[] = [];
  for (const provider of providers) {
    const name = providerSecretName(
      provider.id,
      provider.kind === "apple" ? "PRIVATE_KEY" : "CLIENT_SECRET",
    );
    const value = env[name];
    if (typeof value !== "string" || value.trim() === "") {
      return {
        setting: name,
        message: `${name} is not set but IDENTITY_PROVIDERS lists "${provider.id}"`,
      };
    }
    out.push(
      provider.kind === "apple"
        ? { ...provider, privateKey: value }
        : { ...provider, clientSecret: value },
    );
  }
  return out;
}

function toConfig(env: z.output<typeof schema>) {
  return {
    jwtSecret: env.JWT_SECRET,
    jwtSigningKey: env.JWT_SIGNING_KEY,
    jwtVerifyKeys: env.JWT_VERIFY_KEYS,
    jwtIssuer: env.JWT_ISSUER,
    jwtAudience: env.JWT_AUDIENCE,
    accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlSeconds: env.REFRESH_TOKEN_TTL_SECONDS,
    sessionMaxAgeSeconds: env.SESSION_MAX_AGE_SECONDS,
    cookieSameSite: env.COOKIE_SAMESITE,
    codeHmacSecret: env.CODE_HMAC_SECRET,
    codeTtlSeconds: env.VERIFICATION_CODE_TTL_SECONDS,
    /** Unset: MFA is off for this deployment (`featureKey`), sign-in without it still works. */
    mfaKey: env.MFA_ENCRYPTION_KEY,
    adminMfaRequired: env.ADMIN_MFA_REQUIRED === "on",
    mfaIssuer: env.MFA_ISSUER,
    passwordPepper: env.PASSWORD_PEPPER,
    passwordMinLength: env.PASSWORD_MIN_LENGTH,
    unverifiedUserTtlSeconds: env.UNVERIFIED_USER_TTL_SECONDS,
    auditRetentionDays: env.AUDIT_RETENTION_DAYS,
    corsOrigins: env.CORS_ORIGINS,
    rateLimitsEnabled: env.RATE_LIMITS === "on",
    /** Sign-in with a code mailed to the address instead of the password (`EMAIL_CODE_LOGIN`). */
    emailCodeLogin: env.EMAIL_CODE_LOGIN === "on",
    /** The WebAuthn relying party: passkeys are bound to this domain and these origins. */
    webauthn: {
      rpId: env.WEBAUTHN_RP_ID,
      rpName: env.WEBAUTHN_RP_NAME,
      origins: env.WEBAUTHN_ORIGINS,
    },
    /** The bearer secret of GET /metrics; unset, the endpoint answers 404. */
    metricsToken: env.METRICS_TOKEN,
    /** Sign-in providers (`IDENTITY_PROVIDERS`), each with its secret (`providerSecrets`). */
    identityProviders: [] as IdentityProvider[],
    /** Who receives events (`EVENT_SUBSCRIBERS`), each with its keys (`subscriberSecrets`). */
    eventSubscribers: [] as EventSubscriber[],
    /** Where a provider sign-in may send the browser back to, with its one-time login code. */
    oauthRedirectOrigins: env.OAUTH_REDIRECT_ORIGINS,
    /** Where people reach this service's pages (the reset page the reset mail links to). */
    publicUrl: env.PUBLIC_URL,
    /** The app's account page (`APP_URL`): where mail sends a person to review their sessions. */
    appUrl: env.APP_URL,
    /** The native apps whose passkeys use this domain (`/.well-known/…` files): iOS, Android. */
    appleAppIds: env.APPLE_APP_IDS,
    androidApps: env.ANDROID_APP_FINGERPRINTS.map((entry) => {
      const [packageName = "", fingerprint = ""] = entry.split("=");
      return { packageName, fingerprint };
    }),
    /** SMS as a restricted second factor through a hosted Verify API (docs/sms.md). */
    sms: {
      provider: env.SMS_PROVIDER,
      apiUrl: env.SMS_API_URL.replace(/\/+$/, ""),
      countries: env.SMS_COUNTRIES,
      accountSid: env.TWILIO_ACCOUNT_SID ?? "",
      authToken: env.TWILIO_AUTH_TOKEN ?? "",
      serviceSid: env.TWILIO_VERIFY_SERVICE_SID ?? "",
    },
    mail: {
      provider: env.EMAIL_PROVIDER,
      apiUrl: env.EMAIL_API_URL.replace(/\/+$/, ""),
      apiKey: env.EMAIL_API_KEY,
      from: env.EMAIL_FROM,
      /** The name every mail uses and signs with. */
      brand: env.MAIL_BRAND,
    },
  } as const;
}

/** The features this configuration turns off, each with the setting it misses. */
export function disabledFeatures(
  config: Config,
): { feature: Feature | "openid_provider"; setting: string }[] {
  const disabled: { feature: Feature | "openid_provider"; setting: string }[] = [];
  if (!config.mfaKey) disabled.push({ feature: "mfa", setting: FEATURE_SECRETS.mfa });
  // The OpenID provider (docs/openid-provider.md) signs ID tokens a relying party checks against
  // the JWKS, so it needs the asymmetric key, and PUBLIC_URL as its issuer.
  if (!config.jwtSigningKey) {
    disabled.push({ feature: "openid_provider", setting: "JWT_SIGNING_KEY" });
  }
  if (!config.publicUrl) disabled.push({ feature: "openid_provider", setting: "PUBLIC_URL" });
  return disabled;
}

export type Parsed = { ok: true; config: Config } | { ok: false; error: ConfigProblem };

function parse(env: Record<string, unknown>): Parsed {
  const result = schema.safeParse(env);
  if (result.success) {
    const providers = providerSecrets(result.data.IDENTITY_PROVIDERS ?? [], env);
    if (!Array.isArray(providers)) return invalid(providers.setting, providers.message);
    const subscribers = subscriberSecrets(result.data.EVENT_SUBSCRIBERS ?? [], env);
    if (!Array.isArray(subscribers)) return invalid(subscribers.setting, subscribers.message);
    return {
      ok: true,
      config: {
        ...toConfig(result.data),
        identityProviders: providers,
        eventSubscribers: subscribers,
      },
    };
  }
  const issue = result.error.issues[0];
  return invalid(String(issue?.path[0] ?? "configuration"), issue?.message ?? "is invalid");
}

function invalid(setting: string, message: string): Parsed {
  const problem = message.startsWith(setting) ? message.slice(setting.length).trim() : message;
  console.error(
    JSON.stringify({
      ts: new Date().toISOString(),
      level: "error",
      msg: "invalid configuration",
      setting,
      problem,
    }),
  );
  return { ok: false, error: { setting, message: `${setting} ${problem}` } };
}

/** Every setting the Worker reads (the tests pin each of them). */
export const SETTINGS = Object.keys(schema.shape) as (keyof Env & string)[];
let current: { env: object; keys: string[]; values: unknown[]; parsed: Parsed } | undefined;

/**
 * The validated settings, parsed once per isolate: later calls compare the bindings' values
 * with the ones parsed (the platform does not promise the same `env` object per request) and
 * parse again only when a value changed. A problem is logged once, when it is first parsed.
 */
export function loadConfig(env: Env): Parsed {
  const bindings = env as unknown as Record<string, unknown>;
  if (current?.env === env) return current.parsed;
  // Providers' and subscribers' secrets have names of their own (IDP_<ID>_…, EVENTS_<ID>_…):
  // they count as settings too.
  const keys = [
    ...SETTINGS,
    ...Object.keys(bindings)
      .filter((key) => key.startsWith("IDP_") || key.startsWith("EVENTS_"))
      .sort(),
  ];
  if (
    current &&
    current.keys.length === keys.length &&
    keys.every((key, i) => key === current?.keys[i] && bindings[key] === current?.values[i])
  ) {
    current.env = env;
    return current.parsed;
  }
  const parsed = parse(bindings);
  current = { env, keys, values: keys.map((key) => bindings[key]), parsed };
  return parsed;
}
