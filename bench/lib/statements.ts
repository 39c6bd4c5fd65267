// The benches' statement counter: a Kysely plugin that counts the app's statements and, while profiling, times them by
// kind and table.
import { performance } from 'node:perf_hooks';
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
