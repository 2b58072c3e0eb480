import {
  businessCalendarOutput,
  businessCalendarUpdateInput,
  RESTRICTED_OPERATIONS,
  slaPolicyOutput,
  slaPolicyUpdateInput,
} from '@cm/domain';
import { z } from 'zod';
import * as settings from '../../services/ticket-settings';
import { actorOf } from '../context';
import { procedure, router } from '../init';

export const slaRouter = router({
  policies: procedure
    .meta({ permission: 'tickets:view', roles: RESTRICTED_OPERATIONS['sla.read'] })
    .output(z.array(slaPolicyOutput))
    .query(({ ctx }) => settings.slaPolicies(ctx.deps)),
  updatePolicy: procedure
    .meta({ permission: 'tickets:manage' })
    .input(slaPolicyUpdateInput)
    .output(slaPolicyOutput)
    .mutation(({ ctx, input }) => settings.updateSlaPolicy(ctx.deps, actorOf(ctx), input)),
  calendar: procedure
    .meta({ permission: 'tickets:view', roles: RESTRICTED_OPERATIONS['sla.read'] })
    .output(businessCalendarOutput)
    .query(({ ctx }) => settings.businessCalendarOf(ctx.deps)),
  updateCalendar: procedure
    .meta({ permission: 'tickets:manage' })
    .input(businessCalendarUpdateInput)
    .output(businessCalendarOutput)
    .mutation(({ ctx, input }) => settings.updateBusinessCalendar(ctx.deps, actorOf(ctx), input)),
});
