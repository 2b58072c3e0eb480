import {
  RESTRICTED_OPERATIONS,
  ticketAssignInput,
  ticketByIdInput,
  ticketCreateInput,
  ticketListInput,
  ticketMessageInput,
  ticketMessageOutput,
  ticketMessagePage,
  ticketMessagesInput,
  ticketOutput,
  ticketPage,
  ticketReportInput,
  ticketReportOutput,
  ticketSetStatusInput,
  ticketStatsOutput,
  ticketUpdateInput,
} from '@cm/domain';
import { z } from 'zod';
import { ticketChangesFor } from '../../realtime/ticket-changes';
import { customerTicketReport } from '../../services/ticket-report';
import * as tickets from '../../services/tickets';
import { actorOf } from '../context';
import { procedure, router } from '../init';

export const ticketsRouter = router({
  list: procedure
    .meta({ permission: 'tickets:view' })
    .input(ticketListInput)
    .output(ticketPage)
    .query(({ ctx, input }) => tickets.listTicketPage(ctx.deps, actorOf(ctx), input)),
  byId: procedure
    .meta({ permission: 'tickets:view' })
    .input(ticketByIdInput)
    .output(ticketOutput)
    .query(({ ctx, input }) => tickets.getTicket(ctx.deps, actorOf(ctx), input.id)),
  create: procedure
    .meta({ permission: 'tickets:create' })
    .input(ticketCreateInput)
    .output(ticketOutput)
    .mutation(({ ctx, input }) => tickets.createTicket(ctx.deps, actorOf(ctx), input)),
  update: procedure
    .meta({ permission: 'tickets:edit' })
    .input(ticketUpdateInput)
    .output(ticketOutput)
    .mutation(({ ctx, input }) => tickets.updateTicketFields(ctx.deps, actorOf(ctx), input)),
  assign: procedure
    .meta({ permission: 'tickets:assign' })
    .input(ticketAssignInput)
    .output(ticketOutput)
    .mutation(({ ctx, input }) => tickets.assignTicket(ctx.deps, actorOf(ctx), input)),
  setStatus: procedure
    .meta({ permission: 'tickets:edit' })
    .input(ticketSetStatusInput)
    .output(ticketOutput)
    .mutation(({ ctx, input }) => tickets.setTicketStatus(ctx.deps, actorOf(ctx), input)),
  reply: procedure
    .meta({ permission: 'tickets:reply' })
    .input(ticketMessageInput)
    .output(ticketMessageOutput)
    .mutation(({ ctx, input }) =>
      tickets.postTicketMessage(ctx.deps, actorOf(ctx), { ...input, visibility: 'public' }),
    ),
  note: procedure
    .meta({ permission: 'tickets:reply', roles: RESTRICTED_OPERATIONS['tickets.note'] })
    .input(ticketMessageInput)
    .output(ticketMessageOutput)
    .mutation(({ ctx, input }) =>
      tickets.postTicketMessage(ctx.deps, actorOf(ctx), { ...input, visibility: 'internal' }),
    ),
  messages: procedure
    .meta({ permission: 'tickets:view' })
    .input(ticketMessagesInput)
    .output(ticketMessagePage)
    .query(({ ctx, input }) => tickets.listThread(ctx.deps, actorOf(ctx), input)),
  delete: procedure
    .meta({ permission: 'tickets:delete' })
    .input(ticketByIdInput)
    .output(z.object({ id: z.string(), deleted: z.literal(true) }))
    .mutation(({ ctx, input }) => tickets.deleteTicket(ctx.deps, actorOf(ctx), input.id)),
  report: procedure
    .meta({ permission: 'tickets:view', roles: RESTRICTED_OPERATIONS['tickets.stats'] })
    .input(ticketReportInput)
    .output(ticketReportOutput)
    .query(({ ctx, input }) => customerTicketReport(ctx.deps, actorOf(ctx), input)),
  stats: procedure
    .meta({ permission: 'tickets:view', roles: RESTRICTED_OPERATIONS['tickets.stats'] })
    .output(ticketStatsOutput)
    .query(({ ctx }) => tickets.ticketStats(ctx.deps)),
  changes: procedure
    .meta({ permission: 'tickets:view' })
    .subscription(({ ctx, signal }) => ticketChangesFor(ctx.deps, actorOf(ctx), signal)),
});
