// One measured load case: autocannon against a local Worker, after a short warm-up.
import autocannon from "autocannon";

export interface LoadCase {
  name: string;
  url: string;
  connections: number;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
  /** For chained requests (refresh): autocannon's per-connection request hooks. */
  requests?: autocannon.Request[];
}

export interface LoadResult {
  name: string;
  connections: number;
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  /** Non-2xx answers and socket errors: any is a broken run, reported as such. */
  failures: number;
  /** Worker CPU per request, ms: the serving workerd process's CPU over the run ÷ requests. */
  cpuMs: number;
}

export const DURATION_SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const WARMUP_SECONDS = 1;

/**
 * autocannon's own histogram keeps whole milliseconds; latencies are collected here from its
 * `response` events instead, at microsecond precision (a D1 read takes about a millisecond).
 */
async function fire(c: LoadCase, duration: number) {
  const latencies: number[] = [];
  const options: autocannon.Options = {
    url: c.url,
    connections: c.connections,
    duration,
    method: c.method ?? "GET",
    headers: { "Content-Type": "application/json", ...c.headers },
    body: c.body,
    requests: c.requests,
  };
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (error, done) => (error ? reject(error) : resolve(done)));
    instance.on("response", (_client, status, _bytes, responseTime) => {
      if (status >= 200 && status < 300) latencies.push(responseTime);
    });
  });
  latencies.sort((a, b) => a - b);
  return { result, latencies };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** `cpuSeconds` reads the CPU used so far by the workerd process that serves `c.url`. */
export async function measure(c: LoadCase, cpuSeconds: () => number): Promise<LoadResult> {
  await fire(c, WARMUP_SECONDS);
  const before = cpuSeconds();
  const { result, latencies } = await fire(c, DURATION_SECONDS);
  const cpu = cpuSeconds() - before;
  return {
    name: c.name,
    connections: c.connections,
    rps: result.requests.total / DURATION_SECONDS,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    requests: result.requests.total,
    failures: result.non2xx + result.errors,
    cpuMs: (cpu * 1000) / Math.max(1, result.requests.total),
  };
}
