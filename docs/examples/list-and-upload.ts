/**
 * Calls Customer Manager from another app with an API token, typed end to end:
 * lists the first customers and uploads a small text document to the first one.
 *
 *   CM_URL=http://localhost:3000 CM_TOKEN=cm_… pnpm exec tsx docs/examples/list-and-upload.ts
 *
 * The token needs `customers:view` and `documents:upload`.
 */
import { CustomerManagerError, createCustomerManagerClient, TRPCClientError } from '@cm/client';

const url = process.env.CM_URL ?? 'http://localhost:3000';
const token = process.env.CM_TOKEN;
if (!token) {
  console.error('Set CM_TOKEN to an API token (Settings → API tokens in the console).');
  process.exit(2);
}

const cm = createCustomerManagerClient({ url, token });

try {
  const page = await cm.customers.list.query({ limit: 5, sort: 'createdAt' });
  for (const c of page.items) {
    const name = c.type === 'business' ? c.companyName : `${c.firstName} ${c.lastName}`;
    console.log(`customer ${c.customerNumber} ${name} (${c.status}, KYC ${c.kycStatus})`);
  }
  const first = page.items[0];
  if (!first) {
    console.log('No customers yet: nothing to upload to.');
  } else {
    const doc = await cm.uploadDocument({
      customerId: first.id,
      category: 'correspondence',
      title: 'Sent by the example script',
      file: new Blob([`Hello from another app, ${new Date().toISOString()}\n`], { type: 'text/plain' }),
      fileName: 'hello.txt',
    });
    console.log(`uploaded document ${doc.id} "${doc.title}" (${doc.sizeBytes} bytes, sha256 ${doc.sha256})`);
  }
} catch (err) {
  // FORBIDDEN: the token lacks a permission; UNAUTHORIZED: unknown, expired or revoked token.
  if (err instanceof TRPCClientError) console.error(`refused: ${err.data?.code} ${err.message}`);
  else if (err instanceof CustomerManagerError) console.error(`refused: ${err.status} ${err.code} ${err.message}`);
  else throw err;
  process.exitCode = 1;
}
