import {
  kycByIdInput,
  kycDocumentOutput,
  kycDocumentPage,
  kycExpiringInput,
  kycListInput,
  kycRejectInput,
  kycReviewQueueInput,
  kycReviewQueuePage,
  kycStatusInput,
  kycStatusOutput,
  kycUpdateInput,
  page,
  RESTRICTED_OPERATIONS,
  uploadLimitsOutput,
} from '@cm/domain';
import { z } from 'zod';
import * as kyc from '../../services/kyc';
import { actorOf } from '../context';
import { procedure, router } from '../init';

const expiringItem = kycDocumentOutput.extend({ customerNumber: z.string(), customerName: z.string() });

export const kycRouter = router({
  /** The server's upload limit, so the console checks files against it before sending them. */
  uploadLimits: procedure
    .meta({ permission: 'kyc:upload' })
    .output(uploadLimitsOutput)
    .query(({ ctx }) => ({ maxFileMb: ctx.deps.config.kycMaxFileMb })),
  list: procedure
    .meta({ permission: 'kyc:view' })
    .input(kycListInput)
    .output(kycDocumentPage)
    .query(({ ctx, input }) => kyc.listCustomerKyc(ctx.deps, actorOf(ctx), input.customerId, input.includeDeleted)),
  byId: procedure
    .meta({ permission: 'kyc:view' })
    .input(kycByIdInput)
    .output(kycDocumentOutput)
    .query(
      async ({ ctx, input }) =>
        (await kyc.getKycDocument(ctx.deps, actorOf(ctx), input.customerId, input.documentId)).doc,
    ),
  status: procedure
    .meta({ permission: 'kyc:view' })
    .input(kycStatusInput)
    .output(kycStatusOutput)
    .query(({ ctx, input }) => kyc.kycStatusOf(ctx.deps, actorOf(ctx), input.customerId)),
  verify: procedure
    .meta({ permission: 'kyc:verify' })
    .input(kycByIdInput)
    .output(kycDocumentOutput)
    .mutation(({ ctx, input }) => kyc.verifyKyc(ctx.deps, actorOf(ctx), input.customerId, input.documentId)),
  reject: procedure
    .meta({ permission: 'kyc:verify' })
    .input(kycRejectInput)
    .output(kycDocumentOutput)
    .mutation(({ ctx, input }) =>
      kyc.rejectKyc(ctx.deps, actorOf(ctx), input.customerId, input.documentId, input.reason),
    ),
  update: procedure
    .meta({ permission: 'kyc:edit' })
    .input(kycUpdateInput)
    .output(kycDocumentOutput)
    .mutation(({ ctx, input }) => kyc.updateKycMetadata(ctx.deps, actorOf(ctx), input)),
  delete: procedure
    .meta({ permission: 'kyc:delete' })
    .input(kycByIdInput)
    .output(z.object({ id: z.string(), deleted: z.literal(true) }))
    .mutation(({ ctx, input }) => kyc.deleteKyc(ctx.deps, actorOf(ctx), input.customerId, input.documentId)),
  /** Pending documents across customers for review, oldest first (staff who verify). */
  reviewQueue: procedure
    .meta({ permission: 'kyc:verify' })
    .input(kycReviewQueueInput)
    .output(kycReviewQueuePage)
    .query(({ ctx, input }) => kyc.reviewQueue(ctx.deps, input)),
  expiring: procedure
    .meta({ permission: 'kyc:view', roles: RESTRICTED_OPERATIONS['kyc.expiring'] })
    .input(kycExpiringInput)
    .output(page(expiringItem))
    .query(({ ctx, input }) => kyc.expiringKyc(ctx.deps, input.withinDays, input.cursor, input.limit)),
});
