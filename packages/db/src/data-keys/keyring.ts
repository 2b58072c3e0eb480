import type { Kysely, KyselyPlugin } from 'kysely';
import { DataKeyError, type MasterKeyring } from './crypto';

/**
 * Carries the master keyring on a Kysely instance: plugins travel into every transaction opened
 * from it, so `appendAudit(trx, …)` finds the keys without a module-level singleton. It changes no
 * query or result.
 */
class KeyringCarrier implements KyselyPlugin {
  constructor(readonly ring: MasterKeyring) {}
  transformQuery: KyselyPlugin['transformQuery'] = (args) => args.node;
  transformResult: KyselyPlugin['transformResult'] = async (args) => args.result;
}

/** The same database, holding the master keyring for audit encryption. */
export function withMasterKeys<D>(db: Kysely<D>, ring: MasterKeyring): Kysely<D> {
  return db.withPlugin(new KeyringCarrier(ring));
}

/** Whether a plugin only carries the keyring (it changes no query, so a precompiled query may skip it). */
export function isKeyringCarrier(plugin: KyselyPlugin): boolean {
  return plugin instanceof KeyringCarrier;
}

export function masterKeysOf<D>(db: Kysely<D>): MasterKeyring {
  // The last one added wins, so a handle can be re-keyed (rotation, tests) by adding another.
  const carrier = db.getExecutor().plugins.findLast((p): p is KeyringCarrier => p instanceof KeyringCarrier);
  if (!carrier) {
    throw new DataKeyError('No master key (DATA_KEY) is configured for this database handle.');
  }
  return carrier.ring;
}
