import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  appendAudit,
  type Db,
  destroyCustomerDataKey,
  generateMasterKey,
  keyringOf,
  listAudit,
  sql,
  withMasterKeys,
} from '@cm/db';
import { TEST_DATA_KEY } from '@cm/db/testing';
import { AUDIT_ERASED, AUDIT_UNREADABLE } from '@cm/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { masterKeysFromEnv } from '../src/data-key';
import { loadEnv } from '../src/env';
import { rotateMasterKey } from '../src/services/data-key-rotation';
import { auditRows, setupTestEnv, signedInRoles, type TestEnv, typedApi } from './helpers';

let env: TestEnv;
let r: Awaited<ReturnType<typeof signedInRoles>>;
let api: ReturnType<typeof typedApi>;

beforeAll(async () => {
  env = await setupTestEnv();
  r = await signedInRoles(env);
  api = typedApi(env.app, { cookie: r.admin.cookie });
});
afterAll(async () => {
  await env?.handle.close();
});

const person = (tag: string) => ({
  type: 'individual' as const,
  firstName: `Zebedee${tag}`,
  lastName: `Quartermain${tag}`,
  email: `zebedee.${tag.toLowerCase()}@privacy.example`,
  phone: `+44 20 7946 0${tag.length}99`,
  addressLine1: `${tag} Larkspur Lane`,
  city: 'Wolverhampton',
  country: 'GB',
});

/** Every audit `changes` of these customers as stored, as one text. */
async function rawChanges(db: Db, customerId?: string) {
  const rows = await sql<{ t: string | null }>`
    SELECT string_agg(changes::text, ' ') AS t FROM audit_events
    WHERE ${customerId ? sql`customer_id = ${customerId}` : sql`true`}`.execute(db);
  return rows.rows[0]?.t ?? '';
}

async function countAudit(db: Db) {
  const row = await db
    .selectFrom('audit_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function timeline(customerId: string) {
  const page = await api.audit.forCustomer.query({ customerId, limit: 100 });
  return page.items;
}

describe('personal values in the audit trail', () => {
  let a: { id: string; version: number };
  let b: { id: string; version: number };

  beforeAll(async () => {
    a = await api.customers.create.mutate(person('Alpha'));
    b = await api.customers.create.mutate(person('Bravo'));
    a = await api.customers.update.mutate({ id: a.id, version: a.version, phone: '+44 20 7946 0777', city: 'Dudley' });
    a = await api.customers.close.mutate({ id: a.id, reason: 'Zebedee asked to leave' });
  });

  it('are stored encrypted: the raw column holds no name, email, phone or address', async () => {
    const raw = await rawChanges(env.db, a.id);
    for (const plain of [
      'ZebedeeAlpha',
      'QuartermainAlpha',
      'zebedee.alpha',
      '2079460',
      'Larkspur',
      'Dudley',
      'Zebedee asked',
    ]) {
      expect(raw).not.toContain(plain);
    }
    expect(raw).toContain('"$enc": "v1:');
    // Non-personal values stay in clear, so the timeline and its filters work without a key.
    expect(raw).toContain('"closed"');
    const keys = await env.db.selectFrom('customer_data_keys').selectAll().where('customer_id', '=', a.id).execute();
    expect(keys).toHaveLength(1);
    expect(keys[0]!.wrapped_key).not.toBeNull();
  });

  it('read back decrypted in the timeline and the admin list', async () => {
    const items = await timeline(a.id);
    const created = items.find((e) => e.action === 'customer.created');
    expect(created?.changes).toMatchObject({
      after: {
        firstName: 'ZebedeeAlpha',
        lastName: 'QuartermainAlpha',
        email: 'zebedee.alpha@privacy.example',
        addressLine1: 'Alpha Larkspur Lane',
        status: 'pending',
      },
    });
    const updated = items.find((e) => e.action === 'customer.updated');
    expect(updated?.changes).toMatchObject({ before: { city: 'Wolverhampton' }, after: { city: 'Dudley' } });
    const closed = items.find((e) => e.action === 'customer.closed');
    expect(closed?.changes).toMatchObject({
      reason: 'Zebedee asked to leave',
      before: { status: 'pending' },
      after: { status: 'closed' },
    });
    const all = await api.audit.list.query({ customerId: a.id, action: 'customer.created', limit: 5 });
    expect(all.items[0]?.changes).toMatchObject({ after: { email: 'zebedee.alpha@privacy.example' } });
  });

  it("a client user's failed sign-in keeps the email typed under their customer's key", async () => {
    await env.app.request('/trpc/auth.login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.9.9.9' },
      body: JSON.stringify({ email: r.client.user.email, password: 'not-the-password-at-all' }),
    });
    expect(await rawChanges(env.db)).not.toContain(r.client.user.email);
    const [row] = (await auditRows(env.db, 'auth.login_failed')).filter((e) => e.entity_id === r.client.user.id);
    expect(row?.changes).toEqual({ email: r.client.user.email });
  });

  it('a value altered in the database reads as unreadable instead of failing the page', async () => {
    const [sealed] = await sql<{ c: Record<string, { email: { $enc: string } }> }>`
      SELECT changes AS c FROM audit_events WHERE customer_id = ${b.id} AND action = 'customer.created'`
      .execute(env.db)
      .then((q) => q.rows);
    const env0 = sealed!.c.after!.email.$enc;
    const flipped = `${env0.slice(0, -6)}${env0.slice(-6, -5) === 'A' ? 'B' : 'A'}${env0.slice(-5)}`;
    await sql`INSERT INTO audit_events (action, entity_type, entity_id, customer_id, changes)
      VALUES ('customer.updated', 'customer', ${b.id}, ${b.id},
        ${JSON.stringify({ after: { email: { $enc: flipped }, phone: { $enc: 'v9:junk' } } })}::jsonb)`.execute(env.db);
    const items = await timeline(b.id);
    expect(items[0]?.changes).toEqual({ after: { email: AUDIT_UNREADABLE, phone: AUDIT_UNREADABLE } });
    // The genuine rows of the same customer still read.
    expect(items.find((e) => e.action === 'customer.created')?.changes).toMatchObject({
      after: { email: 'zebedee.bravo@privacy.example' },
    });
  });

  it('concurrent first writes for a customer share one data key', async () => {
    const c = await env.db
      .insertInto('customers')
      .values({
        type: 'individual',
        first_name: 'Race',
        last_name: 'Condition',
        email: 'race@privacy.example',
        country: 'GB',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const write = (n: number) =>
      env.db.transaction().execute((trx) =>
        appendAudit(trx, {
          actorUserId: null,
          actorRole: null,
          action: 'customer.updated',
          entityType: 'customer',
          entityId: c.id,
          customerId: c.id,
          changes: { after: { lastName: `Condition${n}` } },
          requestId: null,
          clientIp: null,
        }),
      );
    await Promise.all([write(1), write(2), write(3)]);
    const keys = await env.db
      .selectFrom('customer_data_keys')
      .select('customer_id')
      .where('customer_id', '=', c.id)
      .execute();
    expect(keys).toHaveLength(1);
    const rows = await listAudit(env.db, { customerId: c.id, limit: 10 });
    expect(rows.map((e) => (e.changes as { after: { lastName: string } }).after.lastName).sort()).toEqual([
      'Condition1',
      'Condition2',
      'Condition3',
    ]);
  });

  describe('after destroyCustomerDataKey', () => {
    let before: number;
    beforeAll(async () => {
      before = await countAudit(env.db);
      await env.db.transaction().execute((trx) => destroyCustomerDataKey(trx, a.id));
    });

    it('keeps every row while personal values read as erased and the rest stays readable', async () => {
      expect(await countAudit(env.db)).toBe(before);
      const items = await timeline(a.id);
      expect(items.find((e) => e.action === 'customer.created')?.changes).toMatchObject({
        after: {
          firstName: AUDIT_ERASED,
          lastName: AUDIT_ERASED,
          email: AUDIT_ERASED,
          status: 'pending',
          type: 'individual',
        },
      });
      expect(items.find((e) => e.action === 'customer.closed')?.changes).toMatchObject({
        reason: AUDIT_ERASED,
        before: { status: 'pending' },
        after: { status: 'closed' },
      });
      const key = await env.db
        .selectFrom('customer_data_keys')
        .selectAll()
        .where('customer_id', '=', a.id)
        .executeTakeFirstOrThrow();
      expect(key).toMatchObject({ wrapped_key: null, master_key_id: null });
      expect(key.destroyed_at).toBeInstanceOf(Date);
    });

    it('leaves other customers readable', async () => {
      const items = await timeline(b.id);
      expect(items.find((e) => e.action === 'customer.created')?.changes).toMatchObject({
        after: { firstName: 'ZebedeeBravo', email: 'zebedee.bravo@privacy.example' },
      });
    });

    it('stores later personal values as erased, never as plaintext or under a new key', async () => {
      const now = await api.customers.byId.query({ id: a.id });
      await api.customers.update.mutate({ id: a.id, version: now.version, city: 'Kidderminster' });
      expect(await rawChanges(env.db, a.id)).not.toContain('Kidderminster');
      const [latest] = await timeline(a.id);
      expect(latest?.changes).toMatchObject({ after: { city: AUDIT_ERASED } });
      const key = await env.db
        .selectFrom('customer_data_keys')
        .selectAll()
        .where('customer_id', '=', a.id)
        .executeTakeFirstOrThrow();
      expect(key.wrapped_key).toBeNull();
    });

    it('is idempotent, works for a customer with no key yet, and a destroyed key cannot be brought back', async () => {
      await destroyCustomerDataKey(env.db, a.id);
      const fresh = await env.db
        .insertInto('customers')
        .values({ type: 'business', company_name: 'Never Audited', email: 'never@privacy.example', country: 'GB' })
        .returning('id')
        .executeTakeFirstOrThrow();
      await destroyCustomerDataKey(env.db, fresh.id);
      const none = await env.db
        .selectFrom('customer_data_keys')
        .selectAll()
        .where('customer_id', '=', fresh.id)
        .executeTakeFirstOrThrow();
      expect(none.wrapped_key).toBeNull();
      await expect(
        sql`UPDATE customer_data_keys SET wrapped_key = '\\x00', master_key_id = 'x', destroyed_at = NULL WHERE customer_id = ${a.id}`.execute(
          env.db,
        ),
      ).rejects.toThrow(/destroyed/);
      await expect(
        sql`UPDATE audit_events SET changes = NULL WHERE customer_id = ${a.id}`.execute(env.db),
      ).rejects.toThrow(/append-only/);
    });
  });

  describe('master key rotation', () => {
    const next = generateMasterKey();
    const read = (db: Db, customerId: string) =>
      listAudit(db, { customerId, action: 'customer.created', limit: 1 }).then((rows) => rows[0]?.changes);

    it('re-wraps every live key in resumable batches; then only the new key reads', async () => {
      const live = await env.db
        .selectFrom('customer_data_keys')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('wrapped_key', 'is not', null)
        .executeTakeFirstOrThrow();
      expect(Number(live.n)).toBeGreaterThanOrEqual(3); // the own customer, b and the concurrency one
      // A run stopped after its first batch (batches commit on their own)...
      await expect(
        rotateMasterKey(
          env.db,
          { current: TEST_DATA_KEY, previous: [], next },
          {
            batchSize: 1,
            onBatch: () => {
              throw new Error('stopped');
            },
          },
        ),
      ).rejects.toThrow('stopped');
      // ...is finished by running it again; a third run has nothing left to do.
      const second = await rotateMasterKey(env.db, { current: TEST_DATA_KEY, previous: [], next }, { batchSize: 2 });
      expect(second).toMatchObject({ rewrapped: Number(live.n) - 1, alreadyCurrent: 1, failed: 0 });
      const third = await rotateMasterKey(env.db, { current: TEST_DATA_KEY, previous: [], next });
      expect(third).toMatchObject({ rewrapped: 0, alreadyCurrent: Number(live.n), failed: 0 });

      const withNew = withMasterKeys(env.db, keyringOf(next));
      expect(await read(withNew, b.id)).toMatchObject({ after: { email: 'zebedee.bravo@privacy.example' } });
      expect(await read(withNew, a.id)).toMatchObject({ after: { email: AUDIT_ERASED } });
      // The old key opens nothing any more.
      const withOld = withMasterKeys(env.db, keyringOf(TEST_DATA_KEY));
      expect(await read(withOld, b.id)).toMatchObject({ after: { email: AUDIT_UNREADABLE } });
      // An instance given both keys (new current, old previous) during the switch reads and writes.
      const both = withMasterKeys(env.db, keyringOf(next, [TEST_DATA_KEY]));
      expect(await read(both, b.id)).toMatchObject({ after: { firstName: 'ZebedeeBravo' } });
    });
  });
});

describe('DATA_KEY at start-up', () => {
  const key = generateMasterKey();

  it('is required with DATABASE_URL, and a malformed one is refused without echoing it', () => {
    expect(() => loadEnv({ DATABASE_URL: 'postgres://u@db.example/cm' })).toThrow(
      /DATA_KEY: is required with DATABASE_URL/,
    );
    let message = '';
    try {
      loadEnv({ DATABASE_URL: 'postgres://u@db.example/cm', DATA_KEY: 'hunter2-not-a-key' });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/DATA_KEY: must be 32 random bytes/);
    expect(message).not.toContain('hunter2');
    expect(() => loadEnv({ DATA_KEY_PREVIOUS: `${key},short` })).toThrow(/DATA_KEY_PREVIOUS/);
    expect(loadEnv({ DATABASE_URL: 'postgres://u@db.example/cm', DATA_KEY: key }).DATA_KEY).toBe(key);
    expect(loadEnv({ DATA_KEY: Buffer.from(key, 'base64').toString('hex') }).DATA_KEY).toBeDefined();
  });

  it('on the embedded default is generated once into DATA_DIR (mode 0600) and announced once', () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'cm-key-')), 'nested');
    const said: string[] = [];
    const first = masterKeysFromEnv(loadEnv({ DATA_DIR: dataDir }), (l) => said.push(l));
    const again = masterKeysFromEnv(loadEnv({ DATA_DIR: dataDir }), (l) => said.push(l));
    expect(again.current.id).toBe(first.current.id);
    expect(said).toHaveLength(1);
    expect(said[0]).toContain(join(dataDir, 'data-key'));
    expect(statSync(join(dataDir, 'data-key')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dataDir, 'data-key'), 'utf8')).not.toContain(said[0]);
    // DATA_KEY wins over the file.
    expect(masterKeysFromEnv(loadEnv({ DATA_DIR: dataDir, DATA_KEY: key })).current.id).not.toBe(first.current.id);
    writeFileSync(join(dataDir, 'data-key'), 'garbage');
    expect(() => masterKeysFromEnv(loadEnv({ DATA_DIR: dataDir }))).toThrow(
      /data-key is not valid: must be 32 random bytes/,
    );
  });
});
