import { z } from 'zod';
import { cursorSchema, limitSchema, page, uuid } from '../common';

/** Every notification the product sends (issue 11 §4). */
export const NOTIFICATION_KINDS = [
  'ticket.public_reply',
  'ticket.assigned',
  'ticket.due_soon',
  'ticket.breached',
  'kyc.expiring',
  'kyc.rejected',
] as const;
export const notificationKind = z.enum(NOTIFICATION_KINDS);
export type NotificationKind = z.infer<typeof notificationKind>;

/** Kinds a staff member may turn off; on by default. */
export const STAFF_NOTIFICATION_KINDS = ['ticket.assigned', 'ticket.due_soon', 'ticket.breached'] as const;
export type StaffNotificationKind = (typeof STAFF_NOTIFICATION_KINDS)[number];

/** Kinds sent to a customer's client users: always sent, never carrying internal content. */
export const CLIENT_NOTIFICATION_KINDS = ['ticket.public_reply', 'kyc.expiring', 'kyc.rejected'] as const;
export type ClientNotificationKind = (typeof CLIENT_NOTIFICATION_KINDS)[number];

export const NOTIFICATION_KIND_LABELS: Readonly<Record<NotificationKind, string>> = {
  'ticket.public_reply': 'Reply to a client',
  'ticket.assigned': 'A ticket is assigned to me',
  'ticket.due_soon': 'A ticket of mine is due soon',
  'ticket.breached': 'A ticket of mine missed its service level',
  'kyc.expiring': 'KYC document expiring',
  'kyc.rejected': 'KYC document rejected',
};

/** Whether a kind is one a staff member may turn off (client kinds always go out). */
export function isStaffNotificationKind(kind: NotificationKind): kind is StaffNotificationKind {
  return (STAFF_NOTIFICATION_KINDS as readonly string[]).includes(kind);
}

/** A staff member's choice: the kinds they receive. */
export const notificationPreferences = z.object({
  enabled: z
    .array(z.enum(STAFF_NOTIFICATION_KINDS))
    .max(STAFF_NOTIFICATION_KINDS.length)
    .transform((kinds) => [...new Set(kinds)]),
});
export type NotificationPreferences = z.infer<typeof notificationPreferences>;

/** Stored as the kinds turned off, so a kind added later reaches everyone until they turn it off. */
export function preferencesFromDisabled(disabled: readonly string[]): NotificationPreferences {
  return { enabled: STAFF_NOTIFICATION_KINDS.filter((k) => !disabled.includes(k)) };
}

/** The kinds to store as turned off for a choice. */
export function disabledFromPreferences(prefs: NotificationPreferences): StaffNotificationKind[] {
  return STAFF_NOTIFICATION_KINDS.filter((k) => !prefs.enabled.includes(k));
}

/**
 * Days before a KYC document's expiry at which its client hears about it, once each; a document
 * first seen inside a window gets only the tightest notice it has reached (uploaded 20 days before
 * expiry: the 30-day notice, not the 60-day one).
 */
export const KYC_EXPIRY_NOTICE_DAYS = [60, 30, 7] as const;
export type KycExpiryNoticeDays = (typeof KYC_EXPIRY_NOTICE_DAYS)[number];

/** Attempts before an undeliverable message is given up ("failed"). */
export const OUTBOX_MAX_ATTEMPTS = 10;
const BACKOFF_BASE_MS = 30_000;
const BACKOFF_MAX_MS = 6 * 3600_000;

/** Exponential backoff: 30 s after the first failed attempt, doubling, at most 6 hours. */
export function outboxRetryDelayMs(attempts: number): number {
  return Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1), BACKOFF_MAX_MS);
}

export const OUTBOX_STATUSES = ['pending', 'sent', 'failed'] as const;
export const outboxStatus = z.enum(OUTBOX_STATUSES);
export type OutboxStatus = z.infer<typeof outboxStatus>;

/** A message's status: sent; still to send (a next attempt is scheduled); or given up ("failed"). */
export function outboxStatusOf(row: { sentAt: unknown; nextAttemptAt: unknown }): OutboxStatus {
  if (row.sentAt) return 'sent';
  return row.nextAttemptAt ? 'pending' : 'failed';
}

export const outboxListInput = z.object({
  status: outboxStatus.optional(),
  cursor: cursorSchema,
  limit: limitSchema,
});
export type OutboxListInput = z.infer<typeof outboxListInput>;

export const outboxItemOutput = z.object({
  id: uuid,
  kind: notificationKind,
  recipientUserId: uuid.nullable(),
  recipientEmail: z.string(),
  subject: z.string(),
  status: outboxStatus,
  attempts: z.number().int(),
  createdAt: z.string(),
  nextAttemptAt: z.string().nullable(),
  sentAt: z.string().nullable(),
  lastError: z.string().nullable(),
});
export type OutboxItem = z.infer<typeof outboxItemOutput>;
export const outboxPageOutput = page(outboxItemOutput);

export const outboxMessageOutput = outboxItemOutput.extend({
  messageId: z.string(),
  text: z.string(),
  html: z.string(),
});
export type OutboxMessage = z.infer<typeof outboxMessageOutput>;
export const outboxByIdInput = z.object({ id: uuid });
