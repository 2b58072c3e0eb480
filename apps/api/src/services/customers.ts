import {
  type AuditEntry,
  appendAudit,
  type CustomerFilterQuery,
  countCustomers,
  customerCounts,
  customerSortKey,
  type Db,
  findCustomer,
  findLiveCustomerByEmail,
  insertCustomer,
  isUniqueViolation,
  listCustomers,
  updateCustomer,
} from '@cm/db';
import {
  type AuditAction,
  Conflict,
  CUSTOMER_COUNT_CAP,
  CUSTOMER_FIELDS,
  CUSTOMER_STATUSES,
  CUSTOMER_TYPES,
  type Customer,
  type CustomerCreate,
  type CustomerListFilters,
  type CustomerListInput,
  type CustomerStats,
  type CustomerUpdate,
  customerShapeIssues,
  DEFAULT_SORT_ORDER,
  dateOfBirthProblem,
  diffFields,
  expiringWindow,
  Forbidden,
  Invalid,
  KYC_STATUSES,
  keysetPage,
  type LifecycleAction,
  NotFound,
  nextStatus,
  normalizeEmail,
  normalizePhone,
  PreconditionFailed,
  readCursor,
} from '@cm/domain';
import { type Actor, auditMeta } from './actor';
import { type CustomerFieldValues, customerColumnsOf, customerFieldsOf } from './customer-fields';
import { requireCustomer } from './customer-scope';
import { liveKycStatus, refreshKycStatus } from './kyc';
import { toCustomer } from './mappers';
import type { ServiceDeps } from './service-deps';

export type { ServiceDeps } from './service-deps';

type Fields = Omit<CustomerCreate, 'riskLevel'> & { riskLevel: CustomerCreate['riskLevel'] };

/** The full, rule-checked values of a customer's editable fields; phone normalised with its country. */
export function checkedFields(f: Fields, now: Date): CustomerFieldValues {
  const issues = customerShapeIssues(f);
  if (f.dateOfBirth) {
    const problem = dateOfBirthProblem(f.dateOfBirth, now);
    if (problem) issues.push({ path: 'dateOfBirth', message: problem });
  }
  if (issues.length) {
    const fieldErrors: Record<string, string[]> = {};
    for (const i of issues) (fieldErrors[i.path] ??= []).push(i.message);
    throw new Invalid('Some fields need attention.', fieldErrors);
  }
  const phone = f.phone ? normalizePhone(f.phone, f.country) : null;
  const values = Object.fromEntries(CUSTOMER_FIELDS.map((k) => [k, f[k] ?? null])) as CustomerFieldValues;
  return {
    ...values,
    email: f.email.trim(),
    phone: phone?.ok ? phone.e164 : null,
    dateOfBirth: f.type === 'individual' ? (f.dateOfBirth ?? null) : null,
  };
}

/** What the audit trail records of a customer: its editable fields and both statuses, by API name. */
const AUDITED = [...CUSTOMER_FIELDS, 'status', 'kycStatus'] as const;

const emailTaken = () =>
  new Conflict('Another customer already uses this email address.', {
    fieldErrors: { email: ['Another customer already uses this email address.'] },
  });

async function assertEmailFree(db: Db, email: string, exceptId?: string) {
  if (await findLiveCustomerByEmail(db, normalizeEmail(email), exceptId)) throw emailTaken();
}

/** Unique-email races that pass the pre-check still end as CONFLICT, not as an internal error. */
async function mapEmailRace<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (isUniqueViolation(err, 'customers_email_live_key')) throw emailTaken();
    throw err;
  }
}

/** The row a new customer is stored as: the one shape for a created and an imported customer. */
export function newCustomerValues(fields: CustomerFieldValues, actor: Actor, now: Date) {
  return {
    ...customerColumnsOf(fields),
    status_reason: null,
    created_at: now,
    updated_at: now,
    created_by: actor.userId,
    updated_by: actor.userId,
    deleted_by: null,
  };
}

/** The `customer.created` audit entry of a new customer. */
export function customerCreatedAudit(actor: Actor, customer: Customer): AuditEntry {
  return {
    ...auditMeta(actor),
    action: 'customer.created',
    entityType: 'customer',
    entityId: customer.id,
    customerId: customer.id,
    changes: { after: diffFields({}, customer, AUDITED).after },
  };
}

export function createCustomer(deps: ServiceDeps, actor: Actor, input: CustomerCreate) {
  const now = deps.now();
  const fields = checkedFields(input, now);
  return mapEmailRace(() =>
    deps.db.transaction().execute(async (trx) => {
      await assertEmailFree(trx, fields.email);
      const row = await insertCustomer(trx, newCustomerValues(fields, actor, now));
      const customer = toCustomer(row);
      await appendAudit(trx, customerCreatedAudit(actor, customer));
      return customer;
    }),
  );
}

export async function getCustomer(deps: ServiceDeps, actor: Actor, id: string) {
  return toCustomer(await requireCustomer(deps.db, actor, id));
}

/** A stale version is a CONFLICT (and nothing changes); a missing or deleted customer is NOT_FOUND. */
async function staleOrMissing(db: Db, id: string, opts: { includeDeleted?: boolean } = {}): Promise<never> {
  const current = await findCustomer(db, id, opts);
  if (!current) throw new NotFound('Customer');
  throw new Conflict('Someone else changed this customer. Reload to see their changes.', {
    currentVersion: current.version,
  });
}

export function updateCustomerFields(deps: ServiceDeps, actor: Actor, input: CustomerUpdate) {
  const now = deps.now();
  return mapEmailRace(() =>
    deps.db.transaction().execute(async (trx) => {
      const before = await requireCustomer(trx, actor, input.id, { lock: true });
      if (before.version !== input.version) await staleOrMissing(trx, input.id);
      const current = customerFieldsOf(before);
      const merged: Fields = { ...current };
      for (const key of CUSTOMER_FIELDS) {
        if (input[key] !== undefined) (merged as Record<string, unknown>)[key] = input[key];
      }
      const fields = checkedFields(merged, now);
      if (fields.email.toLowerCase() !== before.email.toLowerCase())
        await assertEmailFree(trx, fields.email, before.id);
      const changes = diffFields(current, fields, CUSTOMER_FIELDS);
      if (Object.keys(changes.after).length === 0) return toCustomer(before);
      const row = await updateCustomer(trx, input.id, input.version, {
        ...customerColumnsOf(fields),
        updated_at: now,
        updated_by: actor.userId,
      });
      if (!row) return staleOrMissing(trx, input.id);
      // Another type has other KYC requirements: re-derive the stored status in this transaction.
      const kyc = row.type !== before.type ? await refreshKycStatus(trx, row.id, now) : null;
      await appendAudit(trx, {
        ...auditMeta(actor),
        action: 'customer.updated',
        entityType: 'customer',
        entityId: row.id,
        customerId: row.id,
        changes: kyc ? { ...changes, kycStatus: kyc } : changes,
      });
      return toCustomer(kyc ? ((await findCustomer(trx, row.id)) ?? row) : row);
    }),
  );
}

function refuseDeletedUnlessAdmin(actor: Actor, filters: CustomerListFilters) {
  if (filters.includeDeleted && actor.role !== 'admin') {
    throw new Forbidden('Only administrators can list deleted customers.');
  }
}

/**
 * The list filters as the query takes them: relative windows become instants and dates from the
 * service's clock, so "created within 30 days" and "KYC expiring within 30 days" mean exactly what
 * the dashboard's figures count (customerStats).
 */
export function customerFilterQuery(filters: CustomerListFilters, now: Date): CustomerFilterQuery {
  const { createdWithinDays, kycExpiringWithinDays, ...rest } = filters;
  return {
    ...rest,
    search: filters.search || undefined,
    createdSince: createdWithinDays ? new Date(now.getTime() - createdWithinDays * 86_400_000) : undefined,
    kycExpiresBetween: kycExpiringWithinDays ? expiringWindow(now, kycExpiringWithinDays) : undefined,
  };
}

/** A cursor names its sort (and the direction, when not the natural one): it is only valid for that order. */
function cursorTag(input: Pick<CustomerListInput, 'sort' | 'order'>): string {
  const order = input.order ?? DEFAULT_SORT_ORDER[input.sort];
  return order === DEFAULT_SORT_ORDER[input.sort] ? input.sort : `${input.sort}:${order}`;
}

export async function listCustomerPage(deps: ServiceDeps, actor: Actor, input: CustomerListInput) {
  refuseDeletedUnlessAdmin(actor, input);
  const cursor = readCursor(
    input.cursor,
    input.sort === 'createdAt' ? ['string', 'datetime', 'uuid'] : ['string', 'string', 'uuid'],
  );
  const tag = cursorTag(input);
  // A cursor made for another sort order points nowhere useful.
  if (cursor && cursor[0] !== tag) {
    throw Invalid.field('cursor', 'This page link is no longer valid; start from the first page.');
  }
  const after: [string, string] | undefined = cursor ? [cursor[1], cursor[2]] : undefined;
  const rows = await listCustomers(deps.db, {
    ...customerFilterQuery(input, deps.now()),
    sort: input.sort,
    order: input.order,
    limit: input.limit,
    after,
  });
  return keysetPage(rows, input.limit, (last) => [tag, customerSortKey(last, input.sort), last.id], toCustomer);
}

/** How many customers match the list filters: exact up to CUSTOMER_COUNT_CAP. */
export async function countCustomerMatches(deps: ServiceDeps, actor: Actor, filters: CustomerListFilters) {
  refuseDeletedUnlessAdmin(actor, filters);
  return countCustomers(deps.db, customerFilterQuery(filters, deps.now()), CUSTOMER_COUNT_CAP);
}

const LIFECYCLE_ACTIONS = {
  activate: 'customer.activated',
  suspend: 'customer.suspended',
  close: 'customer.closed',
} as const satisfies Record<LifecycleAction, AuditAction>;

async function setLifecycle(
  deps: ServiceDeps,
  actor: Actor,
  id: string,
  action: LifecycleAction,
  reason: string | null,
) {
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    const before = await requireCustomer(trx, actor, id, { lock: true });
    // Activation judges the KYC status derived from the documents now, not the stored one (a
    // passport may have expired since the last sweep), and stores it with the new status.
    const kyc = action === 'activate' ? await liveKycStatus(trx, before, now) : null;
    const status = nextStatus(
      { status: before.status, kycStatus: kyc?.status ?? before.kyc_status },
      action,
      kyc?.missing.map((m) => m.label),
    );
    const row = await updateCustomer(trx, id, before.version, {
      status,
      status_reason: reason,
      // Retention (SPEC §14) counts from the close.
      ...(status === 'closed' ? { closed_at: now } : {}),
      ...(kyc ? { kyc_status: kyc.status } : {}),
      updated_at: now,
      updated_by: actor.userId,
    });
    if (!row) return staleOrMissing(trx, id);
    const kycChanged = row.kyc_status !== before.kyc_status;
    await appendAudit(trx, {
      ...auditMeta(actor),
      action: LIFECYCLE_ACTIONS[action],
      entityType: 'customer',
      entityId: id,
      customerId: id,
      changes: {
        ...diffFields(toCustomer(before), toCustomer(row), ['status', 'statusReason']),
        ...(reason ? { reason } : {}),
        ...(kycChanged ? { kycStatus: { before: before.kyc_status, after: row.kyc_status } } : {}),
      },
    });
    return toCustomer(row);
  });
}

export const activateCustomer = (deps: ServiceDeps, actor: Actor, id: string) =>
  setLifecycle(deps, actor, id, 'activate', null);
export const suspendCustomer = (deps: ServiceDeps, actor: Actor, id: string, reason: string) =>
  setLifecycle(deps, actor, id, 'suspend', reason);
export const closeCustomer = (deps: ServiceDeps, actor: Actor, id: string, reason: string) =>
  setLifecycle(deps, actor, id, 'close', reason);

export function deleteCustomer(deps: ServiceDeps, actor: Actor, id: string) {
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    const before = await requireCustomer(trx, actor, id, { lock: true });
    const row = await updateCustomer(trx, id, before.version, {
      deleted_at: now,
      deleted_by: actor.userId,
      updated_at: now,
      updated_by: actor.userId,
    });
    if (!row) return staleOrMissing(trx, id);
    await appendAudit(trx, {
      ...auditMeta(actor),
      action: 'customer.deleted',
      entityType: 'customer',
      entityId: id,
      customerId: id,
    });
    return { id, deleted: true as const };
  });
}

export function restoreCustomer(deps: ServiceDeps, actor: Actor, id: string) {
  const now = deps.now();
  return mapEmailRace(() =>
    deps.db.transaction().execute(async (trx) => {
      const before = await requireCustomer(trx, actor, id, { includeDeleted: true, lock: true });
      if (!before.deleted_at) throw new Conflict('This customer is not deleted.');
      if (before.erased_at) throw new PreconditionFailed('This customer has been erased and cannot be restored.');
      await assertEmailFree(trx, before.email, id);
      const row = await updateCustomer(
        trx,
        id,
        before.version,
        { deleted_at: null, deleted_by: null, updated_at: now, updated_by: actor.userId },
        { includeDeleted: true },
      );
      if (!row) return staleOrMissing(trx, id, { includeDeleted: true });
      // The expiry sweep skips deleted customers: documents may have expired in the meantime.
      const kyc = await refreshKycStatus(trx, id, now);
      await appendAudit(trx, {
        ...auditMeta(actor),
        action: 'customer.restored',
        entityType: 'customer',
        entityId: id,
        customerId: id,
        changes: {
          before: { deletedAt: before.deleted_at?.toISOString(), deletedBy: before.deleted_by },
          ...(kyc ? { kycStatus: kyc } : {}),
        },
      });
      return toCustomer(kyc ? ((await findCustomer(trx, id)) ?? row) : row);
    }),
  );
}

/** Counts with every enum value present (zeros included), as SPEC §7 requires. */
export async function customerStats(deps: ServiceDeps): Promise<CustomerStats> {
  const now = deps.now();
  const since = new Date(now.getTime() - 30 * 86400_000);
  const { counts, newSince, expiring } = await customerCounts(deps.db, since, expiringWindow(now, 30));
  const zeros = <K extends string>(keys: readonly K[]) =>
    Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
  const byStatus = zeros(CUSTOMER_STATUSES);
  const byKycStatus = zeros(KYC_STATUSES);
  const byType = zeros(CUSTOMER_TYPES);
  const target = { status: byStatus, kyc_status: byKycStatus, type: byType } as Record<string, Record<string, number>>;
  for (const c of counts) {
    const bucket = target[c.dimension];
    if (bucket && c.value in bucket) bucket[c.value] = c.n;
  }
  return { byStatus, byKycStatus, byType, newLast30Days: newSince, kycExpiringNext30Days: expiring };
}
