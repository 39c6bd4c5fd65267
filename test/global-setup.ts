import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { migrate, openDatabase } from '../server/src/platform/db/index.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** PGlite: path of a dump of a migrated database. PostgreSQL: name of a migrated template database. */
    databaseTemplate: string;
  }
}

const TMP = path.resolve('.test-tmp');

/**
 * Migrates one database for the whole run; every test file starts from a copy of it (a PGlite dump, or
 * CREATE DATABASE ... TEMPLATE on PostgreSQL), so tests always run the real migrations, once.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const template = `agora_template_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`drop database if exists ${template}`);
    await admin.query(`create database ${template}`);
    const templateUrl = new URL(url);
    templateUrl.pathname = `/${template}`;
    const database = await openDatabase({ databaseUrl: templateUrl.toString(), poolSize: 1 });
    await migrate(database.db);
    await database.close();
    project.provide('databaseTemplate', template);
    return async () => {
      await admin.query(`drop database if exists ${template}`);
      await admin.end();
    };
  }
  const database = await openDatabase({});
  await migrate(database.db);
  const dump = await exportDump(database);
  await database.close();
  await mkdir(TMP, { recursive: true });
  const file = path.join(TMP, `template-${process.pid}.tar`);
  await writeFile(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('databaseTemplate', file);
  return async () => {};
}

async function exportDump(database: Awaited<ReturnType<typeof openDatabase>>): Promise<Blob> {
  if (!database.dumpDataDir) throw new Error('not an embedded database');
  return database.dumpDataDir();
}
