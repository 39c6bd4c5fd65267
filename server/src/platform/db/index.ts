export { openDatabase, tables, type Database, type Db, type Tx, type Executor, type Engine, type OpenOptions } from './database.js';
export { migrate, readMigrations, MigrationError, MIGRATIONS_DIR, type MigrationFile } from './migrator.js';
