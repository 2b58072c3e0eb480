import { listAudit } from '@cm/db';
import {
  auditForCustomerInput,
  auditListInput,
  auditPage,
  keysetPage,
  RESTRICTED_OPERATIONS,
  readCursor,
} from '@cm/domain';
import { requireCustomer } from '../../services/customer-scope';
import { toAuditEvent } from '../../services/mappers';
import { actorOf } from '../context';
import { procedure, router } from '../init';

function beforeIdOf(cursor: string | null | undefined): number | undefined {
  return readCursor(cursor, ['integer'])?.[0];
}

function pageOf(rows: Awaited<ReturnType<typeof listAudit>>, limit: number) {
  return keysetPage(rows, limit, (last) => [last.id], toAuditEvent);
}

export const auditRouter = router({
  forCustomer: procedure
    .meta({ permission: 'audit:view' })
    .input(auditForCustomerInput)
    .output(auditPage)
    .query(async ({ ctx, input }) => {
      await requireCustomer(ctx.deps.db, actorOf(ctx), input.customerId);
      const rows = await listAudit(ctx.deps.db, {
        customerId: input.customerId,
        beforeId: beforeIdOf(input.cursor),
        limit: input.limit,
      });
      return pageOf(rows, input.limit);
    }),
  list: procedure
    .meta({ permission: 'audit:view', roles: RESTRICTED_OPERATIONS['audit.list'] })
    .input(auditListInput)
    .output(auditPage)
    .query(async ({ ctx, input }) => {
      const rows = await listAudit(ctx.deps.db, { ...input, beforeId: beforeIdOf(input.cursor) });
      return pageOf(rows, input.limit);
    }),
});
