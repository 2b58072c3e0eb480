import { Readable } from 'node:stream';
import { consumeRateLimit } from '@cm/auth';
import { appendAudit, findTicketAttachment } from '@cm/db';
import {
  checkDocumentContent,
  documentExtensionOf,
  maxFileBytes,
  NotFound,
  sanitizeFileName,
  TICKET_ATTACHMENTS_MAX,
  TICKET_BODY_MAX,
  ticketMessageUploadInput,
  UUID_PATTERN,
} from '@cm/domain';
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../middleware/request-context';
import { auditMeta, rateLimitSubject } from '../services/actor';
import { auditDenial, authorize } from '../services/authorize';
import { requireTicket } from '../services/customer-scope';
import { earlierResponse, IdempotentReplay, requestFingerprint } from '../services/idempotency';
import { seesInternal } from '../services/ticket-mappers';
import { postTicketMessage, type StoredAttachment } from '../services/tickets';
import { inspectDocument } from '../uploads/inspect-document';
import { type ReceivedFile, receiveFiles, removeAll } from '../uploads/receive-upload';
import { downloadHeaders } from './download-headers';
import { idempotencyKeyOf } from './files';
import { respondWithError } from './json-error';
import { actorOfRequest } from './request-actor';

/**
 * A message with attachments on a ticket's thread (multipart: `kind`, `body`, up to 5 `file`
 * parts with the content rules of customer documents), and attachment downloads. Internal
 * messages and their files exist only for staff: a client gets NOT_FOUND for them.
 */
export function ticketFileRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const ticketPath = `/api/tickets/:ticketId{${UUID_PATTERN}}`;

  app.post(`${ticketPath}/messages`, async (c) => {
    const actor = actorOfRequest(c);
    const ticketId = c.req.param('ticketId') as string;
    let received: ReceivedFile[] = [];
    try {
      await authorize(deps.db, actor, { permission: 'tickets:reply' }, 'tickets.messages.upload');
      // Scope first: another customer's ticket is NOT_FOUND before a byte of the body is read.
      await requireTicket(deps.db, actor, ticketId);
      const key = idempotencyKeyOf(c.req.header('idempotency-key'));
      const route = `tickets.messages.upload:${ticketId}`;
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
      const upload = await receiveFiles(c.req.raw, deps.storage, {
        keyPrefix: 'tickets',
        maxBytes: maxFileBytes(deps.config.documentMaxFileMb),
        maxFiles: TICKET_ATTACHMENTS_MAX,
        // A body of 20,000 characters may take up to four bytes each in UTF-8.
        maxFieldBytes: TICKET_BODY_MAX * 4,
        checkName: (name) => documentExtensionOf(name),
      }).catch((err) => {
        // A refused upload stops reading the body: the connection cannot carry another request.
        c.header('Connection', 'close');
        throw err;
      });
      received = upload.files;
      const idempotency = key
        ? { key, route, fingerprint: requestFingerprint(route, upload.fields, received) }
        : undefined;
      if (earlier) {
        const first = await earlierResponse(deps.db, actor, idempotency);
        if (first) throw new IdempotentReplay(first.status, first.body);
      }
      const input = ticketMessageUploadInput.parse(upload.fields);
      const attachments: StoredAttachment[] = [];
      for (const file of received) {
        const ext = documentExtensionOf(file.clientName);
        const mimeType = checkDocumentContent(ext, await inspectDocument(deps.storage, file.key, ext, file.head));
        attachments.push({
          key: file.key,
          fileName: sanitizeFileName(file.clientName),
          mimeType,
          sizeBytes: file.sizeBytes,
          sha256: file.sha256,
        });
      }
      const message = await postTicketMessage(
        deps,
        actor,
        { id: ticketId, body: input.body, visibility: input.kind },
        attachments,
        idempotency,
      );
      return c.json(message, 201);
    } catch (err) {
      // Nothing half-stored: no message row was written, so its files go too.
      await removeAll(deps.storage, received);
      if (err instanceof IdempotentReplay) return c.json(err.body as object, err.status as ContentfulStatusCode);
      await auditDenial(deps.db, actor, err);
      return respondWithError(c, err, actor.requestId, deps.logger);
    }
  });

  app.get(`${ticketPath}/attachments/:attachmentId{${UUID_PATTERN}}/download`, async (c) => {
    const actor = actorOfRequest(c);
    try {
      await authorize(deps.db, actor, { permission: 'tickets:view' }, 'tickets.attachments.download');
      const ticket = await requireTicket(deps.db, actor, c.req.param('ticketId') as string);
      const row = await findTicketAttachment(deps.db, ticket.id, c.req.param('attachmentId') as string, {
        includeInternal: seesInternal(actor),
      });
      if (!row) throw new NotFound('Attachment');
      const stored = await deps.storage.get(row.storage_key);
      if (!stored) {
        deps.logger.error({ attachmentId: row.id, requestId: actor.requestId }, 'stored file is missing');
        throw new NotFound('File');
      }
      await appendAudit(deps.db, {
        ...auditMeta(actor),
        action: 'ticket.attachment_downloaded',
        entityType: 'ticket_message',
        entityId: row.message_id,
        customerId: ticket.customer_id,
        changes: { attachmentId: row.id, fileName: row.file_name },
      });
      const headers = downloadHeaders({ fileName: row.file_name, mimeType: row.mime_type, size: stored.size });
      return new Response(Readable.toWeb(stored.body) as ReadableStream, { status: 200, headers });
    } catch (err) {
      await auditDenial(deps.db, actor, err);
      return respondWithError(c, err, actor.requestId, deps.logger);
    }
  });

  return app;
}
