import { consumeRateLimit } from '@cm/auth';
import { IMPORT_MAX_MB, IMPORT_MODES, Invalid, importMode, maxFileBytes } from '@cm/domain';
import { Hono } from 'hono';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../middleware/request-context';
import { authorize } from '../services/authorize';
import { importCustomers } from '../services/customer-import';
import { receiveUpload } from '../uploads/receive-upload';
import { respondWithError } from './json-error';
import { actorOfRequest } from './request-actor';

function checkCsvName(name: string) {
  if (!/\.(csv|txt)$/i.test(name))
    throw Invalid.field('file', 'Choose a .csv file (the format of the customer export).');
}

/**
 * `POST /api/customers/import?mode=dry-run|commit`: a multipart `file` of customers in the export's
 * columns. The file is stored (streamed, size-capped) only while it is read, then removed. A dry
 * run answers 200 with the report; a commit answers 201 when every row was written, or 422 with
 * the report when any row is wrong (and nothing was written).
 */
export function customerImportRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.post('/api/customers/import', async (c) => {
    const actor = actorOfRequest(c);
    try {
      await authorize(deps.db, actor, { permission: 'customers:create' }, 'customers.import');
      const parsedMode = importMode.safeParse(c.req.query('mode'));
      if (!parsedMode.success) throw Invalid.field('mode', `Use mode=${IMPORT_MODES.join(' or mode=')}.`);
      const mode = parsedMode.data;
      await consumeRateLimit(deps.db, `uploads:${actor.userId}`, deps.config.uploadRateLimit, deps.now(), 'uploads');
      const upload = await receiveUpload(c.req.raw, deps.storage, {
        keyPrefix: 'imports',
        maxBytes: maxFileBytes(IMPORT_MAX_MB),
        checkName: checkCsvName,
      }).catch((err) => {
        // A refused upload stops reading the body: the connection cannot carry another request.
        c.header('Connection', 'close');
        throw err;
      });
      try {
        const report = await importCustomers(deps, actor, upload.file, mode);
        return c.json(report, mode === 'dry-run' ? 200 : report.committed ? 201 : 422);
      } finally {
        await deps.storage.delete(upload.file.key);
      }
    } catch (err) {
      return respondWithError(c, err, actor.requestId, deps.logger);
    }
  });
  return app;
}
