import { Readable } from 'node:stream';
import { consumeRateLimit } from '@cm/auth';
import {
  checkDocumentContent,
  documentExtensionOf,
  Invalid,
  kycExtensionOf,
  maxFileBytes,
  NotFound,
  UUID_PATTERN,
} from '@cm/domain';
import { fileTypeFromBuffer } from 'file-type';
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../middleware/request-context';
import { type Actor, rateLimitSubject } from '../services/actor';
import { type AccessRule, auditDenial, authorize } from '../services/authorize';
import { assertInScope } from '../services/customer-scope';
import { auditDocumentDownload, createDocument, getDocument } from '../services/documents';
import {
  earlierResponse,
  type IdempotencyRequest,
  IdempotentReplay,
  requestFingerprint,
} from '../services/idempotency';
import { auditKycDownload, createKycDocument, getKycDocument } from '../services/kyc';
import { inspectDocument } from '../uploads/inspect-document';
import { type ReceivedUpload, receiveUpload } from '../uploads/receive-upload';
import { downloadHeaders } from './download-headers';
import { respondWithError } from './json-error';
import { actorOfRequest } from './request-actor';

export function idempotencyKeyOf(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (!/^[\w.:-]{1,200}$/.test(header)) {
    throw Invalid.field('Idempotency-Key', 'Use 1–200 letters, digits, dots, dashes, colons or underscores.');
  }
  return header;
}

interface UploadSpec {
  rule: AccessRule;
  operation: string;
  keyPrefix: 'kyc' | 'documents';
  maxMb: (deps: AppDeps) => number;
  checkName: (name: string) => void;
  /** Content checks and the database write; throws to refuse (the stored file is then removed). */
  record: (
    actor: Actor,
    customerId: string,
    upload: ReceivedUpload,
    idempotency?: IdempotencyRequest,
  ) => Promise<unknown>;
}

interface DownloadSpec {
  rule: AccessRule;
  operation: string;
  /** The row (object access checked) and its audit of the download. */
  find: (
    actor: Actor,
    customerId: string,
    id: string,
  ) => Promise<{ storage_key: string; file_name: string; mime_type: string; id: string }>;
  /** Records the read: a download, or with `preview` the console's preview (a view). */
  audit: (actor: Actor, row: never, preview: boolean) => Promise<void>;
}

/**
 * `?disposition=inline` is the console's preview: recorded as a view and sent inline, with the same
 * nosniff and sandboxing CSP as a download. Without it (or `attachment`) it is a download.
 */
function isPreview(disposition: string | undefined): boolean {
  if (disposition === undefined || disposition === 'attachment') return false;
  if (disposition === 'inline') return true;
  throw Invalid.field('disposition', 'Use inline (preview) or attachment (download).');
}

/** File upload and download routes (plain HTTP: multipart in, streamed bytes out), one pipeline for all. */
export function fileRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();

  const uploadRoute = (path: string, spec: UploadSpec) =>
    app.post(path, async (c) => {
      const actor = actorOfRequest(c);
      const customerId = c.req.param('customerId') as string;
      try {
        await authorize(deps.db, actor, spec.rule, spec.operation);
        assertInScope(actor, customerId);
        const key = idempotencyKeyOf(c.req.header('idempotency-key'));
        const route = `${spec.operation}:${customerId}`;
        // A retry of a finished upload is not counted by the rate limit: it starts no new upload, so
        // it is never refused (SPEC §10). A key used for another route is refused before reading.
        const earlier = await earlierResponse(deps.db, actor, key ? { key, route } : undefined);
        if (!earlier) {
          await consumeRateLimit(
            deps.db,
            `uploads:${rateLimitSubject(actor)}`,
            deps.config.uploadRateLimit,
            deps.now(),
            'uploads',
          );
        }
        const upload = await receiveUpload(c.req.raw, deps.storage, {
          keyPrefix: spec.keyPrefix,
          maxBytes: maxFileBytes(spec.maxMb(deps)),
          checkName: spec.checkName,
        }).catch((err) => {
          // A refused upload stops reading the body: the connection cannot carry another request.
          c.header('Connection', 'close');
          throw err;
        });
        const idempotency = key
          ? { key, route, fingerprint: requestFingerprint(route, upload.fields, [upload.file]) }
          : undefined;
        try {
          if (earlier) {
            // The retry gets the first answer only if it is the same request (same fields, same
            // file); another request under the key is CONFLICT. Either way the resent file goes.
            const first = await earlierResponse(deps.db, actor, idempotency);
            if (first) throw new IdempotentReplay(first.status, first.body);
          }
          const created = await spec.record(actor, customerId, upload, idempotency);
          return c.json(created as object, 201);
        } catch (err) {
          // Nothing half-stored: the row was not written, so the file goes too.
          await deps.storage.delete(upload.file.key);
          if (err instanceof IdempotentReplay) return c.json(err.body as object, err.status as ContentfulStatusCode);
          throw err;
        }
      } catch (err) {
        await auditDenial(deps.db, actor, err);
        return respondWithError(c, err, actor.requestId, deps.logger);
      }
    });

  const downloadRoute = (path: string, spec: DownloadSpec) =>
    app.get(path, async (c) => {
      const actor = actorOfRequest(c);
      try {
        await authorize(deps.db, actor, spec.rule, spec.operation);
        const preview = isPreview(c.req.query('disposition'));
        const row = await spec.find(actor, c.req.param('customerId') as string, c.req.param('documentId') as string);
        const stored = await deps.storage.get(row.storage_key);
        if (!stored) {
          deps.logger.error({ documentId: row.id, requestId: actor.requestId }, 'stored file is missing');
          throw new NotFound('File');
        }
        await spec.audit(actor, row as never, preview);
        const headers = downloadHeaders({
          fileName: row.file_name,
          mimeType: row.mime_type,
          size: stored.size,
          inline: preview,
        });
        return new Response(Readable.toWeb(stored.body) as ReadableStream, { status: 200, headers });
      } catch (err) {
        await auditDenial(deps.db, actor, err);
        return respondWithError(c, err, actor.requestId, deps.logger);
      }
    });

  uploadRoute(`/api/customers/:customerId{${UUID_PATTERN}}/kyc`, {
    rule: { permission: 'kyc:upload' },
    operation: 'kyc.upload',
    keyPrefix: 'kyc',
    maxMb: (d) => d.config.kycMaxFileMb,
    checkName: (name) => kycExtensionOf(name),
    record: async (actor, customerId, { fields, file }, idem) => {
      const sniffed = await fileTypeFromBuffer(file.head);
      return createKycDocument(deps, actor, customerId, fields, { ...file, sniffedMime: sniffed?.mime ?? null }, idem);
    },
  });
  downloadRoute(`/api/customers/:customerId{${UUID_PATTERN}}/kyc/:documentId{${UUID_PATTERN}}/download`, {
    rule: { permission: 'kyc:download' },
    operation: 'kyc.download',
    find: async (actor, customerId, id) => (await getKycDocument(deps, actor, customerId, id)).row,
    audit: (actor, row, preview) => auditKycDownload(deps, actor, row, preview),
  });

  uploadRoute(`/api/customers/:customerId{${UUID_PATTERN}}/documents`, {
    rule: { permission: 'documents:upload' },
    operation: 'documents.upload',
    keyPrefix: 'documents',
    maxMb: (d) => d.config.documentMaxFileMb,
    checkName: (name) => documentExtensionOf(name),
    record: async (actor, customerId, { fields, file }, idem) => {
      const ext = documentExtensionOf(file.clientName);
      const mimeType = checkDocumentContent(ext, await inspectDocument(deps.storage, file.key, ext, file.head));
      return createDocument(deps, actor, customerId, fields, { ...file, mimeType }, idem);
    },
  });
  downloadRoute(`/api/customers/:customerId{${UUID_PATTERN}}/documents/:documentId{${UUID_PATTERN}}/download`, {
    rule: { permission: 'documents:download' },
    operation: 'documents.download',
    find: (actor, customerId, id) => getDocument(deps, actor, customerId, id),
    audit: (actor, row, preview) => auditDocumentDownload(deps, actor, row, preview),
  });

  return app;
}
