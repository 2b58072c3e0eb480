import { Readable } from 'node:stream';
import { findIdempotentResponse } from '@cm/db';
import { Invalid, kycExtensionOf, maxFileBytes, NotFound } from '@cm/domain';
import { fileTypeFromBuffer } from 'file-type';
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../middleware/request-context';
import type { Actor } from '../services/actor';
import { type AccessRule, authorize } from '../services/authorize';
import { auditKycDownload, createKycDocument, getKycDocument, IdempotentReplay } from '../services/kyc';
import { receiveUpload } from '../uploads/receive-upload';
import { downloadHeaders } from './download-headers';
import { respondWithError } from './json-error';

const UUID = '[0-9a-fA-F-]{36}';

function actorFrom(c: { get: (k: 'user' | 'requestId' | 'clientIp') => unknown }): Actor {
  const user = c.get('user') as AppEnv['Variables']['user'];
  return {
    userId: user?.id ?? null,
    role: user?.role ?? null,
    customerId: user?.customerId ?? null,
    requestId: c.get('requestId') as string,
    clientIp: c.get('clientIp') as string | null,
    sessionId: user?.sessionId ?? null,
  };
}

function idempotencyKeyOf(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (!/^[\w.:-]{1,200}$/.test(header)) {
    throw Invalid.field('Idempotency-Key', 'Use 1–200 letters, digits, dots, dashes, colons or underscores.');
  }
  return header;
}

/** File upload and download routes (plain HTTP: multipart in, streamed bytes out). */
export function fileRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const guard = async (actor: Actor, rule: AccessRule, operation: string) => authorize(deps.db, actor, rule, operation);

  app.post(`/api/customers/:customerId{${UUID}}/kyc`, async (c) => {
    const actor = actorFrom(c);
    const customerId = c.req.param('customerId');
    try {
      await guard(actor, { permission: 'kyc:upload' }, 'kyc.upload');
      const key = idempotencyKeyOf(c.req.header('idempotency-key'));
      const route = `kyc:${customerId}`;
      if (key && actor.userId) {
        const earlier = await findIdempotentResponse(deps.db, actor.userId, key);
        if (earlier) return c.json(earlier.response_body as object, earlier.response_status as ContentfulStatusCode);
      }
      const upload = await receiveUpload(c.req.raw, deps.storage, {
        keyPrefix: 'kyc',
        maxBytes: maxFileBytes(deps.config.kycMaxFileMb),
        checkName: (name) => kycExtensionOf(name),
      });
      try {
        const sniffed = await fileTypeFromBuffer(upload.file.head);
        const doc = await createKycDocument(
          deps,
          actor,
          customerId,
          upload.fields,
          { ...upload.file, sniffedMime: sniffed?.mime ?? null },
          key ? { key, route } : undefined,
        );
        return c.json(doc, 201);
      } catch (err) {
        // Nothing half-stored: the row was not written, so the file goes too.
        await deps.storage.delete(upload.file.key);
        if (err instanceof IdempotentReplay) return c.json(err.body as object, err.status as ContentfulStatusCode);
        throw err;
      }
    } catch (err) {
      return respondWithError(c, err, actor.requestId, deps.logger);
    }
  });

  app.get(`/api/customers/:customerId{${UUID}}/kyc/:documentId{${UUID}}/download`, async (c) => {
    const actor = actorFrom(c);
    try {
      await guard(actor, { permission: 'kyc:download' }, 'kyc.download');
      const { row } = await getKycDocument(deps, actor, c.req.param('customerId'), c.req.param('documentId'));
      const stored = await deps.storage.get(row.storage_key);
      if (!stored) {
        deps.logger.error({ documentId: row.id, requestId: actor.requestId }, 'stored KYC file is missing');
        throw new NotFound('File');
      }
      await auditKycDownload(deps, actor, row);
      const headers = downloadHeaders({ fileName: row.file_name, mimeType: row.mime_type, size: stored.size });
      return new Response(Readable.toWeb(stored.body) as ReadableStream, { status: 200, headers });
    } catch (err) {
      return respondWithError(c, err, actor.requestId, deps.logger);
    }
  });

  return app;
}
