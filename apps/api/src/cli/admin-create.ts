import { parseArgs } from 'node:util';
import { checkPasswordPolicy, hashPassword } from '@cm/auth';
import { findUserByEmail, insertUser } from '@cm/db';
import { DomainError } from '@cm/domain';
import { openDatabase } from '../bootstrap';
import { loadEnv } from '../env';

const { values } = parseArgs({
  options: {
    email: { type: 'string' },
    password: { type: 'string' },
    name: { type: 'string', default: 'Administrator' },
  },
});
if (!values.email || !values.password) {
  console.error('Usage: pnpm admin:create --email admin@your.org --password "a long passphrase" [--name "Full Name"]');
  process.exit(2);
}
try {
  checkPasswordPolicy(values.password);
} catch (err) {
  console.error(err instanceof DomainError ? err.message : err);
  process.exit(2);
}
const handle = await openDatabase(loadEnv());
try {
  if (await findUserByEmail(handle.db, values.email)) {
    console.error(`A user with email ${values.email} already exists.`);
    process.exitCode = 1;
  } else {
    await insertUser(handle.db, {
      email: values.email.toLowerCase(),
      name: values.name ?? 'Administrator',
      role: 'admin',
      customer_id: null,
      password_hash: await hashPassword(values.password),
    });
    console.log(`Created admin ${values.email}.`);
  }
} finally {
  await handle.close();
}
