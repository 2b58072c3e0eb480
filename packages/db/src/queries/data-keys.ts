import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { type MasterKey, newDataKey, unwrapDataKey, unwrapWithRing, wrapDataKey } from '../data-keys/crypto';
import { masterKeysOf } from '../data-keys/keyring';
import type { Database } from '../schema';

/** A customer's usable data key, or `erased` once destroyed. */
export type DataKeyState = Buffer | 'erased';

/**
 * The customer's data key for writing an audit row, created on first use in the caller's
 * transaction. Concurrent first writers both insert with ON CONFLICT DO NOTHING and then read the
 * one that won, so every value of a customer is under one key.
 */
export async function dataKeyForWrite(db: Kysely<Database>, customerId: string): Promise<DataKeyState> {
  const ring = masterKeysOf(db);
  let row = await findKey(db, customerId);
  if (!row) {
    await db
      .insertInto('customer_data_keys')
      .values({
        customer_id: customerId,
        wrapped_key: wrapDataKey(ring.current, customerId, newDataKey()),
        master_key_id: ring.current.id,
      })
      .onConflict((oc) => oc.column('customer_id').doNothing())
      .execute();
    row = await findKey(db, customerId);
    if (!row) throw new Error('customer data key vanished after insert');
  }
  if (!row.wrapped_key) return 'erased';
  return unwrapWithRing(ring, customerId, row.master_key_id!, row.wrapped_key);
}

function findKey(db: Kysely<Database>, customerId: string) {
  return db
    .selectFrom('customer_data_keys')
    .select(['wrapped_key', 'master_key_id'])
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
}

/**
 * The data keys of these customers for reading, fetched in one query and held only by the caller
 * (one request): a key destroyed on another instance is never served from a cache. A customer with
 * no key row has no encrypted values; a key that will not unwrap reads as `unreadable`.
 */
export async function dataKeysForRead(
  db: Kysely<Database>,
  customerIds: Iterable<string>,
): Promise<Map<string, DataKeyState | 'unreadable'>> {
  const ids = [...new Set(customerIds)];
  const keys = new Map<string, DataKeyState | 'unreadable'>();
  if (ids.length === 0) return keys;
  const ring = masterKeysOf(db);
  const rows = await db
    .selectFrom('customer_data_keys')
    .select(['customer_id', 'wrapped_key', 'master_key_id'])
    .where('customer_id', 'in', ids)
    .execute();
  for (const r of rows) {
    if (!r.wrapped_key) keys.set(r.customer_id, 'erased');
    else {
      try {
        keys.set(r.customer_id, unwrapWithRing(ring, r.customer_id, r.master_key_id!, r.wrapped_key));
      } catch {
        keys.set(r.customer_id, 'unreadable');
      }
    }
  }
  // No key row at all: the customer row (and its key with it) was deleted.
  for (const id of ids) if (!keys.has(id)) keys.set(id, 'erased');
  return keys;
}

/**
 * Erasure (SPEC §14): destroys the customer's data key, so every personal value in their audit rows
 * reads as erased from now on while the rows stay. Call it in the erasure's transaction. A customer
 * with no key yet gets a destroyed one, so later audit rows store no personal value either.
 * Idempotent.
 */
export async function destroyCustomerDataKey(db: Kysely<Database>, customerId: string): Promise<void> {
  await db
    .insertInto('customer_data_keys')
    .values({ customer_id: customerId, wrapped_key: null, master_key_id: null, destroyed_at: sql`now()` })
    .onConflict((oc) =>
      oc
        .column('customer_id')
        .doUpdateSet({ wrapped_key: null, master_key_id: null, destroyed_at: sql`now()` })
        .where('customer_data_keys.destroyed_at', 'is', null),
    )
    .execute();
}

export interface RewrapProgress {
  /** Keys re-wrapped under the target key in this run. */
  rewrapped: number;
  /** Live keys already under the target key (skipped). */
  alreadyCurrent: number;
  /** Keys that none of the given keys could unwrap (left as they were). */
  failed: number;
}

/**
 * Master-key rotation: re-wraps every live data key that is not under `target` yet, `batchSize`
 * keys per transaction (rows locked, so a concurrent erasure waits or wins cleanly). Keys already
 * under `target` are skipped, so a run that stopped halfway is finished by running it again.
 */
export async function rewrapDataKeys(
  db: Kysely<Database>,
  opts: { unwrapWith: MasterKey[]; target: MasterKey; batchSize?: number; onBatch?: (p: RewrapProgress) => void },
): Promise<RewrapProgress> {
  const batchSize = opts.batchSize ?? 500;
  const byId = new Map(opts.unwrapWith.map((k) => [k.id, k]));
  const progress: RewrapProgress = { rewrapped: 0, alreadyCurrent: 0, failed: 0 };
  const current = await db
    .selectFrom('customer_data_keys')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('master_key_id', '=', opts.target.id)
    .where('wrapped_key', 'is not', null)
    .executeTakeFirstOrThrow();
  progress.alreadyCurrent = Number(current.n);
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const done = await db.transaction().execute(async (trx) => {
      const rows = await trx
        .selectFrom('customer_data_keys')
        .select(['customer_id', 'wrapped_key', 'master_key_id'])
        .where('customer_id', '>', after)
        .where('wrapped_key', 'is not', null)
        .where('master_key_id', '<>', opts.target.id)
        .orderBy('customer_id')
        .limit(batchSize)
        .forUpdate()
        .execute();
      for (const r of rows) {
        after = r.customer_id;
        const master = byId.get(r.master_key_id!);
        let plain: Buffer;
        try {
          if (!master) throw new Error('unknown master key');
          plain = unwrapDataKey(master, r.customer_id, r.wrapped_key!);
        } catch {
          progress.failed += 1;
          continue;
        }
        await trx
          .updateTable('customer_data_keys')
          .set({ wrapped_key: wrapDataKey(opts.target, r.customer_id, plain), master_key_id: opts.target.id })
          .where('customer_id', '=', r.customer_id)
          .where('destroyed_at', 'is', null)
          .execute();
        progress.rewrapped += 1;
      }
      return rows.length < batchSize;
    });
    opts.onBatch?.({ ...progress });
    if (done) return progress;
  }
}
