// Starts a Worker under `wrangler dev` for the end-to-end tests and the benchmark: its own port,
// its own throwaway local state (D1 migrated first), and its settings from its own env file, so a
// developer's .dev.vars is neither needed nor read.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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
  /**
   * A dev registry of its own (WRANGLER_REGISTRY_PATH): Workers started with the same folder find
   * each other over Service Bindings, and nothing else — not a `npm run dev` of the same name.
   */
  registry?: string;
}

export interface LocalWorker {
  url: string;
  /**
   * CPU seconds (user + system) used so far by the workerd runtime of this Worker: its own CPU,
   * plus what that runtime spends on HTTP, logs, static assets and the local D1.
   */
  cpuSeconds(): number;
  /** The local state folder (D1 lives here): `wrangler d1 execute --persist-to` can reach it. */
  persistTo: string;
  config: string;
  /** The last 20 000 characters wrangler printed (for a failure's report). */
  output(): string;
  stop(): Promise<void>;
}

export async function startLocalWorker(options: LocalWorkerOptions): Promise<LocalWorker> {
  const config = options.config ?? "wrangler.toml";
  const dir = mkdtempSync(join(tmpdir(), "coffee-worker-"));
  const persistTo = join(dir, "state");
  const envFile = join(dir, "worker.env");
  // dotenv keeps a single-quoted value as it is (a JSON setting's quotes included); others are
  // written double-quoted.
  const quote = (v: string) => (v.includes('"') && !v.includes("'") ? `'${v}'` : JSON.stringify(v));
  const lines = Object.entries(options.vars ?? {}).map(([k, v]) => `${k}=${quote(v)}`);
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
    {
      cwd: ROOT,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: options.registry
        ? { ...process.env, WRANGLER_REGISTRY_PATH: options.registry }
        : process.env,
    },
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
  const cpuSeconds = () => workerdCpuSeconds(child.pid ?? -1);
  return { url, persistTo, config, stop, cpuSeconds, output: () => output };
}

const CLOCK_TICKS =
  Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;

/**
 * wrangler dev runs two workerd processes in its process group (it is started detached, so the
 * group id is its pid): a proxy that owns the public port, and the runtime of the Worker itself,
 * the one with an inspector. Only the latter's CPU is the Worker's.
 */
function workerdCpuSeconds(groupId: number): number {
  let ticks = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    let args: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      args = readFileSync(`/proc/${entry}/cmdline`, "utf8");
    } catch {
      continue; // exited meanwhile
    }
    const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
    // Fields after "(comm) ": state ppid pgrp … utime(14) stime(15), counted from 1 with pid.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (name !== "workerd" || Number(fields[2]) !== groupId) continue;
    if (!args.includes("--inspector-addr")) continue;
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks / CLOCK_TICKS;
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

/**
 * wrangler starts workerd as children: end the whole process group — also when wrangler itself
 * has already exited, or its workerd would be left running and answering on the port.
 */
async function killGroup(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-pid, name);
    } catch {
      // No process left in the group.
    }
  };
  signal("SIGTERM");
  const deadline = Date.now() + 5_000;
  while (groupAlive(pid) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (groupAlive(pid)) signal("SIGKILL");
}

function groupAlive(groupId: number): boolean {
  try {
    process.kill(-groupId, 0);
    return true;
  } catch {
    return false;
  }
}
