import { CUSTOMER_FIELDS } from '@cm/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRows, makeUser, setupTestEnv, signedInRoles, signIn, storedFiles, type TestEnv } from './helpers';
import { fixture, upload } from './uploads';

let env: TestEnv;
let r: Awaited<ReturnType<typeof signedInRoles>>;

beforeAll(async () => {
  env = await setupTestEnv();
  r = await signedInRoles(env);
});
afterAll(async () => {
  await env?.handle.close();
});

const HEADER = 'type,firstName,lastName,companyName,email,phone,country';

function importCsv(
  target: TestEnv,
  cookie: string | undefined,
  mode: string,
  csv: string | Uint8Array,
  name = 'customers.csv',
) {
  const bytes = typeof csv === 'string' ? new TextEncoder().encode(csv) : csv;
  return upload(target, `/api/customers/import?mode=${mode}`, { cookie, file: { name, bytes, type: 'text/csv' } });
}

async function customerCount(db: TestEnv['db']) {
  const row = await db
    .selectFrom('customers')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('customer CSV import', () => {
  it('round trip: an export imported into an empty database gives the same customers', async () => {
    const created = [
      {
        type: 'individual',
        firstName: 'Ana',
        lastName: 'Sørensen, Jr.',
        email: 'ana@roundtrip.example',
        phone: '+44 7400 123456',
        dateOfBirth: '1984-02-29',
        addressLine1: '1 "Quoted" Lane',
        addressLine2: 'Line two',
        city: 'Leeds',
        state: 'West Yorkshire',
        postalCode: 'LS1 1AA',
        country: 'GB',
        riskLevel: 'high',
      },
      {
        type: 'business',
        companyName: '=Formula Ltd',
        email: 'ops@roundtrip.example',
        country: 'DE',
        riskLevel: 'low',
      },
      { type: 'individual', firstName: 'Émile', lastName: 'Zola', email: 'emile@roundtrip.example', country: 'FR' },
    ];
    for (const c of created) expect((await r.admin.client.mutation('customers.create', c)).ok).toBe(true);
    const exported = await env.app.request('/api/customers/export.csv?search=roundtrip.example', {
      headers: { cookie: r.admin.cookie },
    });
    const csv = await exported.text();

    const target = await setupTestEnv();
    try {
      const targetAdmin = await signIn(target.app, (await makeUser(target.db, 'admin')).email);
      const t = { admin: targetAdmin };
      const before = await customerCount(target.db);
      expect(before).toBe(0);
      const dry = await importCsv(target, t.admin.cookie, 'dry-run', csv);
      expect(dry.status).toBe(200);
      expect(dry.json).toMatchObject({ mode: 'dry-run', committed: false, rows: 3, validRows: 3, errorCount: 0 });
      expect(await customerCount(target.db)).toBe(before);

      const done = await importCsv(target, t.admin.cookie, 'commit', csv);
      expect(done.status).toBe(201);
      expect(done.json).toMatchObject({ committed: true, rows: 3, created: 3, errors: [] });

      const source = await env.db
        .selectFrom('customers')
        .selectAll()
        .where('email', 'like', '%@roundtrip.example')
        .execute();
      const copies = await target.db
        .selectFrom('customers')
        .selectAll()
        .where('email', 'like', '%@roundtrip.example')
        .execute();
      expect(copies).toHaveLength(3);
      const columns = [
        'type',
        'first_name',
        'last_name',
        'company_name',
        'email',
        'phone',
        'date_of_birth',
        'address_line1',
        'address_line2',
        'city',
        'state',
        'postal_code',
        'country',
        'risk_level',
      ] as const;
      expect(columns).toHaveLength(CUSTOMER_FIELDS.length);
      const shape = (rows: typeof source) =>
        rows
          .map((row) => ({
            ...Object.fromEntries(columns.map((c) => [c, row[c]])),
            customer_number: row.customer_number,
            status: row.status,
          }))
          .sort((a, b) => a.customer_number.localeCompare(b.customer_number));
      expect(done.json.renumbered).toBe(0);
      expect(shape(copies)).toEqual(shape(source));
      // A customer created afterwards never gets a kept number.
      const later = await t.admin.client.mutation('customers.create', {
        type: 'business',
        companyName: 'Later Ltd',
        email: 'later@target.example',
        country: 'GB',
      });
      expect(later.ok).toBe(true);
      expect(copies.map((c) => c.customer_number)).not.toContain(later.ok && later.data.customerNumber);

      expect(await auditRows(target.db, 'customers.imported')).toHaveLength(1);
      expect((await auditRows(target.db, 'customers.imported'))[0]!.changes).toMatchObject({ rows: 3, created: 3 });
      const createdEvents = (await auditRows(target.db, 'customer.created')).filter((e) =>
        copies.some((c) => c.id === e.entity_id),
      );
      expect(createdEvents).toHaveLength(3);
      expect(storedFiles(target).filter((f) => f.startsWith('imports/'))).toEqual([]);
    } finally {
      await target.handle.close();
    }
  });

  it('one bad row: the commit writes nothing and the report names the row and field', async () => {
    const csv = [
      HEADER,
      'individual,Good,One,,good1@bad-row.example,,GB',
      'individual,Good,Two,,good2@bad-row.example,,GB',
      'individual,Bad,Three,,not-an-email,,GB',
      'individual,Good,Four,,good4@bad-row.example,,GB',
    ].join('\n');
    const before = await customerCount(env.db);
    const createdBefore = (await auditRows(env.db, 'customer.created')).length;
    const importedBefore = (await auditRows(env.db, 'customers.imported')).length;
    const res = await importCsv(env, r.corporate.cookie, 'commit', csv);
    expect(res.status).toBe(422);
    expect(res.json).toMatchObject({ committed: false, created: 0, rows: 4, validRows: 3, invalidRows: 1 });
    expect(res.json.errors).toEqual([{ row: 4, field: 'email', message: 'Enter a valid email address.' }]);
    expect(await customerCount(env.db)).toBe(before);
    expect((await auditRows(env.db, 'customer.created')).length).toBe(createdBefore);
    expect((await auditRows(env.db, 'customers.imported')).length).toBe(importedBefore);
  });

  it('a bad row after the first written batch still rolls back every row', async () => {
    const rows = Array.from({ length: 700 }, (_, i) => `business,,,Batch ${i},batch${i}@batches.example,,GB`);
    rows[650] = 'business,,,,missing-company@batches.example,,GB';
    const before = await customerCount(env.db);
    const res = await importCsv(env, r.admin.cookie, 'commit', [HEADER, ...rows].join('\r\n'));
    expect(res.status).toBe(422);
    expect(res.json.errors).toEqual([{ row: 652, field: 'companyName', message: 'Company name is required.' }]);
    expect(await customerCount(env.db)).toBe(before);
  });

  it('reads a BOM, semicolons and quoted fields, and normalises phones like customers.create', async () => {
    const csv = `\uFEFFtype;firstName;lastName;email;phone;country;addressLine1\r\nindividual;"Semi; Colon";"O""Brien";semi@bom.example;'+44 7400 123456;GB;"Flat 2, High St"\r\n`;
    const res = await importCsv(env, r.admin.cookie, 'commit', csv);
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ rows: 1, created: 1, renumbered: 0 });
    const row = await env.db
      .selectFrom('customers')
      .selectAll()
      .where('email', '=', 'semi@bom.example')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      first_name: 'Semi; Colon',
      last_name: 'O"Brien',
      phone: '+447400123456',
      address_line1: 'Flat 2, High St',
    });
  });

  it('reports every row: duplicates within the file and with existing customers, bad phones, missing fields', async () => {
    const ownNumber = (
      await env.db
        .selectFrom('customers')
        .select('customer_number')
        .where('id', '=', r.ownCustomer.id)
        .executeTakeFirstOrThrow()
    ).customer_number;
    const csv = [
      `customerNumber,${HEADER}`,
      ',individual,Dup,Here,,dup@in-file.example,,GB',
      ',individual,Dup,Again,,DUP@in-file.example,,GB',
      ',individual,Taken,Email,,good1@bad-row.example,,GB',
      ',individual,Bad,Phone,,phone@rows.example,12,GB',
      ',individual,,NoFirst,,nofirst@rows.example,,GB',
      ',individual,No,Country,,nocountry@rows.example,,',
      'C-123,individual,Bad,Number,,badnumber@rows.example,,GB',
      'C-555555,individual,Same,Number,,n1@rows.example,,GB',
      'C-555555,individual,Same,Number,,n2@rows.example,,GB',
      'individual,Short,Row',
      `${ownNumber},individual,Number,Taken,,taken-number@rows.example,,GB`,
    ].join('\n');
    await importCsv(env, r.admin.cookie, 'commit', `${HEADER}\nindividual,Good,One,,good1@bad-row.example,,GB`);
    const before = await customerCount(env.db);
    const res = await importCsv(env, r.admin.cookie, 'dry-run', csv);
    expect(res.status).toBe(200);
    const byRow = (row: number) => res.json.errors.filter((e: { row: number }) => e.row === row);
    expect(byRow(2)).toEqual([]);
    expect(byRow(3)).toEqual([{ row: 3, field: 'email', message: 'Row 2 has the same email address.' }]);
    expect(byRow(4)).toEqual([
      { row: 4, field: 'email', message: 'Another customer already uses this email address.' },
    ]);
    expect(byRow(5)).toEqual([
      { row: 5, field: 'phone', message: expect.stringMatching(/^Enter a valid phone number.*for example \+44/) },
    ]);
    expect(byRow(6)).toEqual([{ row: 6, field: 'firstName', message: 'First name is required.' }]);
    expect(byRow(7)).toEqual([{ row: 7, field: 'country', message: 'This field is required.' }]);
    expect(byRow(8)).toEqual([{ row: 8, field: 'customerNumber', message: expect.stringMatching(/C-000123/) }]);
    expect(byRow(9)).toEqual([]);
    expect(byRow(10)).toEqual([{ row: 10, field: 'customerNumber', message: 'Row 9 has the same customer number.' }]);
    expect(byRow(11)).toEqual([{ row: 11, field: 'row', message: 'This row has 3 cells; the header has 8.' }]);
    // A number already used here is no error: that row would get a new one.
    expect(byRow(12)).toEqual([]);
    expect(res.json).toMatchObject({
      rows: 11,
      validRows: 3,
      invalidRows: 8,
      errorCount: 8,
      renumbered: 1,
      committed: false,
    });
    expect(await customerCount(env.db)).toBe(before);
  });

  it('refuses clients, anonymous callers, binaries, bad headers and a missing mode', async () => {
    const csv = `${HEADER}\nindividual,No,Access,noaccess@import.example,,GB`;
    expect((await importCsv(env, r.client.cookie, 'dry-run', csv)).status).toBe(403);
    expect((await importCsv(env, r.client.cookie, 'dry-run', csv)).json.error.code).toBe('FORBIDDEN');
    expect((await importCsv(env, undefined, 'dry-run', csv)).status).toBe(401);

    const pdf = await importCsv(env, r.admin.cookie, 'dry-run', fixture('letter.pdf'), 'customers.csv');
    expect(pdf.status).toBe(415);
    expect(pdf.json.error.message).toMatch(/not a CSV/);
    const latin1 = await importCsv(
      env,
      r.admin.cookie,
      'dry-run',
      Buffer.from(`${HEADER}\nindividual,Ren\xe9,X,,r@latin1.example,,FR`, 'latin1'),
    );
    expect(latin1.status).toBe(415);
    expect((await importCsv(env, r.admin.cookie, 'dry-run', csv, 'customers.exe')).status).toBe(400);

    const wrongHeader = await importCsv(env, r.admin.cookie, 'dry-run', 'name,mail\nAna,a@x.example');
    expect(wrongHeader.status).toBe(400);
    expect(wrongHeader.json.error.message).toMatch(/lacks the column\(s\) type, email, country/);
    const unclosed = await importCsv(
      env,
      r.admin.cookie,
      'dry-run',
      `${HEADER}\nindividual,"Open,Quote,,o@x.example,,GB`,
    );
    expect(unclosed.status).toBe(400);
    expect(unclosed.json.error.message).toMatch(/not valid CSV/);
    expect((await importCsv(env, r.admin.cookie, 'dry-run', HEADER)).status).toBe(400);
    expect((await importCsv(env, r.admin.cookie, 'go', csv)).status).toBe(400);
    expect(storedFiles(env).filter((f) => f.startsWith('imports/'))).toEqual([]);
  });
});
