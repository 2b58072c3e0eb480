import {
  erasureResultOutput,
  liftHoldInput,
  placeHoldInput,
  privacyCustomerInput,
  privacyStatusOutput,
  requestErasureInput,
} from '@cm/domain';
import * as privacy from '../../services/privacy';
import { actorOf } from '../context';
import { procedure, router } from '../init';

/** Privacy and retention (SPEC §14): admin only, every change audited. */
export const privacyRouter = router({
  status: procedure
    .meta({ permission: 'privacy:manage' })
    .input(privacyCustomerInput)
    .output(privacyStatusOutput)
    .query(({ ctx, input }) => privacy.privacyStatus(ctx.deps, actorOf(ctx), input.customerId)),
  placeHold: procedure
    .meta({ permission: 'privacy:manage' })
    .input(placeHoldInput)
    .output(privacyStatusOutput)
    .mutation(({ ctx, input }) => privacy.placeHold(ctx.deps, actorOf(ctx), input.customerId, input.reason)),
  liftHold: procedure
    .meta({ permission: 'privacy:manage' })
    .input(liftHoldInput)
    .output(privacyStatusOutput)
    .mutation(({ ctx, input }) => privacy.liftHold(ctx.deps, actorOf(ctx), input.customerId, input.reason)),
  requestErasure: procedure
    .meta({ permission: 'privacy:manage' })
    .input(requestErasureInput)
    .output(erasureResultOutput)
    .mutation(({ ctx, input }) => privacy.requestErasure(ctx.deps, actorOf(ctx), input.customerId, input.confirm)),
});
