import {
  customerCountInput,
  customerCountOutput,
  customerCreateInput,
  customerIdInput,
  customerListInput,
  customerOutput,
  customerPage,
  customerReasonInput,
  customerStatsOutput,
  customerUpdateInput,
  RESTRICTED_OPERATIONS,
} from '@cm/domain';
import { z } from 'zod';
import * as customers from '../../services/customers';
import { actorOf } from '../context';
import { procedure, router } from '../init';

export const customersRouter = router({
  list: procedure
    .meta({ permission: 'customers:view' })
    .input(customerListInput)
    .output(customerPage)
    .query(({ ctx, input }) => customers.listCustomerPage(ctx.deps, actorOf(ctx), input)),
  /** How many customers the list's filters match (exact up to 10,000): asked once per filter change, not per page. */
  count: procedure
    .meta({ permission: 'customers:view' })
    .input(customerCountInput)
    .output(customerCountOutput)
    .query(({ ctx, input }) => customers.countCustomerMatches(ctx.deps, actorOf(ctx), input)),
  byId: procedure
    .meta({ permission: 'customers:view' })
    .input(customerIdInput)
    .output(customerOutput)
    .query(({ ctx, input }) => customers.getCustomer(ctx.deps, actorOf(ctx), input.id)),
  create: procedure
    .meta({ permission: 'customers:create' })
    .input(customerCreateInput)
    .output(customerOutput)
    .mutation(({ ctx, input }) => customers.createCustomer(ctx.deps, actorOf(ctx), input)),
  update: procedure
    .meta({ permission: 'customers:edit' })
    .input(customerUpdateInput)
    .output(customerOutput)
    .mutation(({ ctx, input }) => customers.updateCustomerFields(ctx.deps, actorOf(ctx), input)),
  delete: procedure
    .meta({ permission: 'customers:delete' })
    .input(customerIdInput)
    .output(z.object({ id: z.string(), deleted: z.literal(true) }))
    .mutation(({ ctx, input }) => customers.deleteCustomer(ctx.deps, actorOf(ctx), input.id)),
  restore: procedure
    .meta({ permission: 'customers:delete' })
    .input(customerIdInput)
    .output(customerOutput)
    .mutation(({ ctx, input }) => customers.restoreCustomer(ctx.deps, actorOf(ctx), input.id)),
  activate: procedure
    .meta({ permission: 'customers:activate' })
    .input(customerIdInput)
    .output(customerOutput)
    .mutation(({ ctx, input }) => customers.activateCustomer(ctx.deps, actorOf(ctx), input.id)),
  suspend: procedure
    .meta({ permission: 'customers:suspend' })
    .input(customerReasonInput)
    .output(customerOutput)
    .mutation(({ ctx, input }) => customers.suspendCustomer(ctx.deps, actorOf(ctx), input.id, input.reason)),
  close: procedure
    .meta({ permission: 'customers:suspend', roles: RESTRICTED_OPERATIONS['customers.close'] })
    .input(customerReasonInput)
    .output(customerOutput)
    .mutation(({ ctx, input }) => customers.closeCustomer(ctx.deps, actorOf(ctx), input.id, input.reason)),
  stats: procedure
    .meta({ permission: 'stats:view' })
    .output(customerStatsOutput)
    .query(({ ctx }) => customers.customerStats(ctx.deps)),
});
