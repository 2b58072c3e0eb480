import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema';

/**
 * Takes (or, for its holder, extends) the named lease for `ttlMs`, unless another holder's lease is
 * still running; true when `holder` has it. One statement, so two instances racing for it cannot
 * both win. Times are the database's, the one clock every instance shares.
 */
export async function tryTakeLease(db: Kysely<Database>, name: string, holder: string, ttlMs: number) {
  const row = await db
    .insertInto('sweep_leases')
    .values({ name, holder, expires_at: sql<Date>`now() + ${ttlMs}::integer * interval '1 millisecond'` })
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet({ holder: (eb) => eb.ref('excluded.holder'), expires_at: (eb) => eb.ref('excluded.expires_at') })
        .where((eb) =>
          eb.or([eb('sweep_leases.expires_at', '<=', sql<Date>`now()`), eb('sweep_leases.holder', '=', holder)]),
        ),
    )
    .returning('name')
    .executeTakeFirst();
  return row !== undefined;
}

/** Gives the lease back, if `holder` still has it. */
export async function releaseLease(db: Kysely<Database>, name: string, holder: string) {
  await db.deleteFrom('sweep_leases').where('name', '=', name).where('holder', '=', holder).execute();
}
