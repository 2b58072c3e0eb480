import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateMasterKey, keyringOf, type MasterKeyring } from '@cm/db';
import { type Env, EnvError } from './env';

/** Where the embedded default keeps the master key it generated. */
export const dataKeyFile = (dataDir: string) => join(dataDir, 'data-key');

/**
 * The master keyring: DATA_KEY (plus DATA_KEY_PREVIOUS during a rotation), or on the embedded
 * default without one, the key in DATA_DIR/data-key, generated (mode 0600) and announced once on
 * the first start so restarts keep reading the audit trail.
 */
export function masterKeysFromEnv(env: Env, announce: (line: string) => void = console.log): MasterKeyring {
  if (env.DATA_KEY) return keyringOf(env.DATA_KEY, env.DATA_KEY_PREVIOUS);
  if (env.DATABASE_URL)
    throw new EnvError('Invalid environment variable(s):\n  DATA_KEY: is required with DATABASE_URL');
  const file = dataKeyFile(env.DATA_DIR);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    mkdirSync(env.DATA_DIR, { recursive: true });
    try {
      // 'wx': two processes starting at once cannot both write a key; the loser reads the winner's.
      writeFileSync(file, `${generateMasterKey()}\n`, { mode: 0o600, flag: 'wx' });
      announce(
        `  Generated the audit master key (DATA_KEY) in ${file}: back it up with the data; without it personal values in the audit trail cannot be read.`,
      );
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    text = readFileSync(file, 'utf8');
  }
  try {
    return keyringOf(text, env.DATA_KEY_PREVIOUS);
  } catch (err) {
    throw new EnvError(`The master key in ${file} is not valid: ${(err as Error).message}`);
  }
}
