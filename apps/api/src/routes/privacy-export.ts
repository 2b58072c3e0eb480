import { Readable } from 'node:stream';
import { UUID_PATTERN } from '@cm/domain';
import { Hono } from 'hono';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../middleware/request-context';
import { auditDenial, authorize } from '../services/authorize';
import { customerExportArchive } from '../services/data-export';
import { attachmentDisposition } from './download-headers';
import { respondWithError } from './json-error';
import { actorOfRequest } from './request-actor';

/** `GET /api/customers/:customerId/export.zip`: the data-subject export (SPEC §14), admin only, streamed. */
export function privacyExportRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.get(`/api/customers/:customerId{${UUID_PATTERN}}/export.zip`, async (c) => {
    const actor = actorOfRequest(c);
    try {
      await authorize(deps.db, actor, { permission: 'privacy:manage' }, 'privacy.export');
      const { zip, customerNumber } = await customerExportArchive(deps, actor, c.req.param('customerId') as string);
      const out = zip.outputStream as Readable;
      zip.on('error', (err: Error) => {
        deps.logger.error({ err, requestId: actor.requestId }, 'customer export failed');
        out.destroy(err);
      });
      const date = deps.now().toISOString().slice(0, 10);
      return new Response(Readable.toWeb(out) as ReadableStream, {
        headers: {
          'Content-Type': 'application/zip',
          'Content-Disposition': attachmentDisposition(`${customerNumber}-data-${date}.zip`),
          'Cache-Control': 'private, no-store',
        },
      });
    } catch (err) {
      await auditDenial(deps.db, actor, err);
      return respondWithError(c, err, actor.requestId, deps.logger);
    }
  });
  return app;
}
