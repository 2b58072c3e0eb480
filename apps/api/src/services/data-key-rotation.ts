import { type Db, keyringOf, type MasterKey, parseMasterKey, type RewrapProgress, rewrapDataKeys } from '@cm/db';

export interface RotationKeys {
  /** The key(s) the data keys may be wrapped under now (DATA_KEY, DATA_KEY_PREVIOUS). */
  current: string;
  previous: readonly string[];
  /** NEW_DATA_KEY; unset means "everything under `current`" (finishing a rotation already deployed). */
  next?: string;
}

/**
 * Master-key rotation (SPEC §14): every live customer data key re-wrapped under the new master key,
 * in batches, each its own transaction; already re-wrapped keys are skipped, so it resumes where a
 * stopped run left off. Destroyed keys stay destroyed.
 */
export async function rotateMasterKey(
  db: Db,
  keys: RotationKeys,
  opts: { batchSize?: number; onBatch?: (p: RewrapProgress) => void } = {},
): Promise<RewrapProgress & { target: MasterKey }> {
  const ring = keyringOf(keys.current, keys.previous);
  const target = keys.next ? parseMasterKey(keys.next) : ring.current;
  const progress = await rewrapDataKeys(db, {
    unwrapWith: [ring.current, ...ring.previous, target],
    target,
    batchSize: opts.batchSize,
    onBatch: opts.onBatch,
  });
  return { ...progress, target };
}
