// Starts a Worker under `wrangler dev` for the end-to-end tests and the benchmark: its own port,
// its own throwaway local state (D1 migrated first), and its settings from its own env file, so a
// developer's .dev.vars is neither needed nor read.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = new URL("..", import.meta.url).pathname;
const WRANGLER = join(ROOT, "node_modules/.bin/wrangler");

export interface LocalWorkerOptions {
  /** Wrangler config file, relative to the project root. */
  config?: string;
  port: number;
  /** Secrets and overrides of [vars]: the only settings beyond the config file. */
  vars?: Record<string, string>;
  /** Apply the D1 migrations of the config before starting. */
  migrate?: boolean;
  extraArgs?: string[];
}

export interface LocalWorker {
  url: string;
  /** The local state folder (D1 lives here): `wrangler d1 execute --persist-to` can reach it. */
  persistTo: string;
  config: string;
  stop(): Promise<void>;
}

export async function startLocalWorker(options: LocalWorkerOptions): Promise<LocalWorker> {
  const config = options.config ?? "wrangler.toml";
  const dir = mkdtempSync(join(tmpdir(), "coffee-worker-"));
  const persistTo = join(dir, "state");
  const envFile = join(dir, "worker.env");
  const lines = Object.entries(options.vars ?? {}).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  writeFileSync(envFile, `${lines.join("\n")}\n`, { mode: 0o600 });
  if (options.migrate) {
    execFileSync(
      WRANGLER,
      ["d1", "migrations", "apply", "DB", "--local", "--config", config, "--persist-to", persistTo],
      { cwd: ROOT, stdio: "ignore", env: { ...process.env, CI: "true" } },
    );
  }
  const child = spawn(
    WRANGLER,
    [
      "dev",
      "--config",
      config,
      "--ip",
      "127.0.0.1",
      "--port",
      String(options.port),
      "--persist-to",
      persistTo,
      "--env-file",
      envFile,
      "--show-interactive-dev-session=false",
      "--log-level",
      "warn",
      ...(options.extraArgs ?? []),
    ],
    { cwd: ROOT, detached: true, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);

  const url = `http://127.0.0.1:${options.port}`;
  const stop = async () => {
    await killGroup(child);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilUp(`${url}/health`, child);
  } catch (error) {
    await stop();
    throw new Error(`wrangler dev did not start: ${(error as Error).message}\n${output}`);
  }
  return { url, persistTo, config, stop };
}

async function waitUntilUp(url: string, child: ChildProcess, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no answer from ${url} within ${timeoutMs} ms`);
}

/** wrangler starts workerd as a child: end the whole process group. */
async function killGroup(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (child.exitCode !== null || pid === undefined) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  try {
    process.kill(-pid, "SIGTERM");
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }, 5_000);
  await exited;
  clearTimeout(timer);
}
