import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRows, makeUser, setupTestEnv, signIn, type TestEnv, typedApi } from './helpers';
import { dayFrom, fixture, upload } from './uploads';

let env: TestEnv;
let admin: ReturnType<typeof typedClient>;
let adminCookie: string;

const typedClient = (cookie: string) => typedApi(env.app, { cookie, ip: '10.0.0.7' });

beforeAll(async () => {
  env = await setupTestEnv();
  const user = await makeUser(env.db, 'admin');
  adminCookie = (await signIn(env.app, user.email, undefined, '10.0.0.7')).cookie;
  admin = typedClient(adminCookie);
});
afterAll(async () => {
  await env?.handle.close();
});

let n = 0;
function newCustomer() {
  n += 1;
  return admin.customers.create.mutate({
    type: 'individual',
    firstName: 'Vera',
    lastName: `Vocab${n}`,
    email: `vocab${n}@audit.example`,
    dateOfBirth: '1980-04-02',
    addressLine1: '1 High Street',
    postalCode: 'LS1 1AA',
    city: 'Leeds',
    country: 'GB',
  });
}

async function lastChanges(action: string, entityId: string) {
  const rows = (await auditRows(env.db, action)).filter((e) => e.entity_id === entityId);
  expect(rows.length).toBeGreaterThan(0);
  return rows.at(-1)!.changes as Record<string, Record<string, unknown>>;
}

/** Every key of a JSON value, nested ones included. */
function keysOf(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) keysOf(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      keysOf(v, out);
    }
  }
  return out;
}

describe('audit changes use API field names', () => {
  it('customer create and update record firstName, dateOfBirth, postalCode, riskLevel, kycStatus', async () => {
    const c = await newCustomer();
    const created = await lastChanges('customer.created', c.id);
    expect(created.after).toMatchObject({
      type: 'individual',
      firstName: 'Vera',
      lastName: c.lastName,
      dateOfBirth: '1980-04-02',
      addressLine1: '1 High Street',
      postalCode: 'LS1 1AA',
      country: 'GB',
      riskLevel: 'medium',
      status: 'pending',
      kycStatus: 'not_started',
    });

    await admin.customers.update.mutate({
      id: c.id,
      version: c.version,
      firstName: 'Veronica',
      dateOfBirth: '1981-05-03',
      postalCode: 'LS2 2BB',
      riskLevel: 'high',
    });
    expect(await lastChanges('customer.updated', c.id)).toEqual({
      before: { firstName: 'Vera', dateOfBirth: '1980-04-02', postalCode: 'LS1 1AA', riskLevel: 'medium' },
      after: { firstName: 'Veronica', dateOfBirth: '1981-05-03', postalCode: 'LS2 2BB', riskLevel: 'high' },
    });
  });

  it('a lifecycle change records status and statusReason beside the reason', async () => {
    const c = await newCustomer();
    await admin.customers.close.mutate({ id: c.id, reason: 'Chargeback dispute' });
    expect(await lastChanges('customer.closed', c.id)).toEqual({
      before: { status: 'pending', statusReason: null },
      after: { status: 'closed', statusReason: 'Chargeback dispute' },
      reason: 'Chargeback dispute',
    });
  });

  it('a KYC metadata update records documentNumber, issuingCountry and expiresAt', async () => {
    const c = await newCustomer();
    const now = env.clock.now();
    const up = await upload(env, `/api/customers/${c.id}/kyc`, {
      cookie: adminCookie,
      file: { name: 'passport.jpg', bytes: fixture('passport.jpg') },
      fields: {
        documentType: 'passport',
        issuingCountry: 'GB',
        issuedAt: dayFrom(now, -30),
        expiresAt: dayFrom(now, 400),
      },
      headers: { 'x-forwarded-for': '10.0.0.7' },
    });
    expect(up.status).toBe(201);
    await admin.kyc.update.mutate({
      customerId: c.id,
      documentId: up.json.id,
      version: up.json.version,
      documentNumber: 'P1234567',
      issuingCountry: 'FR',
      expiresAt: dayFrom(now, 500),
    });
    expect(await lastChanges('kyc.updated', up.json.id)).toEqual({
      before: { documentNumber: null, issuingCountry: 'GB', expiresAt: dayFrom(now, 400) },
      after: { documentNumber: 'P1234567', issuingCountry: 'FR', expiresAt: dayFrom(now, 500) },
    });
  });

  it('a note edit records noteType and title, a pin records isPinned', async () => {
    const c = await newCustomer();
    const note = await admin.notes.create.mutate({ customerId: c.id, noteType: 'call', content: 'Called about KYC' });
    expect(await lastChanges('note.created', note.id)).toEqual({
      after: { noteType: 'call', title: null, isPinned: false },
    });
    const edited = await admin.notes.update.mutate({
      customerId: c.id,
      noteId: note.id,
      version: note.version,
      noteType: 'meeting',
      title: 'Follow-up',
    });
    expect(await lastChanges('note.updated', note.id)).toEqual({
      before: { noteType: 'call', title: null },
      after: { noteType: 'meeting', title: 'Follow-up' },
    });
    await admin.notes.pin.mutate({ customerId: c.id, noteId: edited.id, pinned: true });
    expect(await lastChanges('note.pinned', note.id)).toEqual({
      before: { isPinned: false },
      after: { isPinned: true },
    });
  });

  it('no audit row written by these flows has a column-style (snake_case) key in its changes', async () => {
    const c = await newCustomer();
    await admin.customers.update.mutate({ id: c.id, version: c.version, addressLine2: 'Flat 2', companyName: null });
    const doc = await upload(env, `/api/customers/${c.id}/documents`, {
      cookie: adminCookie,
      file: { name: 'q3.csv', bytes: Buffer.from('quarter,revenue\nQ3,1\n') },
      fields: { category: 'report' },
      headers: { 'x-forwarded-for': '10.0.0.7' },
    });
    expect(doc.status).toBe(201);
    await admin.documents.update.mutate({
      customerId: c.id,
      documentId: doc.json.id,
      version: doc.json.version,
      title: 'Q3 figures',
      description: 'Revenue',
    });
    await admin.customers.delete.mutate({ id: c.id });
    await admin.customers.restore.mutate({ id: c.id });

    const rows = await auditRows(env.db);
    const actions = new Set(rows.map((e) => e.action));
    for (const action of [
      'customer.created',
      'customer.updated',
      'customer.closed',
      'customer.deleted',
      'customer.restored',
      'kyc.uploaded',
      'kyc.updated',
      'note.created',
      'note.updated',
      'note.pinned',
      'document.uploaded',
      'document.updated',
    ]) {
      expect(actions).toContain(action);
    }
    const snake = rows.flatMap((e) =>
      keysOf(e.changes)
        .filter((k) => k.includes('_'))
        .map((k) => `${e.action}: ${k}`),
    );
    expect(snake).toEqual([]);
  });
});
