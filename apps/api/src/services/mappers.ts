import type { AuditEventRow, CustomerRow, UserRow } from '@cm/db';
import { type AuditEvent, type Customer, customerDisplayName, type User } from '@cm/domain';
import { customerFieldsOf } from './customer-fields';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toCustomer(r: CustomerRow): Customer {
  const fields = customerFieldsOf(r);
  return {
    id: r.id,
    customerNumber: r.customer_number,
    ...fields,
    displayName: customerDisplayName(fields),
    status: r.status,
    statusReason: r.status_reason,
    kycStatus: r.kyc_status,
    createdAt: r.created_at.toISOString(),
    createdBy: r.created_by,
    updatedAt: r.updated_at.toISOString(),
    updatedBy: r.updated_by,
    deletedAt: iso(r.deleted_at),
    deletedBy: r.deleted_by,
    version: r.version,
  };
}

export function toUser(r: UserRow): User {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    role: r.role,
    customerId: r.customer_id,
    disabledAt: iso(r.disabled_at),
    createdAt: r.created_at.toISOString(),
    version: r.version,
    lastSignInAt: iso(r.last_sign_in_at),
    mustChangePassword: r.must_change_password,
  };
}

export function toAuditEvent(
  r: AuditEventRow & { actor_name: string | null; api_token_name?: string | null },
): AuditEvent {
  return {
    id: String(r.id),
    occurredAt: r.occurred_at.toISOString(),
    actorUserId: r.actor_user_id,
    actorName: r.actor_name,
    actorRole: r.actor_role,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    customerId: r.customer_id,
    changes: r.changes,
    requestId: r.request_id,
    clientIp: r.client_ip,
    apiTokenId: r.api_token_id,
    apiTokenName: r.api_token_name ?? null,
  };
}

/** The columns every authored, versioned, soft-deletable record has (notes, customer documents). */
interface AuthoredRow {
  created_at: Date;
  created_by: string | null;
  created_by_name: string | null;
  updated_at: Date;
  updated_by: string | null;
  deleted_at: Date | null;
  deleted_by: string | null;
  version: number;
}

/** Those columns as the API outputs them: ISO times, the author's name, the version. */
export function authoredFields(r: AuthoredRow) {
  return {
    createdAt: r.created_at.toISOString(),
    createdBy: r.created_by,
    createdByName: r.created_by_name,
    updatedAt: r.updated_at.toISOString(),
    updatedBy: r.updated_by,
    deletedAt: iso(r.deleted_at),
    deletedBy: r.deleted_by,
    version: r.version,
  };
}
