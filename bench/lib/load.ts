// A small closed-loop load generator for the benches: `concurrency` workers send requests back to back until `n` have
// been sent, recording each request's latency. Transport-agnostic: a case is a function that sends one request.
import { performance } from 'node:perf_hooks';

/** One request's outcome, whatever carried it (app.inject or a socket). */
export interface Reply {
  status: number;
  body: string;
}

export interface Measurement {
  label: string;
  perSecond: number;
  /** Latency percentiles in milliseconds (nearest rank). */
  p50: number;
  p95: number;
  p99: number;
}

export interface LoadOptions {
  n: number;
  concurrency: number;
  /** Requests sent (sequentially, untimed) before measuring: JIT, plan caches, connection pools. */
  warmup: number;
}

/** Throws on the first failed request (status >= 400), so the bench exits non-zero. */
export async function measure(label: string, send: (i: number) => Promise<Reply>, options: LoadOptions): Promise<Measurement> {
  const check = (reply: Reply) => {
    if (reply.status >= 400) throw new Error(`${label}: HTTP ${reply.status} ${reply.body.slice(0, 500)}`);
  };
  for (let i = 0; i < options.warmup; i++) check(await send(i));
  const latencies = new Float64Array(options.n);
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (next < options.n) {
        const i = next++;
        const sent = performance.now();
        check(await send(i));
        latencies[i] = performance.now() - sent;
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  latencies.sort();
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)]!;
  return { label, perSecond: options.n / seconds, p50: at(50), p95: at(95), p99: at(99) };
}

/** Prints the results as a table, each with its throughput as a ratio to the baseline's. */
export function printTable(engine: string, results: Measurement[], baseline: Measurement): void {
  const head = ['target', 'engine', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'ratio'];
  const rows = results.map((r) => [r.label, engine, r.perSecond.toFixed(0), r.p50.toFixed(2), r.p95.toFixed(2), r.p99.toFixed(2), (r.perSecond / baseline.perSecond).toFixed(3)]);
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c]!.length)));
  const line = (cells: string[]) => cells.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}
