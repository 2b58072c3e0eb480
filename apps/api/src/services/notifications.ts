import { randomUUID } from 'node:crypto';
import {
  claimNotificationEvent,
  clientRecipients,
  type Db,
  disabledNotificationKinds,
  dueOutboxMessages,
  findOutboxMessage,
  findUserById,
  groupMemberIds,
  insertOutboxMessage,
  kycDocumentsNearingExpiry,
  listOutbox,
  markOutboxFailed,
  markOutboxSent,
  type NotificationOutboxRow,
  type NotificationRecipient,
  releaseLease,
  saveNotificationPreferences,
  staffRecipients,
  ticketNotificationFacts,
  ticketsDueSoonUnannounced,
  tryTakeLease,
} from '@cm/db';
import {
  customerDisplayName,
  disabledFromPreferences,
  isoDate,
  KYC_DOCUMENT_TYPE_LABELS,
  KYC_EXPIRY_NOTICE_DAYS,
  type KycDocumentType,
  keysetPage,
  NotFound,
  type NotificationContent,
  type NotificationPreferences,
  OUTBOX_MAX_ATTEMPTS,
  type OutboxItem,
  type OutboxListInput,
  type OutboxMessage,
  outboxRetryDelayMs,
  outboxStatusOf,
  preferencesFromDisabled,
  readCursor,
  renderNotification,
  type StaffNotificationKind,
} from '@cm/domain';
import nodemailer from 'nodemailer';
import type { Logger } from '../logger';
import type { Actor } from './actor';
import type { ServiceDeps } from './service-deps';
import type { SweepResult } from './sweeps';

// ---------------------------------------------------------------------------------------------
// Writing to the outbox: always inside the transaction of the change that causes the message.
// ---------------------------------------------------------------------------------------------

/** The `Message-ID` of a new message; fixed in its row, so any resend carries the same one. */
function newMessageId(): string {
  return `<${randomUUID()}@customer-manager>`;
}

/**
 * Writes one rendered message to the outbox in `trx`, the transaction of its cause: if that rolls
 * back, nothing is sent. With a dedupe key already in the outbox nothing is written; returns
 * whether it was.
 */
export async function enqueueNotification(
  trx: Db,
  message: { recipient: NotificationRecipient; content: NotificationContent; now: Date; dedupeKey?: string },
): Promise<boolean> {
  const mail = renderNotification(message.content);
  return insertOutboxMessage(trx, {
    kind: mail.kind,
    recipient_user_id: message.recipient.id,
    recipient_email: message.recipient.email,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    message_id: newMessageId(),
    dedupe_key: message.dedupeKey ?? null,
    created_at: message.now,
    next_attempt_at: message.now,
  });
}

type TicketFacts = NonNullable<Awaited<ReturnType<typeof ticketNotificationFacts>>>;

async function ticketFacts(trx: Db, ticketId: string): Promise<TicketFacts> {
  const facts = await ticketNotificationFacts(trx, ticketId);
  if (!facts) throw new Error('A ticket changed in this transaction could not be read back.');
  return facts;
}

function customerNameOf(f: TicketFacts): string {
  return customerDisplayName({
    type: f.customer_type,
    firstName: f.first_name,
    lastName: f.last_name,
    companyName: f.company_name,
  });
}

/** Staff who hear about a ticket's deadlines: its assignee, or its queue's members when unassigned. */
async function ticketOwners(trx: Db, f: TicketFacts, kind: StaffNotificationKind) {
  const ids = f.assignee_id ? [f.assignee_id] : f.group_id ? await groupMemberIds(trx, f.group_id) : [];
  return staffRecipients(trx, ids, kind);
}

/**
 * A staff member's public reply: every client user of the ticket's customer gets the reply text
 * (what the portal shows them), never internal notes, queue or assignee details.
 */
export async function notifyPublicReply(trx: Db, ticketId: string, body: string, now: Date) {
  const f = await ticketFacts(trx, ticketId);
  for (const recipient of await clientRecipients(trx, f.customer_id)) {
    await enqueueNotification(trx, {
      recipient,
      now,
      content: {
        kind: 'ticket.public_reply',
        data: { recipientName: recipient.name, ticketNumber: f.ticket_number, subject: f.subject, body },
      },
    });
  }
}

/** A ticket assigned to someone other than the one assigning it (and who has not turned this off). */
export async function notifyTicketAssigned(
  trx: Db,
  actor: Actor,
  ticketId: string,
  assigneeId: string | null,
  now: Date,
) {
  if (!assigneeId || assigneeId === actor.userId) return;
  const [recipient] = await staffRecipients(trx, [assigneeId], 'ticket.assigned');
  if (!recipient) return;
  const f = await ticketFacts(trx, ticketId);
  const by = actor.userId ? await findUserById(trx, actor.userId) : undefined;
  await enqueueNotification(trx, {
    recipient,
    now,
    content: {
      kind: 'ticket.assigned',
      data: {
        recipientName: recipient.name,
        ticketNumber: f.ticket_number,
        subject: f.subject,
        customerName: customerNameOf(f),
        priority: f.priority,
        assignedBy: by?.name ?? null,
      },
    },
  });
}

async function notifyDeadline(
  trx: Db,
  kind: 'ticket.due_soon' | 'ticket.breached',
  ticketId: string,
  target: 'first_response' | 'resolution',
  now: Date,
) {
  const f = await ticketFacts(trx, ticketId);
  const dueAt = target === 'first_response' ? f.first_response_due_at : f.resolution_due_at;
  if (!dueAt) return;
  for (const recipient of await ticketOwners(trx, f, kind)) {
    await enqueueNotification(trx, {
      recipient,
      now,
      dedupeKey: `${kind}:${ticketId}:${target}:${recipient.id}`,
      content: {
        kind,
        data: {
          recipientName: recipient.name,
          ticketNumber: f.ticket_number,
          subject: f.subject,
          customerName: customerNameOf(f),
          priority: f.priority,
          target,
          dueAt,
          queueName: f.group_name,
        },
      },
    });
  }
}

/** A service-level target missed (called where `ticket.sla_breached` is recorded, once per target). */
export function notifyTicketBreached(trx: Db, ticketId: string, target: 'first_response' | 'resolution', now: Date) {
  return notifyDeadline(trx, 'ticket.breached', ticketId, target, now);
}

/** A rejected KYC document: its customer's client users hear why. */
export async function notifyKycRejected(
  trx: Db,
  doc: { customerId: string; documentType: KycDocumentType; reason: string },
  now: Date,
) {
  for (const recipient of await clientRecipients(trx, doc.customerId)) {
    await enqueueNotification(trx, {
      recipient,
      now,
      content: {
        kind: 'kyc.rejected',
        data: {
          recipientName: recipient.name,
          documentLabel: KYC_DOCUMENT_TYPE_LABELS[doc.documentType],
          reason: doc.reason,
        },
      },
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Sweeps that turn the passing of time into notifications, once per event.
// ---------------------------------------------------------------------------------------------

const SWEEP_LEASE_MS = 15 * 60_000;
const SWEEP_BATCH = 200;

async function underLease(deps: ServiceDeps, name: string, work: () => Promise<number>): Promise<SweepResult> {
  const holder = randomUUID();
  if (!(await tryTakeLease(deps.db, name, holder, SWEEP_LEASE_MS))) return { ran: false };
  try {
    return { ran: true, changed: await work() };
  } finally {
    await releaseLease(deps.db, name, holder);
  }
}

/**
 * Tickets whose running target turned "due soon": the assignee (or the queue) hears once per
 * ticket and target (event `ticket.due_soon:<ticketId>:<target>`).
 */
export function sweepTicketsDueSoon(deps: ServiceDeps): Promise<SweepResult> {
  return underLease(deps, 'sweep:ticket-due-soon', async () => {
    const now = deps.now();
    let changed = 0;
    for (;;) {
      const batch = await ticketsDueSoonUnannounced(deps.db, now, SWEEP_BATCH);
      if (batch.length === 0) return changed;
      for (const t of batch) {
        await deps.db.transaction().execute(async (trx) => {
          if (!(await claimNotificationEvent(trx, `ticket.due_soon:${t.id}:${t.target}`, now))) return;
          await notifyDeadline(trx, 'ticket.due_soon', t.id, t.target, now);
          changed += 1;
        });
      }
    }
  });
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * Verified KYC documents nearing expiry: the customer's client users hear 60, 30 and 7 days
 * before, once per document and threshold (event `kyc.expiring:<documentId>:<days>`).
 */
export function sweepKycExpiryNotices(deps: ServiceDeps): Promise<SweepResult> {
  return underLease(deps, 'sweep:kyc-expiry-notices', async () => {
    const now = deps.now();
    const today = isoDate(now);
    let changed = 0;
    for (;;) {
      const batch = await kycDocumentsNearingExpiry(deps.db, today, KYC_EXPIRY_NOTICE_DAYS, SWEEP_BATCH);
      if (batch.length === 0) return changed;
      for (const d of batch) {
        await deps.db.transaction().execute(async (trx) => {
          if (!(await claimNotificationEvent(trx, `kyc.expiring:${d.id}:${d.notice_days}`, now))) return;
          for (const recipient of await clientRecipients(trx, d.customer_id)) {
            await enqueueNotification(trx, {
              recipient,
              now,
              dedupeKey: `kyc.expiring:${d.id}:${d.notice_days}:${recipient.id}`,
              content: {
                kind: 'kyc.expiring',
                data: {
                  recipientName: recipient.name,
                  documentLabel: KYC_DOCUMENT_TYPE_LABELS[d.document_type],
                  expiresAt: d.expires_at!,
                  daysLeft: daysBetween(today, d.expires_at!),
                },
              },
            });
          }
          changed += 1;
        });
      }
    }
  });
}

// ---------------------------------------------------------------------------------------------
// The sender.
// ---------------------------------------------------------------------------------------------

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
}

/** Hands a message to a mail server; resolves once the server accepted it. */
export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** SMTP through nodemailer (`smtp://user:pass@host:587`, `smtps://…`). */
export function smtpMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport({
    url,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  } as Parameters<typeof nodemailer.createTransport>[0]);
  return {
    async send(mail) {
      await transport.sendMail({
        from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
      });
    },
    close: () => transport.close(),
  };
}

export interface OutboxDeps extends ServiceDeps {
  /** None (no SMTP_URL): nothing is sent and messages stay in the outbox. */
  mailer: Mailer | null;
  logger?: Logger;
}

export type DeliveryResult = { ran: false } | { ran: true; sent: number; failed: number };

const OUTBOX_LEASE = 'notifications:outbox';
/** Short, and renewed before every message: a crashed sender's lease soon runs out. */
export const OUTBOX_LEASE_MS = 60_000;
const OUTBOX_BATCH = 50;

function describeError(err: unknown): string {
  const e = err as { message?: string; responseCode?: number; code?: string } | null;
  const text = [e?.code, e?.responseCode, e?.message ?? String(err)].filter(Boolean).join(' ');
  return text.slice(0, 1000);
}

/**
 * Sends what is due in the outbox. One sender at a time across all instances (a lease, renewed
 * before each message); a failed attempt is retried later with exponential backoff, up to
 * OUTBOX_MAX_ATTEMPTS. A crash (or failed update) after the server accepted a message and before
 * its row is marked leaves it due: it goes once more, with the same Message-ID.
 */
export async function deliverOutbox(deps: OutboxDeps): Promise<DeliveryResult> {
  const mailer = deps.mailer;
  if (!mailer) return { ran: false };
  const holder = randomUUID();
  if (!(await tryTakeLease(deps.db, OUTBOX_LEASE, holder, OUTBOX_LEASE_MS))) return { ran: false };
  let sent = 0;
  let failed = 0;
  try {
    const tried = new Set<string>();
    for (;;) {
      const due = (await dueOutboxMessages(deps.db, deps.now(), OUTBOX_BATCH)).filter((m) => !tried.has(m.id));
      if (due.length === 0) break;
      for (const row of due) {
        tried.add(row.id);
        // Lost the lease (it ran out and another instance took over): leave the rest to that one.
        if (!(await tryTakeLease(deps.db, OUTBOX_LEASE, holder, OUTBOX_LEASE_MS))) return { ran: true, sent, failed };
        const outcome = await sendOne(deps, mailer, row);
        if (outcome === 'sent') sent += 1;
        else {
          failed += 1;
          // No answer from the server at all (down, unreachable): the rest would fail the same way.
          if (outcome === 'unreachable') return { ran: true, sent, failed };
        }
      }
    }
    return { ran: true, sent, failed };
  } finally {
    await releaseLease(deps.db, OUTBOX_LEASE, holder).catch(() => {});
  }
}

async function sendOne(deps: OutboxDeps, mailer: Mailer, row: NotificationOutboxRow) {
  try {
    await mailer.send({
      to: row.recipient_email,
      subject: row.subject,
      text: row.text,
      html: row.html,
      messageId: row.message_id,
    });
  } catch (err) {
    const attempts = row.attempts + 1;
    const giveUp = attempts >= OUTBOX_MAX_ATTEMPTS;
    await markOutboxFailed(deps.db, row.id, {
      attempts,
      nextAttemptAt: giveUp ? null : new Date(deps.now().getTime() + outboxRetryDelayMs(attempts)),
      error: describeError(err),
    });
    deps.logger?.warn({ err, outboxId: row.id, attempts, giveUp }, 'notification not sent');
    return (err as { responseCode?: number }).responseCode === undefined ? 'unreachable' : 'refused';
  }
  // Accepted by the server. Should this update fail (or the process die first), the row stays due
  // and is sent again with the same Message-ID: at most one duplicate, which mail clients fold.
  await markOutboxSent(deps.db, row.id, deps.now());
  return 'sent';
}

/** Runs the sender every `intervalMs` until stopped; one run at a time within this process. */
export function startOutboxSender(deps: OutboxDeps, intervalMs = 15_000): { stop: () => Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  let busy = false;
  const tick = () => {
    if (busy) return;
    busy = true;
    running = deliverOutbox(deps)
      .catch((err) => deps.logger?.warn({ err }, 'notification sender failed; will retry'))
      .finally(() => {
        busy = false;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  tick();
  return {
    async stop() {
      clearInterval(timer);
      await running;
      deps.mailer?.close();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Reading the outbox (admin) and a staff member's preferences.
// ---------------------------------------------------------------------------------------------

function toOutboxItem(r: Omit<NotificationOutboxRow, 'text' | 'html' | 'message_id' | 'dedupe_key'>): OutboxItem {
  return {
    id: r.id,
    kind: r.kind,
    recipientUserId: r.recipient_user_id,
    recipientEmail: r.recipient_email,
    subject: r.subject,
    status: outboxStatusOf({ sentAt: r.sent_at, nextAttemptAt: r.next_attempt_at }),
    attempts: r.attempts,
    createdAt: r.created_at.toISOString(),
    nextAttemptAt: r.next_attempt_at?.toISOString() ?? null,
    sentAt: r.sent_at?.toISOString() ?? null,
    lastError: r.last_error,
  };
}

/** The outbox, newest first: what was sent, or would have been without SMTP. */
export async function listOutboxPage(deps: ServiceDeps, input: OutboxListInput) {
  const after = readCursor(input.cursor, ['datetime', 'uuid']);
  const rows = await listOutbox(deps.db, { status: input.status, after, limit: input.limit });
  return keysetPage(rows, input.limit, (r) => [r.created_at.toISOString(), r.id], toOutboxItem);
}

export async function getOutboxMessage(deps: ServiceDeps, id: string): Promise<OutboxMessage> {
  const row = await findOutboxMessage(deps.db, id);
  if (!row) throw new NotFound('Message');
  return { ...toOutboxItem(row), messageId: row.message_id, text: row.text, html: row.html };
}

export async function notificationPreferencesOf(deps: ServiceDeps, actor: Actor): Promise<NotificationPreferences> {
  return preferencesFromDisabled(await disabledNotificationKinds(deps.db, actor.userId!));
}

export async function setNotificationPreferences(
  deps: ServiceDeps,
  actor: Actor,
  prefs: NotificationPreferences,
): Promise<NotificationPreferences> {
  await saveNotificationPreferences(deps.db, actor.userId!, disabledFromPreferences(prefs), deps.now());
  return notificationPreferencesOf(deps, actor);
}
