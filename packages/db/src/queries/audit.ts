import type { AuditAction, AuditEntityType } from '@cm/domain';
import type { Kysely } from 'kysely';
import type { Database } from '../schema';

export interface AuditEntry {
  actorUserId: string | null;
  actorRole: string | null;
  action: AuditAction;
  entityType: AuditEntityType;
  entityId: string | null;
  customerId: string | null;
  changes?: Record<string, unknown> | null;
  requestId: string | null;
  clientIp: string | null;
}

/** Appends one audit row; call it with the same transaction as the change it records. */
export async function appendAudit(db: Kysely<Database>, e: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_events')
    .values({
      actor_user_id: e.actorUserId,
      actor_role: e.actorRole,
      action: e.action,
      entity_type: e.entityType,
      entity_id: e.entityId,
      customer_id: e.customerId,
      changes: e.changes ? JSON.stringify(e.changes) : null,
      request_id: e.requestId,
      client_ip: e.clientIp,
    })
    .execute();
}

export interface AuditQuery {
  customerId?: string;
  action?: string;
  actorUserId?: string;
  /** occurred_at ≥ from and < to (ISO instants). */
  from?: string;
  to?: string;
  /** Only rows with an id below this (keyset pagination, newest first). */
  beforeId?: number;
  limit: number;
}

/** Newest first, with the actor's name; `limit + 1` rows so the caller can tell if more exist. */
export async function listAudit(db: Kysely<Database>, q: AuditQuery) {
  let query = db
    .selectFrom('audit_events as a')
    .leftJoin('users as u', 'u.id', 'a.actor_user_id')
    .selectAll('a')
    .select('u.name as actor_name')
    .orderBy('a.id', 'desc')
    .limit(q.limit + 1);
  if (q.customerId) query = query.where('a.customer_id', '=', q.customerId);
  if (q.action) query = query.where('a.action', '=', q.action);
  if (q.actorUserId) query = query.where('a.actor_user_id', '=', q.actorUserId);
  if (q.from) query = query.where('a.occurred_at', '>=', new Date(q.from));
  if (q.to) query = query.where('a.occurred_at', '<', new Date(q.to));
  if (q.beforeId !== undefined) query = query.where('a.id', '<', q.beforeId);
  return query.execute();
}
