import {
  page,
  userCreateInput,
  userIdInput,
  userListInput,
  userOutput,
  userResetPasswordOutput,
  userUpdateInput,
} from '@cm/domain';
import {
  createUser,
  disableUser,
  enableUser,
  getUser,
  listUserPage,
  resetUserPassword,
  updateUserAccount,
} from '../../services/users';
import { actorOf } from '../context';
import { procedure, router } from '../init';

const manage = { permission: 'users:manage' } as const;

export const usersRouter = router({
  list: procedure
    .meta(manage)
    .input(userListInput)
    .output(page(userOutput))
    .query(({ ctx, input }) => listUserPage(ctx.deps, input.cursor, input.limit, input.search)),
  byId: procedure
    .meta(manage)
    .input(userIdInput)
    .output(userOutput)
    .query(({ ctx, input }) => getUser(ctx.deps, input.id)),
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
  /** A one-time password, shown once; the user must change it at the next sign-in. */
  resetPassword: procedure
    .meta(manage)
    .input(userIdInput)
    .output(userResetPasswordOutput)
    .mutation(({ ctx, input }) => resetUserPassword(ctx.deps, actorOf(ctx), input.id)),
});
