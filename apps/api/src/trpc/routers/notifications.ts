import {
  notificationPreferences,
  outboxByIdInput,
  outboxListInput,
  outboxMessageOutput,
  outboxPageOutput,
  RESTRICTED_OPERATIONS,
} from '@cm/domain';
import * as notifications from '../../services/notifications';
import { actorOf } from '../context';
import { procedure, router } from '../init';

export const notificationsRouter = router({
  /** What was sent, or would have been without SMTP (admin). */
  outbox: procedure
    .meta({ permission: 'users:manage' })
    .input(outboxListInput)
    .output(outboxPageOutput)
    .query(({ ctx, input }) => notifications.listOutboxPage(ctx.deps, input)),
  outboxMessage: procedure
    .meta({ permission: 'users:manage' })
    .input(outboxByIdInput)
    .output(outboxMessageOutput)
    .query(({ ctx, input }) => notifications.getOutboxMessage(ctx.deps, input.id)),
  /** The signed-in staff member's own choice. */
  preferences: procedure
    .meta({ permission: 'tickets:view', roles: RESTRICTED_OPERATIONS['notifications.preferences'] })
    .output(notificationPreferences)
    .query(({ ctx }) => notifications.notificationPreferencesOf(ctx.deps, actorOf(ctx))),
  setPreferences: procedure
    .meta({ permission: 'tickets:view', roles: RESTRICTED_OPERATIONS['notifications.preferences'] })
    .input(notificationPreferences)
    .output(notificationPreferences)
    .mutation(({ ctx, input }) => notifications.setNotificationPreferences(ctx.deps, actorOf(ctx), input)),
});
