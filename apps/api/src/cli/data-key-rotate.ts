import { renameSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openDatabase } from '../bootstrap';
import { dataKeyFile, masterKeysFromEnv } from '../data-key';
import { EnvError, loadEnv } from '../env';
import { rotateMasterKey } from '../services/data-key-rotation';

/**
 * `pnpm data-key:rotate`: re-wraps every customer's audit data key under NEW_DATA_KEY (the old key
 * in DATA_KEY, or in DATA_DIR/data-key on the embedded default, which is then replaced).
 */
const { values } = parseArgs({ options: { 'batch-size': { type: 'string', default: '500' } } });
const batchSize = Number(values['batch-size']);
let env: ReturnType<typeof loadEnv>;
try {
  env = loadEnv();
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new EnvError('--batch-size must be a positive integer');
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exit(2);
}
const fromFile = !env.DATA_KEY;
if (fromFile && !env.NEW_DATA_KEY) {
  console.error('Set NEW_DATA_KEY to the new master key (e.g. `openssl rand -base64 32`).');
  process.exit(2);
}
const ring = masterKeysFromEnv(env, () => {});
const current = fromFile ? ring.current.key.toString('base64') : env.DATA_KEY!;
const handle = await openDatabase(env);
try {
  const result = await rotateMasterKey(
    handle.db,
    { current, previous: env.DATA_KEY_PREVIOUS, next: env.NEW_DATA_KEY },
    { batchSize, onBatch: (p) => console.log(`  re-wrapped ${p.rewrapped} so far`) },
  );
  console.log(
    `Re-wrapped ${result.rewrapped} customer data key(s) under master key ${result.target.id}; ` +
      `${result.alreadyCurrent} already were; ${result.failed} could not be opened with the keys given.`,
  );
  if (result.failed > 0) {
    console.error('Some keys were not re-wrapped: add the key they are under to DATA_KEY_PREVIOUS and run again.');
    process.exitCode = 1;
  } else if (fromFile && env.NEW_DATA_KEY) {
    // The embedded default: the new key replaces the generated one, so the next start uses it.
    const file = dataKeyFile(env.DATA_DIR);
    writeFileSync(`${file}.new`, `${env.NEW_DATA_KEY.trim()}\n`, { mode: 0o600 });
    renameSync(`${file}.new`, file);
    console.log(`The new master key is now in ${file}.`);
  } else {
    console.log('Now run every instance with DATA_KEY set to the new key (and drop DATA_KEY_PREVIOUS).');
  }
} finally {
  await handle.close();
}
