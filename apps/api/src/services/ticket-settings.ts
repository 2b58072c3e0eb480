import {
  appendAudit,
  type Db,
  findBusinessCalendar,
  findTicketGroup,
  groupMemberIds,
  isUniqueViolation,
  listSlaPolicies,
  listTicketGroups,
  replaceGroupMembers,
  type TicketGroupRow,
} from '@cm/db';
import {
  type BusinessCalendar,
  Conflict,
  Invalid,
  NotFound,
  type SlaPolicy,
  TICKET_PRIORITIES,
  type TicketGroup,
} from '@cm/domain';
import { type Actor, auditMeta } from './actor';
import type { ServiceDeps } from './service-deps';
import { loadCalendar } from './ticket-sla';

const nameTaken = () =>
  new Conflict('A queue with this name already exists.', {
    fieldErrors: { name: ['A queue with this name already exists.'] },
  });
const stale = (what: string) => new Conflict(`Someone else changed ${what}. Reload to see their changes.`);

function toGroup(r: TicketGroupRow, memberIds: string[]): TicketGroup {
  return { id: r.id, name: r.name, description: r.description, memberIds, version: r.version };
}

export async function listGroups(deps: ServiceDeps): Promise<TicketGroup[]> {
  const rows = await listTicketGroups(deps.db);
  return rows.map((r) => toGroup(r, r.member_ids ?? []));
}

async function uniqueName<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (isUniqueViolation(err, 'ticket_groups_name_key')) throw nameTaken();
    throw err;
  }
}

export function createGroup(deps: ServiceDeps, actor: Actor, input: { name: string; description?: string | null }) {
  const now = deps.now();
  return uniqueName(() =>
    deps.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('ticket_groups')
        .values({
          name: input.name,
          description: input.description ?? null,
          created_by: actor.userId,
          updated_by: actor.userId,
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await appendAudit(trx, {
        ...auditMeta(actor),
        action: 'ticket_group.created',
        entityType: 'ticket_group',
        entityId: row.id,
        customerId: null,
        changes: { after: { name: row.name, description: row.description } },
      });
      return toGroup(row, []);
    }),
  );
}

export function updateGroup(
  deps: ServiceDeps,
  actor: Actor,
  input: { id: string; version: number; name?: string; description?: string | null },
) {
  const now = deps.now();
  return uniqueName(() =>
    deps.db.transaction().execute(async (trx) => {
      const before = await findTicketGroup(trx, input.id, { forUpdate: true });
      if (!before) throw new NotFound('Queue');
      if (before.version !== input.version) throw stale('this queue');
      const next = {
        name: input.name ?? before.name,
        description: input.description !== undefined ? input.description : before.description,
      };
      const row = await trx
        .updateTable('ticket_groups')
        .set({ ...next, updated_at: now, updated_by: actor.userId, version: before.version + 1 })
        .where('id', '=', before.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await appendAudit(trx, {
        ...auditMeta(actor),
        action: 'ticket_group.updated',
        entityType: 'ticket_group',
        entityId: row.id,
        customerId: null,
        changes: {
          before: { name: before.name, description: before.description },
          after: next,
        },
      });
      return toGroup(row, await groupMemberIds(trx, row.id));
    }),
  );
}

/** Replaces a queue's members; only enabled staff can be members. */
export function setGroupMembers(deps: ServiceDeps, actor: Actor, input: { id: string; userIds: string[] }) {
  const userIds = [...new Set(input.userIds)];
  return deps.db.transaction().execute(async (trx) => {
    const group = await findTicketGroup(trx, input.id, { forUpdate: true });
    if (!group) throw new NotFound('Queue');
    await assertStaff(trx, userIds);
    const before = await groupMemberIds(trx, group.id);
    await replaceGroupMembers(trx, group.id, userIds);
    await appendAudit(trx, {
      ...auditMeta(actor),
      action: 'ticket_group.members_set',
      entityType: 'ticket_group',
      entityId: group.id,
      customerId: null,
      changes: { before: { memberIds: before }, after: { memberIds: [...userIds].sort() } },
    });
    return toGroup(group, await groupMemberIds(trx, group.id));
  });
}

async function assertStaff(db: Db, userIds: string[]) {
  if (!userIds.length) return;
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('id', 'in', userIds)
    .where('role', 'in', ['admin', 'corporate'])
    .where('disabled_at', 'is', null)
    .execute();
  if (rows.length !== userIds.length) throw Invalid.field('userIds', 'Members must be active staff users.');
}

export async function slaPolicies(deps: ServiceDeps) {
  const rows = await listSlaPolicies(deps.db);
  const order = (p: string) => TICKET_PRIORITIES.indexOf(p as never);
  return rows
    .sort((a, b) => order(b.priority) - order(a.priority))
    .map((r) => ({
      priority: r.priority,
      firstResponseMinutes: r.first_response_minutes,
      resolutionMinutes: r.resolution_minutes,
      version: r.version,
    }));
}

/**
 * New targets apply to tickets created from now on and to open tickets at their next change; they
 * do not rewrite the due times of every open ticket at once (see docs/decisions.md).
 */
export function updateSlaPolicy(deps: ServiceDeps, actor: Actor, input: SlaPolicy & { version: number }) {
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('sla_policies')
      .selectAll()
      .where('priority', '=', input.priority)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (before.version !== input.version) throw stale('this service level');
    const row = await trx
      .updateTable('sla_policies')
      .set({
        first_response_minutes: input.firstResponseMinutes,
        resolution_minutes: input.resolutionMinutes,
        updated_at: now,
        updated_by: actor.userId,
        version: before.version + 1,
      })
      .where('priority', '=', input.priority)
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(trx, {
      ...auditMeta(actor),
      action: 'sla.policy_updated',
      entityType: 'sla_policy',
      entityId: input.priority,
      customerId: null,
      changes: {
        before: { firstResponseMinutes: before.first_response_minutes, resolutionMinutes: before.resolution_minutes },
        after: { firstResponseMinutes: row.first_response_minutes, resolutionMinutes: row.resolution_minutes },
      },
    });
    return {
      priority: row.priority,
      firstResponseMinutes: row.first_response_minutes,
      resolutionMinutes: row.resolution_minutes,
      version: row.version,
    };
  });
}

export const businessCalendarOf = (deps: ServiceDeps) => loadCalendar(deps.db);

export function updateBusinessCalendar(deps: ServiceDeps, actor: Actor, input: BusinessCalendar & { version: number }) {
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    const before = await findBusinessCalendar(trx, { forUpdate: true });
    if (before.version !== input.version) throw stale('the business calendar');
    const holidays = [...new Set(input.holidays)].sort();
    await trx
      .updateTable('business_calendar')
      .set({
        time_zone: input.timeZone,
        weekly_hours: JSON.stringify(input.weeklyHours),
        holidays: JSON.stringify(holidays),
        updated_at: now,
        updated_by: actor.userId,
        version: before.version + 1,
      })
      .where('id', '=', 1)
      .execute();
    await appendAudit(trx, {
      ...auditMeta(actor),
      action: 'sla.calendar_updated',
      entityType: 'business_calendar',
      entityId: '1',
      customerId: null,
      changes: {
        before: { timeZone: before.time_zone, weeklyHours: before.weekly_hours, holidays: before.holidays },
        after: { timeZone: input.timeZone, weeklyHours: input.weeklyHours, holidays },
      },
    });
    return loadCalendar(trx);
  });
}
