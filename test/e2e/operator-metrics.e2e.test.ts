// GET /metrics under a real `wrangler dev`: the token gate, the exposition format, and the
// Cache API keeping a scrape for a minute (the Analytics Engine binding is live here too).
import { describe, expect, inject, it } from "vitest";
import { E2E_SETTINGS } from "./settings";

const scrape = (token?: string) =>
  fetch(`${inject("workerUrl")}/metrics`, {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  });

const generatedAt = (text: string) =>
  /^accounts_metrics_generated_timestamp_seconds (\S+)$/m.exec(text)?.[1];

describe("GET /metrics on wrangler dev", () => {
  it("refuses a scrape without the token, answers one with it, and keeps it for a minute", async () => {
    const refused = await scrape();
    expect(refused.status).toBe(401);
    expect(refused.headers.get("WWW-Authenticate")).toBe('Bearer realm="metrics"');
    expect(await refused.text()).not.toContain("accounts_users");

    const first = await scrape(E2E_SETTINGS.METRICS_TOKEN);
    expect(first.status).toBe(200);
    expect(first.headers.get("Content-Type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    const text = await first.text();
    expect(text).toMatch(/^# TYPE accounts_users gauge$/m);
    expect(text).toMatch(/^accounts_users\{role="admin",status="verified"\} \d+$/m);
    expect(generatedAt(text)).toBeDefined();

    const second = await (await scrape(E2E_SETTINGS.METRICS_TOKEN)).text();
    expect(generatedAt(second)).toBe(generatedAt(text));
  });
});
