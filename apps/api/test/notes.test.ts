import { sql } from '@cm/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRows, setupTestEnv, signedInRoles, type TestEnv, whileRowLocked } from './helpers';

let env: TestEnv;
let r: Awaited<ReturnType<typeof signedInRoles>>;
let customerId: string;

beforeAll(async () => {
  env = await setupTestEnv();
  r = await signedInRoles(env);
  customerId = r.ownCustomer.id;
});
afterAll(async () => {
  await env?.handle.close();
});

async function note(input: Record<string, unknown>) {
  const res = await r.corporate.client.mutation('notes.create', {
    customerId,
    noteType: 'general',
    content: 'x',
    ...input,
  });
  if (!res.ok) throw new Error(JSON.stringify(res.error));
  env.clock.advance(1000);
  return res.data;
}

describe('notes', () => {
  it('creates a note with its author and an audit row', async () => {
    const n = await note({ noteType: 'call', title: 'Intro call', content: 'Discussed onboarding.' });
    expect(n).toMatchObject({
      noteType: 'call',
      title: 'Intro call',
      isPinned: false,
      version: 1,
      createdByName: r.corporate.user.name,
    });
    expect((await auditRows(env.db, 'note.created')).some((e) => e.entity_id === n.id)).toBe(true);
  });

  it('validates content length (1–10,000) and type, writing nothing', async () => {
    const before = (await env.db.selectFrom('customer_notes').select('id').execute()).length;
    const empty = await r.corporate.client.mutation('notes.create', { customerId, noteType: 'call', content: '   ' });
    expect(!empty.ok && empty.error.data.fieldErrors?.content).toBeTruthy();
    const long = await r.corporate.client.mutation('notes.create', {
      customerId,
      noteType: 'call',
      content: 'x'.repeat(10_001),
    });
    expect(!long.ok && long.error.data.fieldErrors?.content).toBeTruthy();
    const max = await r.corporate.client.mutation('notes.create', {
      customerId,
      noteType: 'call',
      content: 'y'.repeat(10_000),
    });
    expect(max.ok).toBe(true);
    const badType = await r.corporate.client.mutation('notes.create', { customerId, noteType: 'gossip', content: 'x' });
    expect(!badType.ok && badType.error.data.fieldErrors?.noteType).toBeTruthy();
    expect((await env.db.selectFrom('customer_notes').select('id').execute()).length).toBe(before + 1);
  });

  it('lists pinned first, then newest, filters by type and pages with a cursor', async () => {
    const c = await r.admin.client.mutation('customers.create', {
      type: 'individual',
      firstName: 'N',
      lastName: 'Otes',
      email: 'notes@list.example',
      country: 'GB',
    });
    if (!c.ok) throw new Error('setup');
    const cid = c.data.id;
    const made: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await r.corporate.client.mutation('notes.create', {
        customerId: cid,
        noteType: i % 2 ? 'call' : 'email',
        content: `note ${i}`,
      });
      if (!res.ok) throw new Error('create');
      made.push(res.data.id);
      env.clock.advance(1000);
    }
    const pinned = await r.corporate.client.mutation('notes.pin', { customerId: cid, noteId: made[1], pinned: true });
    expect(pinned.ok && pinned.data.isPinned).toBe(true);
    expect((await auditRows(env.db, 'note.pinned')).some((e) => e.entity_id === made[1])).toBe(true);
    // Pinning (and unpinning) is not an edit: the note keeps its updatedAt, so it is not shown as "edited".
    expect(pinned.ok && pinned.data.updatedAt).toBe(pinned.ok && pinned.data.createdAt);
    const unpinned = await r.corporate.client.mutation('notes.pin', {
      customerId: cid,
      noteId: made[3],
      pinned: false,
    });
    expect(unpinned.ok && unpinned.data.updatedAt).toBe(unpinned.ok && unpinned.data.createdAt);
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await r.corporate.client.query('notes.list', { customerId: cid, limit: 2, cursor });
      if (!page.ok) throw new Error(JSON.stringify(page.error));
      all.push(...page.data.items.map((n: { id: string }) => n.id));
      cursor = page.data.nextCursor;
    } while (cursor);
    expect(all).toEqual([made[1], made[4], made[3], made[2], made[0]]);
    const calls = await r.corporate.client.query('notes.list', { customerId: cid, noteType: 'call' });
    expect(calls.ok && calls.data.items.map((n: { id: string }) => n.id)).toEqual([made[1], made[3]]);
  });

  it('updates with the version; a stale version is CONFLICT and changes nothing', async () => {
    const n = await note({ content: 'first draft' });
    const ok = await r.corporate.client.mutation('notes.update', {
      customerId,
      noteId: n.id,
      version: 1,
      content: 'second draft',
    });
    expect(ok.ok && ok.data).toMatchObject({ content: 'second draft', version: 2 });
    const stale = await r.admin.client.mutation('notes.update', {
      customerId,
      noteId: n.id,
      version: 1,
      content: 'lost',
    });
    expect(!stale.ok && stale.error.data.code).toBe('CONFLICT');
    const now = await r.corporate.client.query('notes.byId', { customerId, noteId: n.id });
    expect(now.ok && now.data.content).toBe('second draft');
    const [event] = (await auditRows(env.db, 'note.updated')).filter((e) => e.entity_id === n.id);
    expect(event?.changes).toEqual({ before: { content: 'first draft' }, after: { content: 'second draft' } });
  });

  it('lets only admins delete; deleted notes read as NOT_FOUND', async () => {
    const n = await note({ content: 'to delete' });
    const corp = await r.corporate.client.mutation('notes.delete', { customerId, noteId: n.id });
    expect(!corp.ok && corp.error.data.code).toBe('FORBIDDEN');
    expect((await r.admin.client.mutation('notes.delete', { customerId, noteId: n.id })).ok).toBe(true);
    expect((await auditRows(env.db, 'note.deleted')).some((e) => e.entity_id === n.id)).toBe(true);
    const read = await r.admin.client.query('notes.byId', { customerId, noteId: n.id });
    expect(!read.ok && read.error.data.code).toBe('NOT_FOUND');
    const list = await r.admin.client.query('notes.list', { customerId });
    expect(list.ok && list.data.items.some((x: { id: string }) => x.id === n.id)).toBe(false);
    const withDeleted = await r.admin.client.query('notes.list', { customerId, includeDeleted: true, limit: 100 });
    expect(withDeleted.ok && withDeleted.data.items.find((x: { id: string }) => x.id === n.id)?.deletedAt).toBeTruthy();
    const corpDeleted = await r.corporate.client.query('notes.list', { customerId, includeDeleted: true });
    expect(!corpDeleted.ok && corpDeleted.error.data.code).toBe('FORBIDDEN');
  });

  it('answers a delete racing an edit with what really happened', async () => {
    const n = await note({ content: 'racing' });
    const res = await whileRowLocked(
      env,
      (trx) =>
        trx
          .updateTable('customer_notes')
          .set({ content: 'edited meanwhile', version: sql`version + 1` })
          .where('id', '=', n.id)
          .execute(),
      () => r.admin.client.mutation('notes.delete', { customerId, noteId: n.id }),
    );
    const row = await env.db
      .selectFrom('customer_notes')
      .select('deleted_at')
      .where('id', '=', n.id)
      .executeTakeFirstOrThrow();
    const audited = (await auditRows(env.db, 'note.deleted')).filter((e) => e.entity_id === n.id);
    // Deleted and audited, or CONFLICT and untouched: never "deleted" for a delete that did not happen.
    if (res.ok)
      expect([res.data, row.deleted_at, audited.length]).toEqual([{ id: n.id, deleted: true }, expect.any(Date), 1]);
    else expect([res.error.data.code, row.deleted_at, audited.length]).toEqual(['CONFLICT', null, 0]);
  });

  it('is closed to clients, and a note id under another customer is NOT_FOUND', async () => {
    const list = await r.client.client.query('notes.list', { customerId });
    expect(!list.ok && list.error.data.code).toBe('FORBIDDEN');
    const n = await note({ content: 'scoped' });
    const other = await r.admin.client.mutation('customers.create', {
      type: 'business',
      companyName: 'Other Co',
      email: 'other@notes.example',
      country: 'GB',
    });
    if (!other.ok) throw new Error('setup');
    const crossed = await r.corporate.client.query('notes.byId', { customerId: other.data.id, noteId: n.id });
    expect(!crossed.ok && crossed.error.data.code).toBe('NOT_FOUND');
  });

  it('feeds the customer timeline', async () => {
    const t = await r.corporate.client.query('audit.forCustomer', { customerId });
    expect(t.ok && t.data.items.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['note.created', 'note.updated']),
    );
  });
});
