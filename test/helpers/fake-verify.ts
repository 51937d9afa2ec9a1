import { Hono } from "hono";
import { vi } from "vitest";

/**
 * A Twilio-Verify-shaped server (Verify v2: `POST /v2/Services/{sid}/Verifications` and
 * `…/VerificationCheck`, form-encoded, HTTP Basic), answered in-process: the Worker's outbound
 * `fetch` to its base URL is routed here. It holds one pending code per number, as Verify does —
 * approved once, 5 wrong checks end it, then 404 — and records what it was asked. `mode` breaks
 * it: 5xx, garbage, or no answer at all.
 */
export class FakeVerify {
  readonly base = "https://verify.twilio.test";
  /** For a fetch router that takes issuers (FakeIssuer.routeFetch): where this one answers. */
  get issuer() {
    return this.base;
  }
  readonly service = "VA00000000000000000000000000000001";
  readonly account = "AC00000000000000000000000000000001";
  readonly token = "fake-verify-auth-token";
  /** `lenient`: an approved code stays pending (two checks racing at the provider both pass). */
  mode: "ok" | "down" | "garbage" | "hang" | "refuse" | "lenient" = "ok";
  /** Every text sent: the number and the code. */
  readonly texts: { to: string; code: string }[] = [];
  readonly checks: { to: string; code: string }[] = [];
  private readonly pending = new Map<string, { code: string; wrong: number }>();
  readonly app = new Hono();

  /** The settings that point the Worker here. */
  get settings(): Partial<Env> {
    return {
      SMS_PROVIDER: "twilio",
      SMS_API_URL: this.base,
      SMS_COUNTRIES: "+1,+44",
      TWILIO_ACCOUNT_SID: this.account,
      TWILIO_AUTH_TOKEN: this.token,
      TWILIO_VERIFY_SERVICE_SID: this.service,
    } as Partial<Env>;
  }

  constructor() {
    this.app.use("*", async (c, next) => {
      if (c.req.header("Authorization") !== `Basic ${btoa(`${this.account}:${this.token}`)}`) {
        return c.json({ code: 20003, message: "Authenticate" }, 401);
      }
      if (this.mode === "down") return c.json({ code: 20500, message: "Internal error" }, 503);
      if (this.mode === "garbage") return c.html("<html>maintenance</html>", 200);
      if (this.mode === "hang") return new Promise<Response>(() => {});
      return next();
    });
    this.app.post(`/v2/Services/${this.service}/Verifications`, async (c) => {
      const form = await c.req.parseBody();
      const to = String(form.To ?? "");
      if (this.mode === "refuse") return c.json({ code: 60410, message: "Blocked" }, 403);
      if (form.Channel !== "sms" || !/^\+[1-9]\d{6,14}$/.test(to)) {
        return c.json({ code: 60200, message: "Invalid parameter" }, 400);
      }
      const code = String(Math.floor(100000 + Math.random() * 900000));
      this.pending.set(to, { code, wrong: 0 });
      this.texts.push({ to, code });
      return c.json({ sid: `VE${"0".repeat(32)}`, status: "pending", to, channel: "sms" }, 201);
    });
    this.app.post(`/v2/Services/${this.service}/VerificationCheck`, async (c) => {
      const form = await c.req.parseBody();
      const to = String(form.To ?? "");
      const code = String(form.Code ?? "");
      this.checks.push({ to, code });
      const open = this.pending.get(to);
      if (!open) return c.json({ code: 20404, message: "Not found" }, 404);
      if (open.code === code) {
        if (this.mode !== "lenient") this.pending.delete(to);
        return c.json({ status: "approved", valid: true, to }, 200);
      }
      open.wrong += 1;
      if (open.wrong >= 5) this.pending.delete(to);
      return c.json({ status: "pending", valid: false, to }, 200);
    });
  }

  /** The code last texted to `to`. */
  codeFor(to: string): string {
    const text = this.texts.filter((t) => t.to === to).at(-1);
    if (!text) throw new Error(`no text to ${to}`);
    return text.code;
  }

  routeFetch() {
    const real = globalThis.fetch;
    return vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
      const request = new Request(input as RequestInfo, init);
      if (!request.url.startsWith(this.base)) return real(input as RequestInfo, init);
      const signal = init?.signal;
      const aborted = new Promise<Response>((_, reject) => {
        signal?.addEventListener("abort", () => reject(signal.reason), { once: true });
      });
      return Promise.race([this.app.fetch(request), aborted]);
    });
  }
}
