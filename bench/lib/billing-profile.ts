// Instruments of the billing bench: a Kysely plugin that counts the app's statements and, while profiling, times them by
// kind and table; a sampler of the process's peak resident set size; and a timer for one measured step.
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';

/**
 * Counts the statements run through the database it is plugged into (BEGIN and COMMIT go around plugins: not counted)
 * and, while `profiling`, times each one from its compilation to its result, by kind and table. Statements that run
 * side by side (the outbox runner's workers) overlap: their times add up to more than the wall time.
 */
export class StatementCounter implements KyselyPlugin {
  statements = 0;
  profiling: Map<string, { n: number; ms: number }> | undefined;
  readonly #started = new Map<unknown, { at: number; label: string }>();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.statements++;
    if (this.profiling) this.#started.set(args.queryId, { at: performance.now(), label: statementLabel(args.node) });
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const started = this.#started.get(args.queryId);
    if (started && this.profiling) {
      this.#started.delete(args.queryId);
      const entry = this.profiling.get(started.label) ?? { n: 0, ms: 0 };
      entry.n++;
      entry.ms += performance.now() - started.at;
      this.profiling.set(started.label, entry);
    }
    return args.result;
  }
}

type Named = { table?: { identifier?: { name?: string } } };

/** "select billing_invoice_line, billing_invoice", "insert billing_earning", "sql lock table ...". */
export function statementLabel(node: RootOperationNode): string {
  const n = node as unknown as { kind: string; from?: { froms: Named[] }; joins?: { table: Named & { node?: Named } }[]; into?: Named; table?: Named; sqlFragments?: string[] };
  const name = (t: Named & { node?: Named } | undefined) => t?.table?.identifier?.name ?? t?.node?.table?.identifier?.name ?? '?';
  if (n.kind === 'SelectQueryNode') return `select ${[...(n.from?.froms ?? []).map(name), ...(n.joins ?? []).map((j) => name(j.table))].join(', ')}`;
  if (n.kind === 'InsertQueryNode') return `insert ${name(n.into)}`;
  if (n.kind === 'UpdateQueryNode') return `update ${name(n.table)}`;
  if (n.kind === 'DeleteQueryNode') return 'delete';
  if (n.kind === 'RawNode') return `sql ${(n.sqlFragments ?? []).join('?').replace(/\s+/g, ' ').trim().slice(0, 50)}`;
  return n.kind;
}

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
