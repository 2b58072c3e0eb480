import type { Db } from '@cm/db';

/** What a use case needs: the database (pool or transaction) and the clock. */
export interface ServiceDeps {
  db: Db;
  now: () => Date;
}
