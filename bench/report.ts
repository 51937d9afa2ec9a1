// bench/RESULTS.md: the measured table, the targets as ratios from the same run, and where.
import { cpus, platform, release, totalmem } from "node:os";
import type { LoadResult } from "./load";
import { DURATION_SECONDS } from "./load";

export interface Spread {
  median: number;
  min: number;
  max: number;
  values: number[];
}

export function spread(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median =
    sorted.length === 0
      ? Number.NaN
      : sorted.length % 2
        ? (sorted[mid] ?? Number.NaN)
        : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  return { median, min: sorted[0] ?? Number.NaN, max: sorted.at(-1) ?? Number.NaN, values };
}

export interface Target {
  label: string;
  /** Measured value (a ratio, seconds or KiB; a median when `spread` is given) and its bound. */
  value: number;
  spread?: Spread;
  bound: number;
  atMost: boolean;
  unit: string;
}

export const met = (t: Target) => (t.atMost ? t.value <= t.bound : t.value >= t.bound);

const fixed = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : "—");

export function renderReport(input: {
  date: Date;
  versions: Record<string, string>;
  rounds: number;
  results: LoadResult[];
  targets: Target[];
  facts: string[];
  notes: string[];
}): string {
  const cpu = cpus();
  const lines = [
    "# Benchmark results",
    "",
    `Written by \`npm run bench\` on ${input.date.toISOString()}. Every number below comes from`,
    "that one run on one machine; the targets are ratios within the run, so they compare like",
    "with like on a noisy machine. Floors are a bench-only fixture Worker (`bench/floors/`)",
    "under the same `wrangler dev` as the product. Worker CPU per request is the CPU time of the",
    "workerd process that runs the Worker (not wrangler's proxy in front of it) over a measured",
    "run, divided by the requests it served; each floor/product pair is measured back to back in",
    `every one of ${input.rounds} interleaved rounds, and a ratio target is the median of the rounds.`,
    "",
    `- Machine: ${cpu.length} × ${cpu[0]?.model ?? "unknown CPU"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${platform()} ${release()}`,
    `- Versions: ${Object.entries(input.versions)
      .map(([name, version]) => `${name} ${version}`)
      .join(", ")}`,
    `- Load: autocannon, ${DURATION_SECONDS} s per case after a 1 s warm-up; latency percentiles of the 2xx answers, in ms`,
    "",
    "## Targets",
    "",
    "| target | measured (median) | spread (min–max) | bound | met |",
    "| --- | ---: | ---: | ---: | :---: |",
    ...input.targets.map(
      (t) =>
        `| ${t.label} | ${fixed(t.value)}${t.unit} | ${t.spread ? `${fixed(t.spread.min)}–${fixed(t.spread.max)}` : "—"} | ${t.atMost ? "≤" : "≥"} ${t.bound}${t.unit} | ${met(t) ? "yes" : "**no**"} |`,
    ),
    "",
    "## Load cases",
    "",
    "| case | conn | CPU ms/request | req/s | p50 ms | p99 ms | requests | failures |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...input.results.map(
      (r) =>
        `| ${r.name} | ${r.connections} | ${fixed(r.cpuMs)} | ${fixed(r.rps, 0)} | ${fixed(r.p50)} | ${fixed(r.p99)} | ${r.requests} | ${r.failures} |`,
    ),
    "",
    ...input.facts.map((fact) => `- ${fact}`),
    "",
  ];
  if (input.notes.length > 0) lines.push("## Notes", "", ...input.notes, "");
  return lines.join("\n");
}
