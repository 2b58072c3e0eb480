import { Readable } from 'node:stream';
import { appendAudit, type Db, openAuditRows } from '@cm/db';
import { ZipFile } from 'yazl';
import type { FileStorage } from '../storage/file-storage';
import { type Actor, auditMeta } from './actor';
import { requireCustomer } from './customer-scope';

/** Rows as JSON with the API's camelCase names; storage keys are internal and left out. */
function jsonRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (k === 'storage_key' || k === 'search_text' || k === 'sort_name') continue;
    out[k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())] = v instanceof Date ? v.toISOString() : v;
  }
  return out;
}

/** A file name safe inside an archive: no folders, no control characters, not empty. */
export function archiveName(name: string): string {
  const cleaned = name
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .replace(/[/\\:*?"<>|]/g, '_')
    .replace(/^\.+/, '')
    .trim()
    .slice(0, 120);
  return cleaned || 'file';
}

const json = (value: unknown) => Buffer.from(`${JSON.stringify(value, null, 2)}\n`);

/** Audit events about the customer, as a JSON array written page by page (the trail can be long). */
function auditStream(db: Db, customerId: string): Readable {
  return Readable.from(
    (async function* () {
      yield '[\n';
      let after = 0;
      let first = true;
      for (;;) {
        const rows = await db
          .selectFrom('audit_events')
          .selectAll()
          .where('customer_id', '=', customerId)
          .where('id', '>', after)
          .orderBy('id')
          .limit(500)
          .execute();
        // Personal values are stored sealed under the customer's data key: the export shows them opened.
        for (const r of await openAuditRows(db, rows)) {
          yield `${first ? '' : ',\n'}${JSON.stringify(jsonRow(r))}`;
          first = false;
        }
        const last = rows.at(-1);
        if (!last || rows.length < 500) break;
        after = last.id;
      }
      yield '\n]\n';
    })(),
  );
}

const README = (customerNumber: string, generatedAt: string) => `Data held about customer ${customerNumber}
Generated ${generatedAt} (UTC) by Customer Manager, as a data-subject access export (SPEC §14).

profile.json          The customer record: name, email, phone, address, date of birth, statuses,
                      retention and erasure dates.
kyc-documents.json    Identity and other KYC documents: type, number, issuing country, dates,
                      review outcome, file name, type, size and SHA-256 checksum.
kyc/                  The KYC document files, named <document id>-<original file name>.
notes.json            Notes staff wrote about the customer (deleted ones included).
documents.json        Customer documents (contracts, invoices, ...): category, title, description,
                      file facts (deleted ones included).
documents/            The customer document files, named <document id>-<original file name>.
tickets.json          Support tickets with every message, public replies and internal staff notes,
                      and the facts of their attachments.
tickets/              Ticket attachment files, under <ticket number>/<attachment id>-<file name>.
legal-holds.json      Legal holds placed on the customer's records, lifted ones included.
client-users.json     Client portal logins linked to the customer (name, email, state).
audit-events.json     The audit trail about the customer: who did what and when, with the
                      changed values.
`;

export interface ExportDeps {
  db: Db;
  storage: FileStorage;
  now: () => Date;
  logger?: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

/**
 * Everything held about a customer as a zip archive, streamed: JSON read up front is bounded by the
 * customer's record count; files are opened one at a time, only when the archive reaches them, and
 * stored as they are (they are mostly compressed already), so memory stays flat whatever their size.
 * The export is audited before the first byte goes out.
 */
export async function customerExportArchive(deps: ExportDeps, actor: Actor, customerId: string) {
  const c = await requireCustomer(deps.db, actor, customerId, { includeDeleted: true });
  const db = deps.db;
  const [kyc, notes, documents, tickets, messages, attachments, holds, users] = await Promise.all([
    db.selectFrom('kyc_documents').selectAll().where('customer_id', '=', c.id).orderBy('uploaded_at').execute(),
    db.selectFrom('customer_notes').selectAll().where('customer_id', '=', c.id).orderBy('created_at').execute(),
    db.selectFrom('customer_documents').selectAll().where('customer_id', '=', c.id).orderBy('created_at').execute(),
    db.selectFrom('tickets').selectAll().where('customer_id', '=', c.id).orderBy('created_at').execute(),
    db
      .selectFrom('ticket_messages as m')
      .innerJoin('tickets as t', 't.id', 'm.ticket_id')
      .selectAll('m')
      .where('t.customer_id', '=', c.id)
      .orderBy('m.seq')
      .execute(),
    db
      .selectFrom('ticket_attachments as a')
      .innerJoin('tickets as t', 't.id', 'a.ticket_id')
      .selectAll('a')
      .select('t.ticket_number')
      .where('t.customer_id', '=', c.id)
      .orderBy('a.created_at')
      .execute(),
    db.selectFrom('legal_holds').selectAll().where('customer_id', '=', c.id).orderBy('placed_at').execute(),
    db
      .selectFrom('users')
      .select(['id', 'email', 'name', 'role', 'disabled_at', 'created_at', 'updated_at'])
      .where('customer_id', '=', c.id)
      .execute(),
  ]);

  const files = [
    ...kyc.map((d) => ({
      key: d.storage_key,
      size: Number(d.size_bytes),
      path: `kyc/${d.id}-${archiveName(d.file_name)}`,
    })),
    ...documents.map((d) => ({
      key: d.storage_key,
      size: Number(d.size_bytes),
      path: `documents/${d.id}-${archiveName(d.file_name)}`,
    })),
    ...attachments.map((a) => ({
      key: a.storage_key,
      size: Number(a.size_bytes),
      path: `tickets/${a.ticket_number}/${a.id}-${archiveName(a.file_name)}`,
    })),
  ];

  await appendAudit(db, {
    ...auditMeta(actor),
    action: 'privacy.exported',
    entityType: 'customer',
    entityId: c.id,
    customerId: c.id,
    changes: { files: files.length, bytes: files.reduce((n, f) => n + f.size, 0) },
  });

  const zip = new ZipFile();
  const mtime = deps.now();
  zip.addBuffer(Buffer.from(README(c.customer_number, mtime.toISOString())), 'README.txt', { mtime });
  zip.addBuffer(json(jsonRow(c)), 'profile.json', { mtime });
  zip.addBuffer(json(kyc.map(jsonRow)), 'kyc-documents.json', { mtime });
  zip.addBuffer(json(notes.map(jsonRow)), 'notes.json', { mtime });
  zip.addBuffer(json(documents.map(jsonRow)), 'documents.json', { mtime });
  const ticketsJson = tickets.map((t) => ({
    ...jsonRow(t),
    messages: messages
      .filter((m) => m.ticket_id === t.id)
      .map((m) => ({
        ...jsonRow(m),
        attachments: attachments.filter((a) => a.message_id === m.id).map(({ ticket_number: _, ...a }) => jsonRow(a)),
      })),
  }));
  zip.addBuffer(json(ticketsJson), 'tickets.json', { mtime });
  zip.addBuffer(json(holds.map(jsonRow)), 'legal-holds.json', { mtime });
  zip.addBuffer(json(users.map(jsonRow)), 'client-users.json', { mtime });
  zip.addReadStreamLazy('audit-events.json', { mtime }, (cb) => cb(null, auditStream(db, c.id)));
  for (const f of files) {
    zip.addReadStreamLazy(f.path, { mtime, compress: false, size: f.size }, (cb) => {
      deps.storage.get(f.key).then(
        (stored) => {
          if (stored) return cb(null, stored.body);
          // A file the database names but storage lacks cannot be exported; the archive fails loudly.
          cb(new Error(`stored file is missing: ${f.key}`), Readable.from([]));
        },
        (err: Error) => cb(err, Readable.from([])),
      );
    });
  }
  zip.end();
  return { zip, customerNumber: c.customer_number };
}
