import { z } from 'zod';

/**
 * Every audit action the product records (SPEC §6, §12): one list, so a typo cannot create a new
 * action and the console can label each one.
 */
export const AUDIT_ACTIONS = [
  'auth.login',
  'auth.login_failed',
  'auth.login_throttled',
  'auth.logout',
  'auth.password_changed',
  'auth.password_change_failed',
  'permission.denied',
  'access.denied',
  'user.created',
  'user.updated',
  'user.disabled',
  'user.enabled',
  'user.password_reset',
  'customer.created',
  'customer.updated',
  'customer.activated',
  'customer.suspended',
  'customer.closed',
  'customer.deleted',
  'customer.restored',
  'customer.kyc_status_changed',
  'customers.exported',
  'audit.exported',
  'kyc.uploaded',
  'kyc.updated',
  'kyc.verified',
  'kyc.rejected',
  'kyc.deleted',
  'kyc.downloaded',
  'kyc.viewed',
  'note.created',
  'note.updated',
  'note.pinned',
  'note.unpinned',
  'note.deleted',
  'document.uploaded',
  'document.updated',
  'document.deleted',
  'document.downloaded',
  'document.viewed',
  'ticket.created',
  'ticket.updated',
  'ticket.assigned',
  'ticket.status_changed',
  'ticket.replied',
  'ticket.noted',
  'ticket.sla_breached',
  'ticket.deleted',
  'ticket.attachment_downloaded',
  'ticket_group.created',
  'ticket_group.updated',
  'ticket_group.members_set',
  'sla.policy_updated',
  'sla.calendar_updated',
] as const;
export const auditAction = z.enum(AUDIT_ACTIONS);
export type AuditAction = z.infer<typeof auditAction>;

/** What an audit row is about. */
export const AUDIT_ENTITY_TYPES = [
  'user',
  'session',
  'operation',
  'customer',
  'kyc_document',
  'note',
  'document',
  'ticket',
  'ticket_message',
  'ticket_group',
  'sla_policy',
  'business_calendar',
] as const;
export const auditEntityType = z.enum(AUDIT_ENTITY_TYPES);
export type AuditEntityType = z.infer<typeof auditEntityType>;
