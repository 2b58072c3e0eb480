import { Readable } from 'node:stream';
import { RESTRICTED_OPERATIONS, type TicketReportLine, ticketReportInput, UUID_PATTERN } from '@cm/domain';
import { stringify } from 'csv-stringify';
import { Hono } from 'hono';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../middleware/request-context';
import { auditDenial, authorize } from '../services/authorize';
import { customerTicketReport } from '../services/ticket-report';
import { neutraliseCell } from './csv-cell';
import { attachmentDisposition } from './download-headers';
import { respondWithError } from './json-error';
import { actorOfRequest } from './request-actor';

const COLUMNS = [
  'ticketNumber',
  'subject',
  'priority',
  'status',
  'createdAt',
  'firstRespondedAt',
  'solvedAt',
  'firstResponseMinutes',
  'resolutionMinutes',
  'firstResponseBreached',
  'resolutionBreached',
] as const satisfies readonly (keyof TicketReportLine)[];

/** `GET /api/customers/:customerId/tickets/report.csv?from=&to=`: the service report's lines as CSV. */
export function ticketReportRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.get(`/api/customers/:customerId{${UUID_PATTERN}}/tickets/report.csv`, async (c) => {
    const actor = actorOfRequest(c);
    try {
      await authorize(
        deps.db,
        actor,
        { permission: 'tickets:view', roles: RESTRICTED_OPERATIONS['tickets.stats'] },
        'tickets.report.csv',
      );
      const input = ticketReportInput.parse({
        customerId: c.req.param('customerId'),
        from: c.req.query('from'),
        to: c.req.query('to'),
      });
      const report = await customerTicketReport(deps, actor, input);
      const csv = stringify({ header: true, columns: [...COLUMNS] });
      for (const line of report.lines) csv.write(COLUMNS.map((k) => neutraliseCell(line[k])));
      csv.end();
      return new Response(Readable.toWeb(csv) as ReadableStream, {
        headers: {
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': attachmentDisposition(`service-report-${input.from}-${input.to}.csv`),
          'Cache-Control': 'no-store',
        },
      });
    } catch (err) {
      await auditDenial(deps.db, actor, err);
      return respondWithError(c, err, actor.requestId, deps.logger);
    }
  });
  return app;
}
