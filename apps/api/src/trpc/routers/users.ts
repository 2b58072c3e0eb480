import { cursorSchema, limitSchema, page, userCreateInput, userIdInput, userOutput, userUpdateInput } from '@cm/domain';
import { z } from 'zod';
import { createUser, disableUser, enableUser, listUserPage, updateUserAccount } from '../../services/users';
import { actorOf } from '../context';
import { procedure, router } from '../init';

const manage = { permission: 'users:manage' } as const;

export const usersRouter = router({
  list: procedure
    .meta(manage)
    .input(z.object({ cursor: cursorSchema, limit: limitSchema }).default({ limit: 25 }))
    .output(page(userOutput))
    .query(({ ctx, input }) => listUserPage(ctx.deps, input.cursor, input.limit)),
  create: procedure
    .meta(manage)
    .input(userCreateInput)
    .output(userOutput)
    .mutation(({ ctx, input }) => createUser(ctx.deps, actorOf(ctx), input)),
  update: procedure
    .meta(manage)
    .input(userUpdateInput)
    .output(userOutput)
    .mutation(({ ctx, input }) => updateUserAccount(ctx.deps, actorOf(ctx), input)),
  disable: procedure
    .meta(manage)
    .input(userIdInput)
    .output(userOutput)
    .mutation(({ ctx, input }) => disableUser(ctx.deps, actorOf(ctx), input.id)),
  enable: procedure
    .meta(manage)
    .input(userIdInput)
    .output(userOutput)
    .mutation(({ ctx, input }) => enableUser(ctx.deps, actorOf(ctx), input.id)),
});
