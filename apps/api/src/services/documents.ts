import {
  appendAudit,
  type CustomerDocumentRow,
  findDocument,
  insertDocument,
  listDocuments,
  updateDocument,
} from '@cm/db';
import {
  Conflict,
  type CustomerDocument,
  diffFields,
  type documentListInput,
  type documentUpdateInput,
  documentUploadMetadataInput,
  Forbidden,
  keysetPage,
  NotFound,
  readCursor,
  sanitizeFileName,
} from '@cm/domain';
import type { z } from 'zod';
import { type Actor, auditMeta } from './actor';
import { requireCustomer } from './customer-scope';
import { type IdempotencyRequest, rememberResponse, replayIfDone } from './idempotency';
import { authoredFields } from './mappers';
import type { ServiceDeps } from './service-deps';

export function toDocument(r: CustomerDocumentRow & { created_by_name: string | null }): CustomerDocument {
  return {
    id: r.id,
    customerId: r.customer_id,
    category: r.category,
    title: r.title,
    description: r.description,
    fileName: r.file_name,
    mimeType: r.mime_type,
    sizeBytes: Number(r.size_bytes),
    sha256: r.sha256,
    ...authoredFields(r),
  };
}

/** The metadata of a document a person edits, by API name, compared for the audit trail. */
const DOCUMENT_AUDITED = ['title', 'description', 'category'] as const satisfies readonly (keyof CustomerDocument)[];

const stale = () => new Conflict('Someone else changed this document. Reload to see their changes.');

async function mustFind(db: ServiceDeps['db'], customerId: string, documentId: string, forUpdate = false) {
  const row = await findDocument(db, customerId, documentId, { forUpdate });
  if (!row) throw new NotFound('Document');
  return row;
}

/**
 * Records an uploaded, content-checked customer document with its audit event in one transaction;
 * the caller removes the stored file if this throws.
 */
export async function createDocument(
  deps: ServiceDeps,
  actor: Actor,
  customerId: string,
  fields: Record<string, string>,
  file: { key: string; clientName: string; sizeBytes: number; sha256: string; mimeType: string },
  idempotency?: IdempotencyRequest,
): Promise<CustomerDocument> {
  const now = deps.now();
  const meta = documentUploadMetadataInput.parse(fields);
  const fileName = sanitizeFileName(file.clientName);
  return deps.db.transaction().execute(async (trx) => {
    // Locking the customer serialises uploads for it, so a concurrent retry finds the first answer.
    await requireCustomer(trx, actor, customerId, { lock: true });
    await replayIfDone(trx, actor, idempotency);
    const { id } = await insertDocument(trx, {
      customer_id: customerId,
      category: meta.category,
      title: meta.title ?? fileName,
      description: meta.description ?? null,
      file_name: fileName,
      mime_type: file.mimeType,
      size_bytes: file.sizeBytes,
      sha256: file.sha256,
      storage_key: file.key,
      created_at: now,
      updated_at: now,
      created_by: actor.userId,
      updated_by: actor.userId,
      deleted_by: null,
    });
    await appendAudit(trx, {
      ...auditMeta(actor),
      action: 'document.uploaded',
      entityType: 'document',
      entityId: id,
      customerId,
      changes: {
        after: { category: meta.category, title: meta.title ?? fileName, fileName, sizeBytes: file.sizeBytes },
      },
    });
    const doc = toDocument(await mustFind(trx, customerId, id));
    await rememberResponse(trx, actor, idempotency, doc);
    return doc;
  });
}

export async function listCustomerDocuments(
  deps: ServiceDeps,
  actor: Actor,
  input: z.output<typeof documentListInput>,
) {
  if (input.includeDeleted && actor.role !== 'admin')
    throw new Forbidden('Only administrators can list deleted documents.');
  await requireCustomer(deps.db, actor, input.customerId);
  const after = readCursor(input.cursor, ['datetime', 'uuid']);
  const rows = await listDocuments(deps.db, { ...input, after });
  return keysetPage(rows, input.limit, (last) => [last.created_at.toISOString(), last.id], toDocument);
}

export async function getDocument(deps: ServiceDeps, actor: Actor, customerId: string, documentId: string) {
  await requireCustomer(deps.db, actor, customerId);
  return mustFind(deps.db, customerId, documentId);
}

export function updateDocumentMetadata(deps: ServiceDeps, actor: Actor, input: z.output<typeof documentUpdateInput>) {
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    await requireCustomer(trx, actor, input.customerId, { lock: true });
    const before = await mustFind(trx, input.customerId, input.documentId);
    if (before.version !== input.version) throw stale();
    const patch = {
      title: input.title ?? before.title,
      description: input.description !== undefined ? input.description : before.description,
      category: input.category ?? before.category,
    };
    if (
      !(await updateDocument(trx, before.id, input.version, { ...patch, updated_at: now, updated_by: actor.userId }))
    ) {
      throw stale();
    }
    await appendAudit(trx, {
      ...auditMeta(actor),
      action: 'document.updated',
      entityType: 'document',
      entityId: before.id,
      customerId: input.customerId,
      changes: diffFields(toDocument(before), toDocument({ ...before, ...patch }), DOCUMENT_AUDITED),
    });
    return toDocument(await mustFind(trx, input.customerId, before.id));
  });
}

export function deleteDocument(deps: ServiceDeps, actor: Actor, customerId: string, documentId: string) {
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    await requireCustomer(trx, actor, customerId, { lock: true });
    // Locked, so a concurrent edit finishes first and the delete applies to its result.
    const before = await mustFind(trx, customerId, documentId, true);
    const deleted = await updateDocument(trx, before.id, before.version, {
      deleted_at: now,
      deleted_by: actor.userId,
      updated_at: now,
    });
    if (!deleted) throw stale();
    await appendAudit(trx, {
      ...auditMeta(actor),
      action: 'document.deleted',
      entityType: 'document',
      entityId: before.id,
      customerId,
      changes: { title: before.title, fileName: before.file_name },
    });
    return { id: before.id, deleted: true as const };
  });
}

/** Records a download (or the console's preview, as a view) in the audit trail before any byte is sent. */
export async function auditDocumentDownload(
  deps: ServiceDeps,
  actor: Actor,
  row: CustomerDocumentRow,
  preview = false,
) {
  await appendAudit(deps.db, {
    ...auditMeta(actor),
    action: preview ? 'document.viewed' : 'document.downloaded',
    entityType: 'document',
    entityId: row.id,
    customerId: row.customer_id,
    changes: { fileName: row.file_name },
  });
}
