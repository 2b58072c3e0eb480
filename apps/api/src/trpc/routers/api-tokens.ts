import {
  apiTokenCreatedOutput,
  apiTokenCreateInput,
  apiTokenIdInput,
  apiTokenListInput,
  apiTokenOutput,
  apiTokenPage,
} from '@cm/domain';
import { createApiToken, listApiTokenPage, revokeApiTokenById } from '../../services/api-tokens';
import { actorOf } from '../context';
import { procedure, router } from '../init';

const manage = { permission: 'tokens:manage' } as const;

/** API tokens for other internal apps (SPEC §13): admin-only through `tokens:manage`. */
export const apiTokensRouter = router({
  list: procedure
    .meta(manage)
    .input(apiTokenListInput)
    .output(apiTokenPage)
    .query(({ ctx, input }) => listApiTokenPage(ctx.deps, input.cursor, input.limit)),
  create: procedure
    .meta(manage)
    .input(apiTokenCreateInput)
    .output(apiTokenCreatedOutput)
    .mutation(({ ctx, input }) => createApiToken(ctx.deps, actorOf(ctx), input)),
  revoke: procedure
    .meta(manage)
    .input(apiTokenIdInput)
    .output(apiTokenOutput)
    .mutation(({ ctx, input }) => revokeApiTokenById(ctx.deps, actorOf(ctx), input.id)),
});
