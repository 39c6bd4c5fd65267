// Instruments of the billing bench: a sampler of the process's peak resident set size and a timer for one measured
// step (with the statement counter of ./statements.ts).
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { StatementCounter } from './statements.js';

/** The result of one measured step. */
export interface Step<T> {
  value: T;
  ms: number;
  statements: number;
  /** This process's CPU time (with PGlite, the database's too). */
  cpuMs: number;
  /** The highest resident set size seen during the step, and that minus the one before it, in bytes. */
  peakRss: number;
  peakRssDelta: number;
  /** The same for the JavaScript heap in use (V8's heapUsed): the app's own objects, whatever the database engine. */
  peakHeapDelta: number;
  /** Statements by kind and table: count and summed time, most time first. */
  profile: [string, { n: number; ms: number }][];
}

// A full garbage collection before each step, so its heap delta starts from live objects only (--expose-gc, set at
// run time: the gc function appears in contexts created afterwards).
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/**
 * Runs `fn` once, timed, counting and profiling its statements and sampling the RSS and the heap every 5 ms (after a
 * full garbage collection).
 */
export async function step<T>(counter: StatementCounter, fn: () => Promise<T>): Promise<Step<T>> {
  gc();
  const before = process.memoryUsage();
  let peak = before.rss;
  let peakHeap = before.heapUsed;
  const sample = () => {
    const m = process.memoryUsage();
    peak = Math.max(peak, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  const sampler = setInterval(sample, 5);
  counter.profiling = new Map();
  const statements = counter.statements;
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  try {
    const value = await fn();
    const ms = performance.now() - t0;
    const used = process.cpuUsage(cpu);
    sample();
    return {
      value,
      ms,
      statements: counter.statements - statements,
      cpuMs: (used.user + used.system) / 1000,
      peakRss: peak,
      peakRssDelta: peak - before.rss,
      peakHeapDelta: peakHeap - before.heapUsed,
      profile: [...counter.profiling].sort((a, b) => b[1].ms - a[1].ms),
    };
  } finally {
    clearInterval(sampler);
    counter.profiling = undefined;
  }
}
