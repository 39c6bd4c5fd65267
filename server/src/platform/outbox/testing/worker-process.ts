/**
 * A worker process for outbox.multiprocess.int.test.ts (test-only): runs an OutboxRunner against a PostgreSQL database
 * whose handler records each message id in `mp_handled` (primary key, `on conflict do nothing`) and sleeps a little.
 *
 *   node --import tsx server/src/platform/outbox/testing/worker-process.ts
 *
 * Environment: OUTBOX_TEST_DATABASE_URL (required), OUTBOX_TEST_TOPIC, OUTBOX_TEST_LEASE_MS, OUTBOX_TEST_SLEEP_MS,
 * OUTBOX_TEST_CONCURRENCY, and OUTBOX_TEST_HANG_AFTER=n: after n messages, the handler records the message and then
 * never returns (a worker stuck or about to be killed, holding its claims).
 * Reports on stdout, one JSON object a line: {"event":"ready","worker":...}, {"event":"hung"}; ends on SIGTERM.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { systemClock } from '../../clock.js';
import { openDatabase, tables } from '../../db/index.js';
import { OutboxRunner } from '../index.js';

interface HandledTables {
  mp_handled: { message_id: string; worker: string };
}

const env = (name: string, fallback?: string): string => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`${name} is required`);
  return value;
};

const report = (event: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(event)}\n`);

const database = await openDatabase({ databaseUrl: env('OUTBOX_TEST_DATABASE_URL'), poolSize: 12 });
const runner = new OutboxRunner({
  database,
  clock: systemClock,
  log: pino({ level: 'error' }, pino.destination(2)),
  concurrency: Number(env('OUTBOX_TEST_CONCURRENCY', '8')),
  leaseMs: Number(env('OUTBOX_TEST_LEASE_MS', '60000')),
  pollMs: 50,
});
const sleepMs = Number(env('OUTBOX_TEST_SLEEP_MS', '5'));
const hangAfter = Number(env('OUTBOX_TEST_HANG_AFTER', '0'));
let handled = 0;
let hung = false;

runner.register({
  topic: env('OUTBOX_TEST_TOPIC', 'mp.work'),
  async handle(message, ctx) {
    handled++;
    await tables<HandledTables>(ctx.db)
      .insertInto('mp_handled')
      .values({ message_id: message.id, worker: runner.worker })
      .onConflict((oc) => oc.column('message_id').doNothing())
      .execute();
    if (hangAfter > 0 && handled > hangAfter) {
      if (!hung) report({ event: 'hung' });
      hung = true;
      await new Promise<never>(() => {});
    }
    await sleep(sleepMs);
  },
});

// The started runner keeps the process alive; SIGTERM stops it cleanly (handlers in flight finish).
process.once('SIGTERM', () => {
  void (async () => {
    await runner.stop();
    await database.close();
    process.exit(0);
  })();
});

runner.start();
report({ event: 'ready', worker: runner.worker });
