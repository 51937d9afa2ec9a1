// npm run bench:profile -- /health|/me|/login — a CPU profile of the product under wrangler dev,
// taken through its inspector (the DevTools protocol) while one route is fired N times, printed
// as time per request by package and by function (self time). bench/NOTES.md records what it
// found. Not part of `npm run bench`: a sampling profiler slows down what it measures, so read the
// shares, not the absolute figures.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startLocalWorker } from "../scripts/local-worker";
import { hashPassword } from "../src/crypto/password";
import {
  BENCH_PASSWORD,
  executeSql,
  BENCH_SECRETS as SECRETS,
  seedEmail,
  seedUsersSql,
} from "./seed";

const ROOT = new URL("..", import.meta.url).pathname;
const route = process.argv[2] ?? "/health";
const COUNT = Number(process.env.PROFILE_REQUESTS ?? (route === "/login" ? 200 : 2000));
const INSPECTOR = 9241;
// The product's configuration, unminified so that the profile names functions. It sits beside
// wrangler.toml (its relative paths must resolve the same) and is removed afterwards.
const CONFIG = "wrangler.profile.toml";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** A DevTools-protocol client; wrangler's inspector wants an Origin of its own host. */
async function devtools(url: string) {
  const socket = new WebSocket(url, {
    headers: { Origin: "http://127.0.0.1" },
  } as unknown as string[]); // undici's WebSocket takes an init with headers
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = reject;
  });
  let next = 1;
  const waiting = new Map<number, (result: unknown) => void>();
  socket.onmessage = (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
    if (message.id) waiting.get(message.id)?.(message.result);
  };
  return {
    send: <T>(method: string, params: object = {}) =>
      new Promise<T>((resolve) => {
        const id = next++;
        waiting.set(id, resolve as (result: unknown) => void);
        socket.send(JSON.stringify({ id, method, params }));
      }),
    close: () => socket.close(),
  };
}

writeFileSync(
  join(ROOT, CONFIG),
  readFileSync(join(ROOT, "wrangler.toml"), "utf8").replace(/^minify = true$/m, "minify = false"),
);
const worker = await startLocalWorker({
  config: CONFIG,
  port: 8797,
  migrate: true,
  vars: { ...SECRETS, PASSWORD_PEPPER: "", EMAIL_PROVIDER: "log", RATE_LIMITS: "off" },
  extraArgs: ["--inspector-port", String(INSPECTOR)],
});
try {
  const hash = await hashPassword(BENCH_PASSWORD);
  executeSql(
    worker,
    seedUsersSql({ from: 1, count: 1, prefix: "u", passwordHash: hash, verified: true }),
  );
  const login = () =>
    fetch(`${worker.url}/v1/auth/login`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: seedEmail("u", 1), password: BENCH_PASSWORD }),
    });
  const session = (await (await login()).json()) as { access_token: string };
  const path = route === "/me" ? "/v1/users/me" : route;
  const fire =
    route === "/login"
      ? login
      : () =>
          fetch(`${worker.url}${path}`, {
            headers: { Authorization: `Bearer ${session.access_token}` },
          });
  for (let i = 0; i < 50; i++) await (await fire()).arrayBuffer(); // a warm isolate

  const targets = (await (await fetch(`http://127.0.0.1:${INSPECTOR}/json`)).json()) as {
    webSocketDebuggerUrl: string;
  }[];
  const target = targets.find((t) => t.webSocketDebuggerUrl);
  if (!target) throw new Error("no inspector target");
  const inspector = await devtools(target.webSocketDebuggerUrl);
  await inspector.send("Profiler.enable");
  await inspector.send("Profiler.setSamplingInterval", { interval: 50 });
  await inspector.send("Profiler.start");
  for (let i = 0; i < COUNT; i += 4) {
    await Promise.all([fire(), fire(), fire(), fire()].map(async (r) => (await r).arrayBuffer()));
  }
  const { profile } = await inspector.send<{ profile: Profile }>("Profiler.stop");
  inspector.close();

  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (const [i, id] of profile.samples.entries()) {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  let busy = 0;
  for (const [id, us] of self) {
    const node = byId.get(id);
    if (!node || node.callFrame.functionName === "(idle)") continue;
    busy += us;
    const url = node.callFrame.url;
    const name = node.callFrame.functionName || "(anonymous)";
    const key = `${name} ${url ? `${url}:${node.callFrame.lineNumber + 1}` : "(native)"}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
    byPackage.set(url || name, (byPackage.get(url || name) ?? 0) + us);
  }
  const perRequest = (us: number) => `${(us / 1000 / COUNT).toFixed(3)} ms/request`;
  console.log(`${route}: ${COUNT} requests, ${perRequest(busy)} sampled (under the profiler)`);
  console.log("\nby script:");
  for (const [name, us] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 12))
    console.log(`  ${perRequest(us).padStart(18)}  ${name}`);
  console.log("\nby function (self time):");
  for (const [name, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 40))
    console.log(`  ${perRequest(us).padStart(18)}  ${name}`);
} finally {
  await worker.stop();
  rmSync(join(ROOT, CONFIG), { force: true });
}
