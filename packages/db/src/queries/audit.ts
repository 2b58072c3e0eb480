import type { AuditAction, AuditEntityType } from '@cm/domain';
import type { Kysely } from 'kysely';
import { hasEnvelopes, hasPersonalValues, KEY_OWNER, keyOwnerOf, openChanges, sealChanges } from '../data-keys/changes';
import type { AuditEventRow, Database } from '../schema';
import { dataKeyForWrite, dataKeysForRead } from './data-keys';

export interface AuditEntry {
  actorUserId: string | null;
  actorRole: string | null;
  action: AuditAction;
  entityType: AuditEntityType;
  entityId: string | null;
  customerId: string | null;
  /**
   * Whose personal data the row's `changes` hold when that is not `customerId` (a client user's
   * failed sign-in is not filed under the customer, but the email typed is theirs). Defaults to
   * `customerId`; with neither, `changes` are stored in clear.
   */
  dataSubjectId?: string | null;
  changes?: Record<string, unknown> | null;
  requestId: string | null;
  clientIp: string | null;
  /** Set when the request was authenticated with an API token. */
  apiTokenId?: string | null;
}

/**
 * An audit row's values. Personal values in `changes` are encrypted under the customer's data key
 * (one indexed lookup; one insert the first time), so erasure can destroy them without touching
 * the row (SPEC §14).
 */
async function auditValues(db: Kysely<Database>, e: AuditEntry) {
  let changes = e.changes ?? null;
  const subject = e.dataSubjectId ?? e.customerId;
  if (changes && subject && hasPersonalValues(changes)) {
    changes = sealChanges(changes, await dataKeyForWrite(db, subject), subject);
    if (subject !== e.customerId) changes = { ...changes, [KEY_OWNER]: subject };
  }
  return {
    actor_user_id: e.actorUserId,
    actor_role: e.actorRole,
    action: e.action,
    entity_type: e.entityType,
    entity_id: e.entityId,
    customer_id: e.customerId,
    changes: changes ? JSON.stringify(changes) : null,
    request_id: e.requestId,
    client_ip: e.clientIp,
    api_token_id: e.apiTokenId ?? null,
  };
}

/** Appends one audit row; call it with the same transaction as the change it records. */
export async function appendAudit(db: Kysely<Database>, e: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_events')
    .values(await auditValues(db, e))
    .execute();
}

/** Appends several audit rows in one statement (a bulk change), in the given order. */
export async function appendAuditMany(db: Kysely<Database>, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const values = [];
  for (const e of entries) values.push(await auditValues(db, e));
  await db.insertInto('audit_events').values(values).execute();
}

/**
 * Audit rows as the product shows them: personal values decrypted, or the erased marker once the
 * customer's key is destroyed. Every reader of `audit_events` goes through here (one key query
 * per call, keys held for this call only).
 */
export async function openAuditRows<R extends Pick<AuditEventRow, 'changes' | 'customer_id'>>(
  db: Kysely<Database>,
  rows: R[],
): Promise<R[]> {
  const owners = new Set<string>();
  for (const r of rows) {
    const owner = keyOwnerOf(r.changes, r.customer_id);
    if (owner && r.changes && hasEnvelopes(r.changes)) owners.add(owner);
  }
  const keys = await dataKeysForRead(db, owners);
  return rows.map((r) => {
    if (!r.changes) return r;
    const owner = keyOwnerOf(r.changes, r.customer_id);
    return { ...r, changes: openChanges(r.changes, owner ? keys.get(owner) : undefined, owner ?? '') };
  });
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

/** Newest first, with the actor's name, decrypted; `limit + 1` rows so the caller can tell if more exist. */
export async function listAudit(db: Kysely<Database>, q: AuditQuery) {
  let query = db
    .selectFrom('audit_events as a')
    .leftJoin('users as u', 'u.id', 'a.actor_user_id')
    .leftJoin('api_tokens as t', 't.id', 'a.api_token_id')
    .selectAll('a')
    .select(['u.name as actor_name', 't.name as api_token_name'])
    .orderBy('a.id', 'desc')
    .limit(q.limit + 1);
  if (q.customerId) query = query.where('a.customer_id', '=', q.customerId);
  if (q.action) query = query.where('a.action', '=', q.action);
  if (q.actorUserId) query = query.where('a.actor_user_id', '=', q.actorUserId);
  if (q.from) query = query.where('a.occurred_at', '>=', new Date(q.from));
  if (q.to) query = query.where('a.occurred_at', '<', new Date(q.to));
  if (q.beforeId !== undefined) query = query.where('a.id', '<', q.beforeId);
  return openAuditRows(db, await query.execute());
}
