#!/usr/bin/env node
// A local stand-in for a Resend-compatible provider, for `npm run dev` and end-to-end tests.
//   node scripts/fake-email-provider.mjs [--port 8025] [--fail-first 2]
// Then run the Worker with EMAIL_PROVIDER=resend, EMAIL_API_URL=http://localhost:8025 and any
// EMAIL_API_KEY. POST /emails answers 500 for the first N requests of each Idempotency-Key,
// then 200; a key already delivered is not delivered again (like Resend). GET /emails lists
// what was delivered (newest last), GET /emails?to=ADDRESS filters.
import { createServer } from "node:http";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "8025" },
    "fail-first": { type: "string", default: "0" },
  },
});
const failFirst = Number(values["fail-first"]);
const attemptsByKey = new Map();
const delivered = new Map();

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? "/", "http://localhost");
  /** @param {number} status @param {unknown} body */
  const send = (status, body) => {
    res.writeHead(status, { "Content-Type": "application/json" });
    res.end(JSON.stringify(body));
  };
  if (req.method === "GET" && url.pathname === "/emails") {
    const to = url.searchParams.get("to");
    const all = [...delivered.values()].filter((m) => !to || m.to.includes(to));
    return send(200, all);
  }
  if (req.method !== "POST" || url.pathname !== "/emails")
    return send(404, { message: "not found" });
  let raw = "";
  for await (const chunk of req) raw += chunk;
  const key = req.headers["idempotency-key"];
  if (!req.headers.authorization?.startsWith("Bearer ") || typeof key !== "string") {
    return send(401, { message: "missing Authorization or Idempotency-Key" });
  }
  const attempts = (attemptsByKey.get(key) ?? 0) + 1;
  attemptsByKey.set(key, attempts);
  if (attempts <= failFirst) {
    console.log(`fake provider: 500 for ${key} (attempt ${attempts})`);
    return send(500, { message: "scripted failure" });
  }
  if (!delivered.has(key)) {
    const body = JSON.parse(raw);
    delivered.set(key, { id: key, ...body, attempts });
    console.log(
      `fake provider: delivered ${key} to ${body.to} "${body.subject}" (attempt ${attempts})`,
    );
  }
  return send(200, { id: key });
});

server.listen(Number(values.port), "127.0.0.1", () => {
  console.log(`fake email provider on http://127.0.0.1:${values.port} (fail first ${failFirst})`);
});
