import { sql } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase, readMigrations, type Database } from '../../platform/db/index.js';
import { newGuid } from '../../platform/ids.js';

/**
 * Migration 0017 on a database that has metering alerts from 0016: each becomes an inbox notification (same id, time
 * and text, with the flag's facts and a link to it), and the old table is gone.
 */

const DATABASE_URL = process.env.DATABASE_URL;
let database: (Database & { drop?: () => Promise<void> }) | undefined;

async function emptyDatabase(): Promise<Database & { drop?: () => Promise<void> }> {
  if (!DATABASE_URL) return openDatabase({});
  const name = `agora_n_${newGuid().replace(/-/g, '').slice(0, 16)}`;
  const admin = async (text: string) => {
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(DATABASE_URL);
  url.pathname = `/${name}`;
  const db = await openDatabase({ databaseUrl: url.toString(), poolSize: 2 });
  return { ...db, drop: () => admin(`drop database if exists ${name} with (force)`) };
}

afterEach(async () => {
  await database?.close();
  await database?.drop?.();
  database = undefined;
});

describe('migration 0017', () => {
  it('moves the metering alerts into the inbox and drops their table', async () => {
    database = await emptyDatabase();
    const db = database.db;
    const files = await readMigrations();
    await migrate(db, files.filter((f) => f.name < '0017'));

    const accountId = newGuid();
    const anomalyId = newGuid();
    const resourceId = newGuid();
    const notificationId = newGuid();
    const flagged = new Date('2026-03-12T02:00:00Z');
    await sql`insert into metering_anomaly (anomaly_id, account_id, resource_id, offer_id, plan_id, dimension, usage_date, observed_quantity, expected_quantity,
                upper_bound, deviation, model, unit_price, currency, created_at, action_expires_at)
              values (${anomalyId}, ${accountId}, ${resourceId}, 'contoso-flow', 'metered', 'emails', '2026-03-10', 1000, 100.5, 125.625, 12.5, '{}',
                1.5, 'USD', ${flagged}, ${new Date('2026-04-11T02:00:00Z')})`.execute(db);
    await sql`insert into metering_notification (notification_id, account_id, kind, anomaly_id, offer_id, message, created_at)
              values (${notificationId}, ${accountId}, 'anomalyDetected', ${anomalyId}, 'contoso-flow', 'Metered usage anomaly: "emails" …', ${flagged})`.execute(db);

    expect((await migrate(db, files)).applied).toEqual(files.filter((f) => f.name >= '0017').map((f) => f.name));
    const { rows } = await sql<Record<string, unknown>>`select * from notifications_notification`.execute(db);
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row).toMatchObject({
      notification_id: notificationId,
      account_id: accountId,
      kind: 'anomalyDetected',
      subject: 'Usage anomaly: emails of contoso-flow on 2026-03-10',
      body: 'Metered usage anomaly: "emails" …',
      link: `/partner/usage/anomalies?anomalyId=${anomalyId}`,
      dedupe_key: `anomaly:${anomalyId}`,
    });
    expect(new Date(row.created_at as string).toISOString()).toBe(flagged.toISOString());
    const data = typeof row.data === 'string' ? JSON.parse(row.data) : row.data;
    expect(data).toMatchObject({
      anomalyId,
      offerId: 'contoso-flow',
      planId: 'metered',
      subscriptionId: resourceId,
      dimension: 'emails',
      usageDate: '2026-03-10',
      reportedQuantity: '1000',
      expectedQuantity: '100.5',
      upperBound: '125.625',
    });
    // Old alerts are not emailed now, and nobody has read them.
    expect((await sql<{ n: number }>`select count(*)::int as n from notifications_email`.execute(db)).rows[0]!.n).toBe(0);
    expect((await sql<{ n: number }>`select count(*)::int as n from notifications_read`.execute(db)).rows[0]!.n).toBe(0);
    expect((await sql<{ t: string | null }>`select to_regclass('metering_notification')::text as t`.execute(db)).rows[0]!.t).toBeNull();
  });
});
