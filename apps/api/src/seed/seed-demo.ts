import { hashPassword } from '@cm/auth';
import { findUserByEmail, insertUser } from '@cm/db';
import { customerCreateInput } from '@cm/domain';
import type { Actor } from '../services/actor';
import { createCustomer, type ServiceDeps } from '../services/customers';
import type { FileStorage } from '../storage/file-storage';
import { demoCustomers } from './demo-data';
import { seedDemoKyc } from './seed-demo-kyc';
import { seedDemoQueues, seedDemoTickets } from './seed-demo-tickets';

export const DEMO_USERS = [
  { email: 'admin@example.com', name: 'Ada Admin', role: 'admin' },
  { email: 'corporate@example.com', name: 'Carl Corporate', role: 'corporate' },
  { email: 'client@example.com', name: 'Clara Client', role: 'client' },
] as const;

const SYSTEM: Actor = { userId: null, role: null, customerId: null, requestId: 'seed', clientIp: null };

/** Seeds demo users and ~200 customers once; a database that already has users is left alone. */
export async function seedDemo(
  deps: ServiceDeps & { storage: FileStorage },
  password: string,
  customerCount = 200,
): Promise<boolean> {
  if (await findUserByEmail(deps.db, DEMO_USERS[0].email)) return false;
  const passwordHash = await hashPassword(password);
  const admin = await insertUser(deps.db, { ...DEMO_USERS[0], customer_id: null, password_hash: passwordHash });
  const corporate = await insertUser(deps.db, { ...DEMO_USERS[1], customer_id: null, password_hash: passwordHash });
  const actor: Actor = { ...SYSTEM, userId: admin.id, role: 'admin' };
  const created = [];
  for (const c of demoCustomers(customerCount)) {
    created.push(await createCustomer(deps, actor, customerCreateInput.parse(c)));
  }
  const own = created.find((c) => c.type === 'individual')!;
  const client = await insertUser(deps.db, { ...DEMO_USERS[2], customer_id: own.id, password_hash: passwordHash });
  const staff = { admin: actor, corporate: { ...SYSTEM, userId: corporate.id, role: 'corporate' as const } };
  const queues = await seedDemoQueues(deps, staff);
  await seedDemoKyc(deps, created, staff, new Set([own.id]));
  await seedDemoTickets(
    deps,
    created,
    {
      ...staff,
      client: { ...SYSTEM, userId: client.id, role: 'client', customerId: own.id },
    },
    queues,
  );
  return true;
}
