import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DbHandle } from '../src/create-db';
import type { Database } from '../src/schema';
import { createTestDb } from '../src/testing';

/** Every column of every table of the `Database` interface; the type forces it complete and exact. */
const columns: { [T in keyof Database]: Record<keyof Database[T], true> } = {
  users: {
    id: true,
    email: true,
    name: true,
    role: true,
    customer_id: true,
    password_hash: true,
    disabled_at: true,
    created_at: true,
    updated_at: true,
    version: true,
    must_change_password: true,
    last_sign_in_at: true,
  },
  sessions: {
    id: true,
    token_hash: true,
    user_id: true,
    created_at: true,
    last_seen_at: true,
    expires_at: true,
    revoked_at: true,
    client_ip: true,
    user_agent: true,
  },
  login_attempts: { id: true, email: true, client_ip: true, succeeded: true, attempted_at: true },
  customers: {
    id: true,
    customer_number: true,
    type: true,
    first_name: true,
    last_name: true,
    company_name: true,
    email: true,
    phone: true,
    date_of_birth: true,
    address_line1: true,
    address_line2: true,
    city: true,
    state: true,
    postal_code: true,
    country: true,
    status: true,
    status_reason: true,
    kyc_status: true,
    risk_level: true,
    sort_name: true,
    search_text: true,
    created_at: true,
    created_by: true,
    updated_at: true,
    updated_by: true,
    deleted_at: true,
    deleted_by: true,
    version: true,
    closed_at: true,
    erasure_requested_at: true,
    erasure_requested_by: true,
    erased_at: true,
    kyc_erase_due: true,
    kyc_erased_at: true,
  },
  kyc_documents: {
    id: true,
    customer_id: true,
    document_type: true,
    document_number: true,
    issuing_country: true,
    issued_at: true,
    expires_at: true,
    status: true,
    rejection_reason: true,
    verified_by: true,
    verified_at: true,
    uploaded_by: true,
    uploaded_at: true,
    file_name: true,
    mime_type: true,
    size_bytes: true,
    sha256: true,
    storage_key: true,
    deleted_at: true,
    deleted_by: true,
    version: true,
  },
  idempotency_keys: {
    user_id: true,
    key: true,
    route: true,
    fingerprint: true,
    response_status: true,
    response_body: true,
    created_at: true,
  },
  customer_notes: {
    id: true,
    customer_id: true,
    note_type: true,
    title: true,
    content: true,
    is_pinned: true,
    created_at: true,
    created_by: true,
    updated_at: true,
    updated_by: true,
    deleted_at: true,
    deleted_by: true,
    version: true,
  },
  customer_documents: {
    id: true,
    customer_id: true,
    category: true,
    title: true,
    description: true,
    file_name: true,
    mime_type: true,
    size_bytes: true,
    sha256: true,
    storage_key: true,
    created_at: true,
    created_by: true,
    updated_at: true,
    updated_by: true,
    deleted_at: true,
    deleted_by: true,
    version: true,
  },
  rate_limit_hits: { id: true, bucket: true, hit_at: true },
  sweep_leases: { name: true, holder: true, expires_at: true },
  customer_counts: { dimension: true, value: true, stripe: true, n: true },
  customer_created_days: { day: true, stripe: true, n: true },
  kyc_expiry_days: { day: true, n: true },
  customer_search_words: { word: true, created_at: true, customer_id: true, live: true },
  customer_search_vocab: { word: true },
  ticket_counts: { dimension: true, value: true, n: true },
  ticket_groups: {
    id: true,
    name: true,
    description: true,
    created_at: true,
    created_by: true,
    updated_at: true,
    updated_by: true,
    version: true,
  },
  ticket_group_members: { group_id: true, user_id: true },
  sla_policies: {
    priority: true,
    first_response_minutes: true,
    resolution_minutes: true,
    updated_at: true,
    updated_by: true,
    version: true,
  },
  business_calendar: {
    id: true,
    time_zone: true,
    weekly_hours: true,
    holidays: true,
    updated_at: true,
    updated_by: true,
    version: true,
  },
  tickets: {
    id: true,
    ticket_number: true,
    customer_id: true,
    subject: true,
    type: true,
    priority: true,
    status: true,
    group_id: true,
    assignee_id: true,
    channel: true,
    tags: true,
    awaiting: true,
    first_response_due_at: true,
    resolution_due_at: true,
    first_responded_at: true,
    solved_at: true,
    closed_at: true,
    sla_state: true,
    next_due_at: true,
    due_soon_at: true,
    first_response_breached_at: true,
    resolution_breached_at: true,
    paused_since: true,
    source_note_id: true,
    search_text: true,
    created_at: true,
    created_by: true,
    updated_at: true,
    updated_by: true,
    deleted_at: true,
    deleted_by: true,
    version: true,
  },
  ticket_pauses: { ticket_id: true, started_at: true, ended_at: true },
  ticket_messages: {
    id: true,
    seq: true,
    ticket_id: true,
    visibility: true,
    author_id: true,
    author_kind: true,
    body: true,
    created_at: true,
  },
  ticket_attachments: {
    id: true,
    ticket_id: true,
    message_id: true,
    position: true,
    file_name: true,
    mime_type: true,
    size_bytes: true,
    sha256: true,
    storage_key: true,
    created_at: true,
    created_by: true,
  },
  customer_data_keys: {
    customer_id: true,
    wrapped_key: true,
    master_key_id: true,
    created_at: true,
    destroyed_at: true,
  },
  audit_events: {
    id: true,
    occurred_at: true,
    actor_user_id: true,
    actor_role: true,
    action: true,
    entity_type: true,
    entity_id: true,
    customer_id: true,
    changes: true,
    request_id: true,
    client_ip: true,
    api_token_id: true,
  },
  api_tokens: {
    id: true,
    name: true,
    permissions: true,
    token_hash: true,
    created_by: true,
    created_at: true,
    expires_at: true,
    last_used_at: true,
    revoked_at: true,
    revoked_by: true,
  },
  notification_outbox: {
    id: true,
    kind: true,
    recipient_user_id: true,
    recipient_email: true,
    subject: true,
    text: true,
    html: true,
    message_id: true,
    dedupe_key: true,
    created_at: true,
    attempts: true,
    next_attempt_at: true,
    sent_at: true,
    last_error: true,
  },
  notification_events: { key: true, created_at: true },
  notification_preferences: { user_id: true, disabled_kinds: true, updated_at: true },
  legal_holds: {
    id: true,
    customer_id: true,
    reason: true,
    placed_by: true,
    placed_at: true,
    lifted_by: true,
    lifted_at: true,
    lift_reason: true,
  },
};

let handle: DbHandle;
beforeAll(async () => {
  handle = await createTestDb(inject('testDb'));
});
afterAll(async () => {
  await handle?.close();
});

describe('migrations', () => {
  it('produce exactly the tables and columns of the Database interface', async () => {
    const rows = await sql<{ table_name: string; column_name: string }>`
      SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name NOT LIKE 'kysely_%'`.execute(handle.db);
    const live: Record<string, string[]> = {};
    for (const r of rows.rows) (live[r.table_name] ??= []).push(r.column_name);
    const expected = Object.fromEntries(Object.entries(columns).map(([t, c]) => [t, Object.keys(c).sort()]));
    expect(Object.fromEntries(Object.entries(live).map(([t, c]) => [t, c.sort()]))).toEqual(expected);
  });

  it('numbers customers C-000001, C-000002, … from a sequence', async () => {
    const a = await handle.db
      .insertInto('customers')
      .values({
        type: 'business',
        company_name: 'Acme',
        email: 'a@acme.test',
        country: 'GB',
      })
      .returning('customer_number')
      .executeTakeFirstOrThrow();
    expect(a.customer_number).toMatch(/^C-\d{6}$/);
  });

  it('keeps numbering past C-999999 without truncating', async () => {
    await sql`SELECT setval('customer_number_seq', 999998)`.execute(handle.db);
    const numbers: string[] = [];
    for (const email of ['n1@seq.test', 'n2@seq.test']) {
      const row = await handle.db
        .insertInto('customers')
        .values({
          type: 'business',
          company_name: 'Seq',
          email,
          country: 'GB',
        })
        .returning('customer_number')
        .executeTakeFirstOrThrow();
      numbers.push(row.customer_number);
    }
    expect(numbers).toEqual(['C-999999', 'C-1000000']);
  });

  it('keeps customer_counts equal to a GROUP BY over live customers through every kind of change', async () => {
    await sql`
      INSERT INTO customers (type, company_name, first_name, last_name, email, country)
      SELECT CASE WHEN g % 3 = 0 THEN 'business' ELSE 'individual' END, 'Co ' || g, 'F', 'L' || g, 'count' || g || '@c.test', 'FR'
      FROM generate_series(1, 60) AS g`.execute(handle.db);
    await sql`UPDATE customers SET status = 'active', kyc_status = 'verified' WHERE email LIKE 'count1%'`.execute(
      handle.db,
    );
    await sql`UPDATE customers SET deleted_at = now() WHERE email LIKE 'count2%'`.execute(handle.db);
    await sql`UPDATE customers SET deleted_at = NULL WHERE email = 'count20@c.test'`.execute(handle.db);
    await sql`UPDATE customers SET city = 'Paris' WHERE email LIKE 'count3%'`.execute(handle.db);
    await sql`UPDATE customers SET type = 'business' WHERE email = 'count4@c.test'`.execute(handle.db);
    await sql`DELETE FROM customers WHERE email = 'count5@c.test'`.execute(handle.db);
    const expected = await sql<{ dimension: string; value: string; n: number }>`
      SELECT 'status' AS dimension, status AS value, count(*)::int AS n FROM customers WHERE deleted_at IS NULL GROUP BY status
      UNION ALL SELECT 'kyc_status', kyc_status, count(*)::int FROM customers WHERE deleted_at IS NULL GROUP BY kyc_status
      UNION ALL SELECT 'type', type, count(*)::int FROM customers WHERE deleted_at IS NULL GROUP BY type`.execute(
      handle.db,
    );
    // Summed over stripes: each connection writes its own.
    const counted = (
      await sql<{ dimension: string; value: string; n: number }>`
        SELECT dimension, value, sum(n)::int AS n FROM customer_counts GROUP BY dimension, value HAVING sum(n) > 0`.execute(
        handle.db,
      )
    ).rows;
    const key = (r: { dimension: string; value: string; n: number }) => `${r.dimension}:${r.value}:${Number(r.n)}`;
    expect(counted.map(key).sort()).toEqual(expected.rows.map(key).sort());
  });

  it('refuses to update, delete or truncate audit rows, whatever the role', async () => {
    await handle.db
      .insertInto('audit_events')
      .values({
        action: 'test.created',
        entity_type: 'test',
      })
      .execute();
    await expect(handle.db.updateTable('audit_events').set({ action: 'x' }).execute()).rejects.toThrow(/append-only/);
    await expect(handle.db.deleteFrom('audit_events').execute()).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE audit_events`.execute(handle.db)).rejects.toThrow(/append-only/);
    const count = await handle.db
      .selectFrom('audit_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });
});
