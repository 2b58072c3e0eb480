import {
  appendAudit,
  countReviewQueue,
  type Db,
  findCustomer,
  findKycDocument,
  insertKycDocument,
  isUniqueViolation,
  type KycDocumentRow,
  type KycDocumentWithPeople,
  listExpiringKycDocuments,
  listKycDocuments,
  listReviewQueue,
  setDerivedCustomerState,
  updateKycDocument,
} from '@cm/db';
import {
  addDaysToIsoDate,
  assertKycEditable,
  assertNoDuplicate,
  Conflict,
  type CustomerType,
  checkKycDates,
  checkSniffedType,
  customerDisplayName,
  deriveKycStatus,
  diffFields,
  evaluateRequirements,
  Forbidden,
  Invalid,
  isExpiringWithin,
  isKycDocumentTypeAllowedFor,
  isoDate,
  KYC_DOCUMENT_TYPE_LABELS,
  type KycDocument,
  type KycUpdate,
  keysetPage,
  kycExtensionOf,
  type kycReviewQueueInput,
  kycUploadMetadataInput,
  missingRequirements,
  NotFound,
  readCursor,
  rejectDocument,
  sanitizeFileName,
  verifyDocument,
  withEffectiveStatus,
} from '@cm/domain';
import type { z } from 'zod';
import { type Actor, auditMeta } from './actor';
import { syncComplianceTicket } from './compliance-tickets';
import { requireCustomer } from './customer-scope';
import { type IdempotencyRequest, rememberResponse, replayIfDone } from './idempotency';
import { notifyKycRejected } from './notifications';
import type { ServiceDeps } from './service-deps';
import { resumeTicketsAwaitingUpload } from './tickets';

export function toKycDocument(r: KycDocumentWithPeople, now: Date): KycDocument {
  return withEffectiveStatus(
    {
      id: r.id,
      customerId: r.customer_id,
      documentType: r.document_type,
      documentNumber: r.document_number,
      issuingCountry: r.issuing_country?.trim() ?? null,
      issuedAt: r.issued_at,
      expiresAt: r.expires_at,
      status: r.status,
      rejectionReason: r.rejection_reason,
      verifiedBy: r.verified_by,
      verifiedByName: r.verified_by_name,
      verifiedAt: r.verified_at?.toISOString() ?? null,
      uploadedBy: r.uploaded_by,
      uploadedByName: r.uploaded_by_name,
      uploadedAt: r.uploaded_at.toISOString(),
      fileName: r.file_name,
      mimeType: r.mime_type,
      sizeBytes: Number(r.size_bytes),
      sha256: r.sha256,
      deletedAt: r.deleted_at?.toISOString() ?? null,
      deletedBy: r.deleted_by,
      version: r.version,
    },
    now,
  );
}

/**
 * The KYC status and unmet requirements derived from the customer's documents as of `now`. The
 * stored `kyc_status` can lag behind it (a document expired since the last sweep): judge by this.
 */
export async function liveKycStatus(db: Db, customer: { id: string; type: CustomerType }, now: Date) {
  const docs = (await listKycDocuments(db, customer.id)).map((d) => toKycDocument(d, now));
  return { status: deriveKycStatus(customer.type, docs, now), missing: missingRequirements(customer.type, docs, now) };
}

/**
 * Re-derives the customer's KYC status from its documents and stores it in the same transaction
 * as the change that altered it. Returns the before/after when it changed.
 */
export async function refreshKycStatus(trx: Db, customerId: string, now: Date) {
  const customer = await findCustomer(trx, customerId, { forUpdate: true });
  if (!customer) return null;
  const next = (await liveKycStatus(trx, customer, now)).status;
  const changed = next !== customer.kyc_status;
  if (changed) await setDerivedCustomerState(trx, customerId, { kyc_status: next });
  // Compliance follow-up moves with the documents, in the same transaction (issue 11): a renewed
  // identity document solves the ticket even though the status stays verified.
  await syncComplianceTicket(trx, customerId, now);
  return changed ? { before: customer.kyc_status, after: next } : null;
}

/** A document just written in this transaction, read back with its people's names. */
async function readBack(trx: Db, customerId: string, documentId: string) {
  const row = await findKycDocument(trx, customerId, documentId);
  if (!row) throw new Error('A document written in this transaction could not be read back.');
  return row;
}

export interface StoredUpload {
  key: string;
  clientName: string;
  sizeBytes: number;
  sha256: string;
  sniffedMime: string | null;
}

/**
 * Records an uploaded KYC file: metadata and content rules, the duplicate rule, the row, the
 * customer's KYC status and the audit event in one transaction. The caller removes the stored file
 * if this throws. With an idempotency key, a retry returns the first result instead.
 */
export async function createKycDocument(
  deps: ServiceDeps,
  actor: Actor,
  customerId: string,
  fields: Record<string, string>,
  file: StoredUpload,
  idempotency?: IdempotencyRequest,
): Promise<KycDocument> {
  const now = deps.now();
  const meta = kycUploadMetadataInput.parse(fields);
  checkKycDates(meta, now);
  const mimeType = checkSniffedType(kycExtensionOf(file.clientName), file.sniffedMime);
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const customer = await requireCustomer(trx, actor, customerId, { lock: true });
      await replayIfDone(trx, actor, idempotency);
      if (!isKycDocumentTypeAllowedFor(customer.type, meta.documentType)) {
        const message = `A ${KYC_DOCUMENT_TYPE_LABELS[meta.documentType]} is a business document; this customer is an individual.`;
        throw Invalid.field('documentType', message);
      }
      const existing = await listKycDocuments(trx, customerId);
      assertNoDuplicate(
        existing.map((d) => toKycDocument(d, now)),
        { documentType: meta.documentType, sha256: file.sha256 },
        now,
      );
      const row = await insertKycDocument(trx, {
        customer_id: customerId,
        document_type: meta.documentType,
        document_number: meta.documentNumber,
        issuing_country: meta.issuingCountry,
        issued_at: meta.issuedAt,
        expires_at: meta.expiresAt,
        uploaded_by: actor.userId,
        uploaded_at: now,
        file_name: sanitizeFileName(file.clientName),
        mime_type: mimeType,
        size_bytes: file.sizeBytes,
        sha256: file.sha256,
        storage_key: file.key,
        rejection_reason: null,
        verified_by: null,
        deleted_by: null,
      });
      const status = await refreshKycStatus(trx, customerId, now);
      await resumeTicketsAwaitingUpload(trx, actor, now, {
        customerId,
        documentType: row.document_type,
        documentId: row.id,
        fileName: row.file_name,
        label: KYC_DOCUMENT_TYPE_LABELS[row.document_type],
      });
      await appendAudit(trx, {
        ...auditMeta(actor),
        action: 'kyc.uploaded',
        entityType: 'kyc_document',
        entityId: row.id,
        customerId,
        changes: {
          after: {
            documentType: row.document_type,
            fileName: row.file_name,
            sizeBytes: file.sizeBytes,
            sha256: row.sha256,
          },
          ...(status ? { kycStatus: status } : {}),
        },
      });
      const doc = toKycDocument(await readBack(trx, customerId, row.id), now);
      await rememberResponse(trx, actor, idempotency, doc);
      return doc;
    });
  } catch (err) {
    if (isUniqueViolation(err, 'kyc_documents_customer_sha_key')) {
      throw new Conflict('This file has already been uploaded for this customer.', { reason: 'same_content' });
    }
    throw err;
  }
}

export async function listCustomerKyc(deps: ServiceDeps, actor: Actor, customerId: string, includeDeleted: boolean) {
  if (includeDeleted && actor.role !== 'admin') throw new Forbidden('Only administrators can list deleted documents.');
  await requireCustomer(deps.db, actor, customerId);
  const now = deps.now();
  const rows = await listKycDocuments(deps.db, customerId, { includeDeleted });
  return { items: rows.map((r) => toKycDocument(r, now)), nextCursor: null };
}

export async function getKycDocument(deps: ServiceDeps, actor: Actor, customerId: string, documentId: string) {
  await requireCustomer(deps.db, actor, customerId);
  const row = await findKycDocument(deps.db, customerId, documentId);
  if (!row) throw new NotFound('Document');
  return { row, doc: toKycDocument(row, deps.now()) };
}

/** kyc.status: the derived status, the checklist's unmet requirements, and documents expiring soon. */
export async function kycStatusOf(deps: ServiceDeps, actor: Actor, customerId: string) {
  const customer = await requireCustomer(deps.db, actor, customerId);
  const now = deps.now();
  const docs = (await listKycDocuments(deps.db, customerId)).map((r) => toKycDocument(r, now));
  return {
    kycStatus: deriveKycStatus(customer.type, docs, now),
    customerType: customer.type,
    requirements: evaluateRequirements(customer.type, docs, now).map((r) => ({
      key: r.key,
      label: r.label,
      documentTypes: [...r.documentTypes],
      reason: r.state,
    })),
    missing: missingRequirements(customer.type, docs, now),
    expiringSoon: docs.filter((d) => d.status === 'verified' && isExpiringWithin(d, now, 30)),
  };
}

type Review = { kind: 'verify' } | { kind: 'reject'; reason: string };

async function review(deps: ServiceDeps, actor: Actor, customerId: string, documentId: string, r: Review) {
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    await requireCustomer(trx, actor, customerId, { lock: true });
    const row = await findKycDocument(trx, customerId, documentId, { forUpdate: true });
    if (!row) throw new NotFound('Document');
    // The review rules take the stored status: a pending document past its expiry date cannot be
    // verified (they say why), but it may still be rejected with a reason for the customer.
    const doc = { ...toKycDocument(row, now), status: row.status };
    const patch =
      r.kind === 'verify' ? verifyDocument(doc, actor.userId!, now) : rejectDocument(doc, actor.userId!, r.reason);
    const updated = await updateKycDocument(trx, row.id, row.version, {
      status: patch.status,
      rejection_reason: patch.rejectionReason,
      verified_by: patch.verifiedBy,
      verified_at: patch.verifiedAt,
    });
    if (!updated) throw new Conflict('Someone else changed this document. Reload to see their changes.');
    const status = await refreshKycStatus(trx, customerId, now);
    await appendAudit(trx, {
      ...auditMeta(actor),
      action: r.kind === 'verify' ? 'kyc.verified' : 'kyc.rejected',
      entityType: 'kyc_document',
      entityId: row.id,
      customerId,
      changes: {
        before: { status: row.status },
        after: { status: patch.status, ...(r.kind === 'reject' ? { rejectionReason: patch.rejectionReason } : {}) },
        documentType: row.document_type,
        ...(status ? { kycStatus: status } : {}),
      },
    });
    if (r.kind === 'reject') {
      const reason = patch.rejectionReason ?? r.reason;
      await notifyKycRejected(trx, { customerId, documentType: row.document_type, reason }, now);
    }
    return toKycDocument(await readBack(trx, customerId, row.id), now);
  });
}

export const verifyKyc = (deps: ServiceDeps, actor: Actor, customerId: string, documentId: string) =>
  review(deps, actor, customerId, documentId, { kind: 'verify' });
export const rejectKyc = (deps: ServiceDeps, actor: Actor, customerId: string, documentId: string, reason: string) =>
  review(deps, actor, customerId, documentId, { kind: 'reject', reason });

/** The metadata of a KYC document a person edits (API name → column): merged, stored and audited by API name. */
const KYC_COLUMNS = {
  documentNumber: 'document_number',
  issuingCountry: 'issuing_country',
  issuedAt: 'issued_at',
  expiresAt: 'expires_at',
} as const satisfies Partial<Record<keyof KycUpdate & keyof KycDocument, keyof KycDocumentRow>>;
type KycEditable = keyof typeof KYC_COLUMNS;
const KYC_EDITABLE = Object.keys(KYC_COLUMNS) as KycEditable[];
type KycColumnValues = { [K in KycEditable as (typeof KYC_COLUMNS)[K]]: KycDocument[K] };

/** Metadata of a pending document; the file itself never changes (upload a new one instead). */
export async function updateKycMetadata(deps: ServiceDeps, actor: Actor, input: KycUpdate) {
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    await requireCustomer(trx, actor, input.customerId, { lock: true });
    const row = await findKycDocument(trx, input.customerId, input.documentId, { forUpdate: true });
    if (!row) throw new NotFound('Document');
    if (row.version !== input.version)
      throw new Conflict('Someone else changed this document. Reload to see their changes.');
    const before = toKycDocument(row, now);
    assertKycEditable(before);
    const merged = { ...before };
    for (const key of KYC_EDITABLE) {
      if (input[key] !== undefined) (merged as Record<string, unknown>)[key] = input[key];
    }
    checkKycDates(merged, now, { requireFutureExpiry: input.expiresAt !== undefined });
    const patch = Object.fromEntries(KYC_EDITABLE.map((k) => [KYC_COLUMNS[k], merged[k]])) as KycColumnValues;
    const updated = await updateKycDocument(trx, row.id, row.version, patch);
    if (!updated) throw new Conflict('Someone else changed this document. Reload to see their changes.');
    const status = await refreshKycStatus(trx, input.customerId, now);
    await appendAudit(trx, {
      ...auditMeta(actor),
      action: 'kyc.updated',
      entityType: 'kyc_document',
      entityId: row.id,
      customerId: input.customerId,
      changes: { ...diffFields(before, merged, KYC_EDITABLE), ...(status ? { kycStatus: status } : {}) },
    });
    return toKycDocument(await readBack(trx, input.customerId, row.id), now);
  });
}

export async function deleteKyc(deps: ServiceDeps, actor: Actor, customerId: string, documentId: string) {
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    await requireCustomer(trx, actor, customerId, { lock: true });
    const row = await findKycDocument(trx, customerId, documentId, { forUpdate: true });
    if (!row) throw new NotFound('Document');
    await updateKycDocument(trx, row.id, row.version, { deleted_at: now, deleted_by: actor.userId });
    const status = await refreshKycStatus(trx, customerId, now);
    await appendAudit(trx, {
      ...auditMeta(actor),
      action: 'kyc.deleted',
      entityType: 'kyc_document',
      entityId: row.id,
      customerId,
      changes: { documentType: row.document_type, fileName: row.file_name, ...(status ? { kycStatus: status } : {}) },
    });
    return { id: row.id, deleted: true as const };
  });
}

/** Records a download (or the console's preview, as a view) in the audit trail before any byte is sent. */
export async function auditKycDownload(deps: ServiceDeps, actor: Actor, row: KycDocumentRow, preview = false) {
  await appendAudit(deps.db, {
    ...auditMeta(actor),
    action: preview ? 'kyc.viewed' : 'kyc.downloaded',
    entityType: 'kyc_document',
    entityId: row.id,
    customerId: row.customer_id,
    changes: { fileName: row.file_name },
  });
}

/** Documents expiring in the next `withinDays` days across all customers, soonest first. */
export async function expiringKyc(
  deps: ServiceDeps,
  withinDays: number,
  cursor: string | null | undefined,
  limit: number,
) {
  const now = deps.now();
  const from = isoDate(now);
  const to = addDaysToIsoDate(from, withinDays);
  const after = readCursor(cursor, ['date', 'uuid']);
  const rows = await listExpiringKycDocuments(deps.db, from, to, limit, after);
  return keysetPage(
    rows,
    limit,
    (last) => [last.expires_at, last.id],
    (r) => ({
      ...toKycDocument(r, now),
      customerNumber: r.customer_number,
      customerName: customerDisplayName({
        type: r.customer_type,
        firstName: r.first_name,
        lastName: r.last_name,
        companyName: r.company_name,
      }),
    }),
  );
}

/** The KYC review queue across customers (staff with kyc:verify), oldest first, with a total. */
export async function reviewQueue(deps: ServiceDeps, input: z.output<typeof kycReviewQueueInput>) {
  const now = deps.now();
  const after = readCursor(input.cursor, ['datetime', 'uuid']);
  const filter = { documentType: input.documentType, country: input.country };
  const [rows, total] = await Promise.all([
    listReviewQueue(deps.db, filter, input.limit, after),
    countReviewQueue(deps.db, filter),
  ]);
  const paged = keysetPage(
    rows,
    input.limit,
    (last) => [last.uploaded_at.toISOString(), last.id],
    (r) => ({
      ...toKycDocument(r, now),
      customerNumber: r.customer_number,
      customerType: r.customer_type,
      customerCountry: r.customer_country?.trim() ?? null,
      customerName: customerDisplayName({
        type: r.customer_type,
        firstName: r.first_name,
        lastName: r.last_name,
        companyName: r.company_name,
      }),
    }),
  );
  return { ...paged, total };
}
