import {
  RESTRICTED_OPERATIONS,
  ticketGroupCreateInput,
  ticketGroupMembersInput,
  ticketGroupOutput,
  ticketGroupUpdateInput,
} from '@cm/domain';
import { z } from 'zod';
import * as settings from '../../services/ticket-settings';
import { actorOf } from '../context';
import { procedure, router } from '../init';

export const ticketGroupsRouter = router({
  list: procedure
    .meta({ permission: 'tickets:view', roles: RESTRICTED_OPERATIONS['ticketGroups.list'] })
    .output(z.array(ticketGroupOutput))
    .query(({ ctx }) => settings.listGroups(ctx.deps)),
  create: procedure
    .meta({ permission: 'tickets:manage' })
    .input(ticketGroupCreateInput)
    .output(ticketGroupOutput)
    .mutation(({ ctx, input }) => settings.createGroup(ctx.deps, actorOf(ctx), input)),
  update: procedure
    .meta({ permission: 'tickets:manage' })
    .input(ticketGroupUpdateInput)
    .output(ticketGroupOutput)
    .mutation(({ ctx, input }) => settings.updateGroup(ctx.deps, actorOf(ctx), input)),
  setMembers: procedure
    .meta({ permission: 'tickets:manage' })
    .input(ticketGroupMembersInput)
    .output(ticketGroupOutput)
    .mutation(({ ctx, input }) => settings.setGroupMembers(ctx.deps, actorOf(ctx), input)),
});
