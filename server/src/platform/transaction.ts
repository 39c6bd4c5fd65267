import type { Db, Tx } from './db/index.js';
import type { DomainError, Result } from './errors.js';

class Rollback {
  constructor(readonly result: unknown) {}
}

/**
 * Runs a use case in one transaction and commits only when it succeeds: a failed `Result` rolls back everything the
 * use case wrote before it noticed the problem, so bad input never leaves anything half-written.
 */
export async function transact<T, E extends DomainError>(db: Db, fn: (trx: Tx) => Promise<Result<T, E>>): Promise<Result<T, E>> {
  try {
    return await db.transaction().execute(async (trx) => {
      const result = await fn(trx);
      if (!result.ok) throw new Rollback(result);
      return result;
    });
  } catch (error) {
    if (error instanceof Rollback) return error.result as Result<T, E>;
    throw error;
  }
}
