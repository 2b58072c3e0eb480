import { Readable } from 'node:stream';
import { appendAudit, listAudit } from '@cm/db';
import { type AuditEvent, auditListInput, RESTRICTED_OPERATIONS } from '@cm/domain';
import { stringify } from 'csv-stringify';
import { Hono } from 'hono';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../middleware/request-context';
import { auditMeta } from '../services/actor';
import { authorize } from '../services/authorize';
import { toAuditEvent } from '../services/mappers';
import { neutraliseCell } from './csv-cell';
import { attachmentDisposition } from './download-headers';
import { respondWithError } from './json-error';
import { actorOfRequest } from './request-actor';

const COLUMNS = [
  'id',
  'occurredAt',
  'actorName',
  'actorRole',
  'actorUserId',
  'action',
  'entityType',
  'entityId',
  'customerId',
  'changes',
  'requestId',
  'clientIp',
] as const satisfies readonly (keyof AuditEvent)[];

const PAGE = 500;

const cellOf = (e: AuditEvent, k: (typeof COLUMNS)[number]) =>
  neutraliseCell(k === 'changes' ? (e.changes ? JSON.stringify(e.changes) : '') : e[k]);

/**
 * `GET /api/audit/export.csv?action&actorUserId&customerId&from&to`: the admins' audit log for the
 * same filters as `audit.list`, newest first, streamed page by page. The export is itself audited.
 */
export function auditExportRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.get('/api/audit/export.csv', async (c) => {
    const actor = actorOfRequest(c);
    try {
      await authorize(
        deps.db,
        actor,
        { permission: 'audit:view', roles: RESTRICTED_OPERATIONS['audit.list'] },
        'audit.export',
      );
      const q = c.req.query();
      const {
        cursor: _c,
        limit: _l,
        ...filters
      } = auditListInput.parse({
        action: q.action || undefined,
        actorUserId: q.actorUserId || undefined,
        customerId: q.customerId || undefined,
        from: q.from || undefined,
        to: q.to || undefined,
        limit: 100,
      });
      await appendAudit(deps.db, {
        ...auditMeta(actor),
        action: 'audit.exported',
        entityType: 'operation',
        entityId: 'audit.export',
        customerId: null,
        changes: { filters },
      });
      const csv = stringify({ header: true, columns: [...COLUMNS] });
      const pump = async () => {
        let beforeId: number | undefined;
        for (;;) {
          const rows = await listAudit(deps.db, { ...filters, beforeId, limit: PAGE });
          for (const row of rows.slice(0, PAGE)) {
            const event = toAuditEvent(row);
            if (!csv.write(COLUMNS.map((k) => cellOf(event, k)))) await new Promise((r) => csv.once('drain', r));
          }
          const last = rows[PAGE - 1];
          if (rows.length <= PAGE || !last) break;
          beforeId = Number(last.id);
        }
        csv.end();
      };
      pump().catch((err) => {
        deps.logger.error({ err, requestId: actor.requestId }, 'audit export failed');
        csv.destroy(err);
      });
      const date = deps.now().toISOString().slice(0, 10);
      return new Response(Readable.toWeb(csv) as ReadableStream, {
        headers: {
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': attachmentDisposition(`audit-log-${date}.csv`),
          'Cache-Control': 'private, no-store',
        },
      });
    } catch (err) {
      return respondWithError(c, err, actor.requestId, deps.logger);
    }
  });
  return app;
}
