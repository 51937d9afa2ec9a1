import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { loadConfig, SETTINGS } from "../../src/config";

describe("the tests never read the developer's own settings", () => {
  it("pins every setting the Worker reads (vitest.config.ts), so .dev.vars cannot change a test", () => {
    const pinned = env.TEST_PINNED_SETTINGS;
    expect(SETTINGS.filter((name) => !pinned.includes(name))).toEqual([]);
  });
});

describe("IDENTITY_PROVIDERS", () => {
  const base = { ...env } as unknown as Env;
  const providers = (list: unknown[], extra: Record<string, string> = {}) =>
    loadConfig({ ...base, IDENTITY_PROVIDERS: JSON.stringify(list), ...extra } as unknown as Env);
  const google = {
    id: "google",
    kind: "oidc",
    issuer: "https://accounts.google.com",
    client_id: "web-client",
  };

  it("takes each provider with its secret from IDP_<ID>_…", () => {
    const parsed = providers([google], { IDP_GOOGLE_CLIENT_SECRET: "s3cret-value" });
    expect(parsed.ok && parsed.config.identityProviders).toEqual([
      { ...google, clientSecret: "s3cret-value" },
    ]);
  });

  it("refuses a missing secret, plain http off this machine, a repeated id, an apple entry without its key ids — naming the setting, never a value", () => {
    const refusals: [unknown[], Record<string, string>, string][] = [
      [[google], {}, "IDP_GOOGLE_CLIENT_SECRET"],
      [
        [{ ...google, issuer: "http://idp.example" }],
        { IDP_GOOGLE_CLIENT_SECRET: "x" },
        "IDENTITY_PROVIDERS",
      ],
      [[google, google], { IDP_GOOGLE_CLIENT_SECRET: "x" }, "IDENTITY_PROVIDERS"],
      [
        [{ ...google, id: "apple", kind: "apple" }],
        { IDP_APPLE_PRIVATE_KEY: "x" },
        "IDENTITY_PROVIDERS",
      ],
      [[{ ...google, id: "Bad-Id" }], {}, "IDENTITY_PROVIDERS"],
    ];
    for (const [list, extra, setting] of refusals) {
      const parsed = providers(list, extra);
      expect(parsed.ok, setting).toBe(false);
      if (!parsed.ok) {
        expect(parsed.error.setting).toBe(setting);
        expect(parsed.error.message).not.toContain("web-client");
      }
    }
    const local = providers([{ ...google, issuer: "http://127.0.0.1:9000" }], {
      IDP_GOOGLE_CLIENT_SECRET: "x",
    });
    expect(local.ok).toBe(true);
  });
});

describe("EVENT_SUBSCRIBERS", () => {
  const base = { ...env } as unknown as Env;
  const secret = `whsec_${btoa("a".repeat(32))}`;
  const subscribers = (list: unknown[], extra: Record<string, unknown> = {}) =>
    loadConfig({ ...base, EVENT_SUBSCRIBERS: JSON.stringify(list), ...extra } as unknown as Env);
  const crm = { id: "crm", url: "https://crm.example/hooks", events: ["user.*"] };

  it("takes each subscriber with its keys from EVENTS_<ID>_SECRET (two during a rotation)", () => {
    const parsed = subscribers([crm], { EVENTS_CRM_SECRET: `${secret} ${secret}` });
    expect(parsed.ok && parsed.config.eventSubscribers.map((s) => s.secrets.length)).toEqual([2]);
  });

  it("refuses a missing or malformed secret, plain http off this machine, url and service together, an unbound service, a repeated id — naming the setting, never a value", () => {
    const refusals: [unknown[], Record<string, unknown>, string][] = [
      [[crm], {}, "EVENTS_CRM_SECRET"],
      [[crm], { EVENTS_CRM_SECRET: "not-a-whsec-secret" }, "EVENTS_CRM_SECRET"],
      [[crm], { EVENTS_CRM_SECRET: `whsec_${btoa("short")}` }, "EVENTS_CRM_SECRET"],
      [[crm], { EVENTS_CRM_SECRET: `${secret} ${secret} ${secret}` }, "EVENTS_CRM_SECRET"],
      [[{ ...crm, url: "http://crm.example" }], { EVENTS_CRM_SECRET: secret }, "EVENT_SUBSCRIBERS"],
      [[{ ...crm, service: "CRM" }], { EVENTS_CRM_SECRET: secret }, "EVENT_SUBSCRIBERS"],
      [
        [{ id: "pos", service: "POS_EVENTS", events: ["*"] }],
        { EVENTS_POS_SECRET: secret },
        "EVENT_SUBSCRIBERS",
      ],
      [[crm, crm], { EVENTS_CRM_SECRET: secret }, "EVENT_SUBSCRIBERS"],
    ];
    for (const [list, extra, setting] of refusals) {
      const parsed = subscribers(list, extra);
      expect(parsed.ok, JSON.stringify(list)).toBe(false);
      if (!parsed.ok) {
        expect(parsed.error.setting).toBe(setting);
        expect(parsed.error.message).not.toContain(secret.slice(6));
      }
    }
    const bound = subscribers([{ id: "pos", service: "POS_EVENTS", events: ["*"] }], {
      EVENTS_POS_SECRET: secret,
      POS_EVENTS: { fetch: () => new Response() },
    });
    expect(bound.ok).toBe(true);
  });
});
