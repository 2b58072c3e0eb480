import {
  documentByIdInput,
  documentListInput,
  documentOutput,
  documentPage,
  documentUpdateInput,
  uploadLimitsOutput,
} from '@cm/domain';
import { z } from 'zod';
import * as documents from '../../services/documents';
import { actorOf } from '../context';
import { procedure, router } from '../init';

export const documentsRouter = router({
  /** The server's upload limit, so the console checks files against it before sending them. */
  uploadLimits: procedure
    .meta({ permission: 'documents:upload' })
    .output(uploadLimitsOutput)
    .query(({ ctx }) => ({ maxFileMb: ctx.deps.config.documentMaxFileMb })),
  list: procedure
    .meta({ permission: 'documents:view' })
    .input(documentListInput)
    .output(documentPage)
    .query(({ ctx, input }) => documents.listCustomerDocuments(ctx.deps, actorOf(ctx), input)),
  byId: procedure
    .meta({ permission: 'documents:view' })
    .input(documentByIdInput)
    .output(documentOutput)
    .query(async ({ ctx, input }) =>
      documents.toDocument(await documents.getDocument(ctx.deps, actorOf(ctx), input.customerId, input.documentId)),
    ),
  update: procedure
    .meta({ permission: 'documents:edit' })
    .input(documentUpdateInput)
    .output(documentOutput)
    .mutation(({ ctx, input }) => documents.updateDocumentMetadata(ctx.deps, actorOf(ctx), input)),
  delete: procedure
    .meta({ permission: 'documents:delete' })
    .input(documentByIdInput)
    .output(z.object({ id: z.string(), deleted: z.literal(true) }))
    .mutation(({ ctx, input }) => documents.deleteDocument(ctx.deps, actorOf(ctx), input.customerId, input.documentId)),
});
