import { randomUUID } from 'node:crypto';
import {
  customersWithIdentityExpiring,
  type Db,
  findComplianceGroup,
  findCustomer,
  findOpenComplianceTicket,
  insertTicket,
  listKycDocuments,
  releaseLease,
  tryTakeLease,
  updateTicket,
} from '@cm/db';
import {
  addDaysToIsoDate,
  COMPLIANCE_EXPIRY_NOTICE_DAYS,
  complianceBody,
  complianceSubject,
  complianceTicketAction,
  isIdentityDocumentType,
  isoDate,
  missingRequirements,
  withEffectiveStatus,
} from '@cm/domain';
import type { Actor } from './actor';
import type { ServiceDeps } from './service-deps';
import type { SweepResult } from './sweeps';
import { addMessage, finishChange, statusPatch } from './tickets';

/** Compliance tickets are opened and solved by the system, not by a person. */
const SYSTEM: Actor = { userId: null, role: null, customerId: null, requestId: null, clientIp: null };

/**
 * Keeps the customer's system compliance ticket in step with its KYC (issue 11): opens one, with
 * what is missing, when KYC turns rejected or expired or the identity document expires within 30
 * days; solves it with a message saying why once KYC is verified again. Runs inside the transaction
 * that changed the KYC status (the customer row is locked there), so it happens once.
 */
export async function syncComplianceTicket(
  trx: Db,
  customerId: string,
  now: Date,
): Promise<'opened' | 'solved' | null> {
  const customer = await findCustomer(trx, customerId);
  if (!customer || customer.status === 'closed') return null;
  const docs = (await listKycDocuments(trx, customerId)).map((d) =>
    withEffectiveStatus(
      { documentType: d.document_type, status: d.status, expiresAt: d.expires_at, uploadedAt: d.uploaded_at },
      now,
    ),
  );
  const today = isoDate(now);
  const noticeUntil = addDaysToIsoDate(today, COMPLIANCE_EXPIRY_NOTICE_DAYS);
  const validIdentity = docs.filter(
    (d) => isIdentityDocumentType(d.documentType) && d.status === 'verified' && d.expiresAt,
  );
  const latestExpiry =
    validIdentity
      .map((d) => d.expiresAt!)
      .sort()
      .at(-1) ?? null;
  const identityExpiringOn = latestExpiry && latestExpiry <= noticeUntil ? latestExpiry : null;
  const open = await findOpenComplianceTicket(trx, customerId);
  const decision = complianceTicketAction({ kycStatus: customer.kyc_status, identityExpiringOn }, !!open);

  if (decision.action === 'open') {
    const group = await findComplianceGroup(trx);
    const ticket = await insertTicket(trx, {
      customer_id: customerId,
      subject: complianceSubject(decision.reason),
      type: 'compliance',
      priority: decision.reason.kind === 'identity_expiring' ? 'normal' : 'high',
      group_id: group?.id ?? null,
      channel: 'system',
      created_at: now,
      updated_at: now,
    });
    const missing = missingRequirements(customer.type, docs, now);
    await addMessage(trx, SYSTEM, ticket, 'public', complianceBody(decision.reason, missing), [], now);
    await finishChange(trx, SYSTEM, now, ticket, {
      action: 'ticket.created',
      changes: {
        after: { ticketNumber: ticket.ticket_number, subject: ticket.subject, type: 'compliance', channel: 'system' },
        reason: decision.reason,
      },
    });
    return 'opened';
  }
  if (decision.action === 'solve' && open) {
    const before = await trx
      .selectFrom('tickets')
      .selectAll()
      .where('id', '=', open.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    await addMessage(
      trx,
      SYSTEM,
      before,
      'public',
      'Your KYC documents are verified again, so this request is solved. Thank you.',
      [],
      now,
    );
    const patch = await statusPatch(trx, before, 'solved', null, now);
    const row = await updateTicket(trx, before.id, before.version, { ...patch, updated_at: now });
    if (!row) return null;
    await finishChange(trx, SYSTEM, now, row, {
      action: 'ticket.status_changed',
      changes: { before: { status: before.status }, after: { status: 'solved' }, reason: 'KYC verified' },
    });
    return 'solved';
  }
  return null;
}

/**
 * Opens compliance tickets for identity documents about to expire (time alone changes that, no
 * write does), one customer per short transaction, under a lease so one instance runs it.
 */
export async function sweepComplianceTickets(deps: ServiceDeps): Promise<SweepResult> {
  const lease = 'sweep:compliance-tickets';
  const holder = randomUUID();
  if (!(await tryTakeLease(deps.db, lease, holder, 15 * 60_000))) return { ran: false };
  try {
    const now = deps.now();
    const today = isoDate(now);
    const until = addDaysToIsoDate(today, COMPLIANCE_EXPIRY_NOTICE_DAYS);
    let changed = 0;
    const seen = new Set<string>();
    for (;;) {
      const batch = (await customersWithIdentityExpiring(deps.db, today, until, 200)).filter((c) => !seen.has(c.id));
      if (batch.length === 0) return { ran: true, changed };
      for (const { id } of batch) {
        seen.add(id);
        const result = await deps.db.transaction().execute(async (trx) => {
          await findCustomer(trx, id, { forUpdate: true });
          return syncComplianceTicket(trx, id, now);
        });
        if (result === 'opened') changed += 1;
      }
    }
  } finally {
    await releaseLease(deps.db, lease, holder);
  }
}
