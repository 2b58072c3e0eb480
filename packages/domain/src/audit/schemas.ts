import { z } from 'zod';
import { cursorSchema, limitSchema, page, text, uuid } from '../common';

export const auditEventOutput = z.object({
  id: z.string(),
  occurredAt: z.string(),
  actorUserId: z.string().nullable(),
  actorName: z.string().nullable(),
  actorRole: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  customerId: z.string().nullable(),
  changes: z.record(z.string(), z.unknown()).nullable(),
  requestId: z.string().nullable(),
  clientIp: z.string().nullable(),
  /** The API token a request was authenticated with (the actor is the admin who created it). */
  apiTokenId: z.string().nullable(),
  apiTokenName: z.string().nullable(),
});
export type AuditEvent = z.infer<typeof auditEventOutput>;
export const auditPage = page(auditEventOutput);

export const auditForCustomerInput = z.object({ customerId: uuid, cursor: cursorSchema, limit: limitSchema });
/** The admins' audit log filters (all optional); `from`/`to` are instants, `to` exclusive. */
export const auditFilters = z.object({
  action: text().max(100).optional(),
  actorUserId: uuid.optional(),
  customerId: uuid.optional(),
  from: z.iso.datetime({ offset: true, message: 'Use an ISO date and time.' }).optional(),
  to: z.iso.datetime({ offset: true, message: 'Use an ISO date and time.' }).optional(),
});
export type AuditFilters = z.infer<typeof auditFilters>;

export const auditListInput = auditFilters
  .extend({ cursor: cursorSchema, limit: limitSchema })
  .refine((f) => !f.from || !f.to || Date.parse(f.from) < Date.parse(f.to), {
    path: ['to'],
    message: 'The end must be after the start.',
  })
  .default({ limit: 25 });

type Row = Record<string, unknown>;

/** The before/after of exactly the fields that changed, for the audit trail. */
export function diffFields(before: Row, after: Row, fields: readonly string[]) {
  const b: Row = {};
  const a: Row = {};
  for (const f of fields) {
    if (JSON.stringify(before[f] ?? null) !== JSON.stringify(after[f] ?? null)) {
      b[f] = before[f] ?? null;
      a[f] = after[f] ?? null;
    }
  }
  return { before: b, after: a };
}
