import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { addDaysToIsoDate, type Customer, isoDate, type KycDocumentType } from '@cm/domain';
import type { Actor } from '../services/actor';
import { activateCustomer, closeCustomer, type ServiceDeps, suspendCustomer } from '../services/customers';
import { createKycDocument, rejectKyc, verifyKyc } from '../services/kyc';
import type { FileStorage } from '../storage/file-storage';
import { demoScanPng } from './demo-files';

type Deps = ServiceDeps & { storage: FileStorage };

async function uploadScan(deps: Deps, actor: Actor, customer: Customer, type: KycDocumentType, expiresAt?: string) {
  const bytes = demoScanPng(`${customer.customerNumber}:${type}`);
  const key = `kyc/${randomUUID()}`;
  await deps.storage.put(key, Readable.from([bytes]));
  try {
    return await createKycDocument(
      deps,
      actor,
      customer.id,
      { documentType: type, ...(expiresAt ? { expiresAt } : {}) },
      {
        key,
        clientName: `${type.replace(/_/g, '-')}-scan.png`,
        sizeBytes: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        sniffedMime: 'image/png',
      },
    );
  } catch (err) {
    await deps.storage.delete(key);
    throw err;
  }
}

/**
 * Gives the demo a realistic spread: most customers have KYC papers (uploaded by corporate and
 * reviewed by admin, four eyes), some verified and active, a few suspended, rejected, closed, or
 * with a passport expiring soon. Customers listed in `skip` (the portal login's) are left untouched.
 */
export async function seedDemoKyc(
  deps: Deps,
  customers: Customer[],
  staff: { admin: Actor; corporate: Actor },
  skip: Set<string>,
) {
  const today = isoDate(deps.now());
  for (const [i, customer] of customers.entries()) {
    if (skip.has(customer.id) || i % 10 >= 7) continue;
    const expiry = i % 9 === 0 ? addDaysToIsoDate(today, 12 + (i % 15)) : addDaysToIsoDate(today, 400 + i);
    const types: KycDocumentType[] =
      customer.type === 'business'
        ? ['business_registration', 'tax_certificate', 'proof_of_address', 'passport']
        : ['passport', 'proof_of_address'];
    const docs = [];
    for (const type of types)
      docs.push(await uploadScan(deps, staff.corporate, customer, type, type === 'passport' ? expiry : undefined));
    if (i % 10 === 6) continue; // left pending for review
    if (i % 10 === 5) {
      await rejectKyc(
        deps,
        staff.admin,
        customer.id,
        docs[0]!.id,
        'The scan is too blurry to read; please upload a sharper copy.',
      );
      continue;
    }
    for (const doc of docs) await verifyKyc(deps, staff.admin, customer.id, doc.id);
    await activateCustomer(deps, staff.corporate, customer.id);
    if (i % 20 === 0) await suspendCustomer(deps, staff.corporate, customer.id, 'Unusual payment pattern under review');
    if (i % 30 === 1) await closeCustomer(deps, staff.admin, customer.id, 'Customer moved the account elsewhere');
  }
}
