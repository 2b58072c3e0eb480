/**
 * Messages with attachments over plain HTTP (SPEC §12): the content rules of customer documents,
 * at most five files, internal files for staff only, nothing half-stored, idempotent retries.
 */
import { randomUUID } from 'node:crypto';
import type { Ticket, TicketMessage } from '@cm/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRows, setupTestEnv, signedInRoles, storedFiles, type TestEnv } from './helpers';
import { fixture, upload } from './uploads';

let env: TestEnv;
let r: Awaited<ReturnType<typeof signedInRoles>>;
let ticket: Ticket;

beforeAll(async () => {
  env = await setupTestEnv();
  r = await signedInRoles(env);
  const res = await r.client.client.mutation<Ticket>('tickets.create', {
    customerId: r.ownCustomer.id,
    subject: 'Invoice attached',
    type: 'request',
    body: 'Please see the attached files.',
  });
  if (!res.ok) throw new Error(res.error.message);
  ticket = res.data;
});
afterAll(async () => {
  await env?.handle.close();
});

const path = (id = ticket.id) => `/api/tickets/${id}/messages`;
const ticketFiles = () => storedFiles(env).filter((f) => f.startsWith('tickets/'));

async function messageCount() {
  const row = await env.db
    .selectFrom('ticket_messages')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('POST /api/tickets/:ticketId/messages', () => {
  it('a client replies with several real files; they are stored, listed on the message and downloadable', async () => {
    const res = await upload(env, path(), {
      cookie: r.client.cookie,
      fields: { kind: 'public', body: 'Here are the invoice and the spreadsheet.' },
      files: [
        { name: 'invoice.pdf', bytes: fixture('letter.pdf') },
        { name: 'figures.xlsx', bytes: fixture('figures.xlsx') },
      ],
    });
    expect(res.status).toBe(201);
    const message = res.json as TicketMessage;
    expect(message).toMatchObject({ visibility: 'public', authorKind: 'client' });
    expect(message.attachments.map((a) => [a.fileName, a.mimeType])).toEqual([
      ['invoice.pdf', 'application/pdf'],
      ['figures.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ]);
    expect(ticketFiles()).toHaveLength(2);
    const download = await env.app.request(
      `/api/tickets/${ticket.id}/attachments/${message.attachments[0]!.id}/download`,
      {
        headers: { cookie: r.corporate.cookie },
      },
    );
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toContain('attachment');
    expect(Buffer.from(await download.arrayBuffer()).equals(fixture('letter.pdf'))).toBe(true);
    const [event] = await auditRows(env.db, 'ticket.attachment_downloaded');
    expect(event).toMatchObject({ actor_user_id: r.corporate.user.id, customer_id: r.ownCustomer.id });
  });

  it('refuses a look-alike file with 415 and stores nothing, the good files of the same message included', async () => {
    const before = { messages: await messageCount(), files: ticketFiles().length };
    const res = await upload(env, path(), {
      cookie: r.client.cookie,
      fields: { body: 'Two files' },
      files: [
        { name: 'good.pdf', bytes: fixture('letter.pdf') },
        { name: 'fake.docx', bytes: fixture('letter.odt') },
      ],
    });
    expect(res.status).toBe(415);
    expect(await messageCount()).toBe(before.messages);
    expect(ticketFiles()).toHaveLength(before.files);
  });

  it('refuses a sixth file, an unknown extension and an empty body with 400, storing nothing', async () => {
    const before = { messages: await messageCount(), files: ticketFiles().length };
    const six = await upload(env, path(), {
      cookie: r.client.cookie,
      fields: { body: 'Many' },
      files: Array.from({ length: 6 }, (_, i) => ({ name: `f${i}.txt`, bytes: Buffer.from(`file ${i}`) })),
    });
    expect(six.status).toBe(400);
    const exe = await upload(env, path(), {
      cookie: r.client.cookie,
      fields: { body: 'exe' },
      files: [{ name: 'tool.exe', bytes: Buffer.from('MZ') }],
    });
    expect([400, 415]).toContain(exe.status);
    const empty = await upload(env, path(), {
      cookie: r.client.cookie,
      fields: { body: '   ' },
      files: [{ name: 'a.txt', bytes: Buffer.from('hello') }],
    });
    expect(empty.status).toBe(400);
    expect(await messageCount()).toBe(before.messages);
    expect(ticketFiles()).toHaveLength(before.files);
  });

  it('internal notes with files: staff only, and a client never reaches their attachments', async () => {
    const denied = await upload(env, path(), {
      cookie: r.client.cookie,
      fields: { kind: 'internal', body: 'sneaky' },
      files: [{ name: 'a.txt', bytes: Buffer.from('x') }],
    });
    expect(denied.status).toBe(403);
    const note = await upload(env, path(), {
      cookie: r.corporate.cookie,
      fields: { kind: 'internal', body: 'Internal assessment attached.' },
      files: [{ name: 'assessment.txt', bytes: Buffer.from('risk: low') }],
    });
    expect(note.status).toBe(201);
    const attachment = (note.json as TicketMessage).attachments[0]!;
    const asClient = await env.app.request(`/api/tickets/${ticket.id}/attachments/${attachment.id}/download`, {
      headers: { cookie: r.client.cookie },
    });
    expect(asClient.status).toBe(404);
    const asStaff = await env.app.request(`/api/tickets/${ticket.id}/attachments/${attachment.id}/download`, {
      headers: { cookie: r.admin.cookie },
    });
    expect(asStaff.status).toBe(200);
  });

  it('another customer’s client gets 404 before the body is read; an unknown ticket is 404', async () => {
    const other = await upload(env, path(randomUUID()), {
      cookie: r.client.cookie,
      fields: { body: 'hi' },
    });
    expect(other.status).toBe(404);
  });

  it('a retried post with the same Idempotency-Key answers the first message; another request under it is 409', async () => {
    const send = (body: string) =>
      upload(env, path(), {
        cookie: r.client.cookie,
        fields: { body },
        files: [{ name: 'note.txt', bytes: Buffer.from('the same content') }],
        headers: { 'idempotency-key': 'retry-1' },
      });
    const before = await messageCount();
    const first = await send('Once only');
    const again = await send('Once only');
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect((again.json as TicketMessage).id).toBe((first.json as TicketMessage).id);
    expect(await messageCount()).toBe(before + 1);
    const other = await send('Something else');
    expect(other.status).toBe(409);
    expect(await messageCount()).toBe(before + 1);
  });
});
