import { openDatabase } from '../bootstrap';
import { loadEnv } from '../env';

const env = loadEnv();
const handle = await openDatabase(env);
console.log(
  `Migrated the ${handle.kind === 'pglite' ? `embedded database in ${env.DATA_DIR}` : 'PostgreSQL database'}.`,
);
await handle.close();
