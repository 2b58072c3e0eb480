import { Readable } from 'node:stream';
import { appendAudit, customerSortKey, listCustomers } from '@cm/db';
import { CUSTOMER_FIELDS, type Customer, customerListInput } from '@cm/domain';
import { stringify } from 'csv-stringify';
import { Hono } from 'hono';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../middleware/request-context';
import { auditMeta } from '../services/actor';
import { authorize } from '../services/authorize';
import { customerFilterQuery } from '../services/customers';
import { toCustomer } from '../services/mappers';
import { neutraliseCell } from './csv-cell';
import { attachmentDisposition } from './download-headers';
import { respondWithError } from './json-error';
import { actorOfRequest } from './request-actor';

/** The CSV columns: the customer's number and name, its editable fields (the domain's one list), then its state. */
const COLUMNS = [
  'customerNumber',
  'displayName',
  ...CUSTOMER_FIELDS,
  'status',
  'kycStatus',
  'createdAt',
] as const satisfies readonly (keyof Customer)[];

/** `GET /api/customers/export.csv?…`: every customer matching the list filters, streamed page by page. */
export function exportRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.get('/api/customers/export.csv', async (c) => {
    const actor = actorOfRequest(c);
    try {
      await authorize(deps.db, actor, { permission: 'customers:export' }, 'customers.export');
      const q = c.req.query();
      // Multi-value filters come as repeated parameters (`status=active&status=pending`), like the list's URL.
      const many = (name: string) => {
        const values = (c.req.queries(name) ?? []).filter(Boolean);
        return values.length > 0 ? values : undefined;
      };
      // A number of days: anything else is passed on as it is, for the schema to refuse by name.
      const days = (v: string | undefined) => (v ? (/^\d+$/.test(v) ? Number(v) : v) : undefined);
      const filters = customerListInput.parse({
        status: many('status'),
        kycStatus: many('kycStatus'),
        type: many('type'),
        riskLevel: many('riskLevel'),
        country: many('country'),
        search: q.search || undefined,
        createdWithinDays: days(q.createdWithinDays),
        kycExpiringWithinDays: days(q.kycExpiringWithinDays),
        sort: q.sort || undefined,
        order: q.order || undefined,
        limit: 100,
      });
      await appendAudit(deps.db, {
        ...auditMeta(actor),
        action: 'customers.exported',
        entityType: 'customer',
        entityId: null,
        customerId: null,
        changes: { filters: { ...filters, cursor: undefined, limit: undefined } },
      });
      const now = deps.now();
      const csv = stringify({ header: true, columns: [...COLUMNS] });
      const pump = async () => {
        let after: [string, string] | undefined;
        for (;;) {
          const rows = await listCustomers(deps.db, {
            ...customerFilterQuery(filters, now),
            sort: filters.sort,
            order: filters.order,
            limit: 500,
            after,
          });
          for (const row of rows.slice(0, 500)) {
            const customer = toCustomer(row);
            if (!csv.write(COLUMNS.map((k) => neutraliseCell(customer[k]))))
              await new Promise((r) => csv.once('drain', r));
          }
          const last = rows[499];
          if (rows.length <= 500 || !last) break;
          after = [customerSortKey(last, filters.sort), last.id];
        }
        csv.end();
      };
      pump().catch((err) => {
        deps.logger.error({ err, requestId: actor.requestId }, 'export failed');
        csv.destroy(err);
      });
      const date = now.toISOString().slice(0, 10);
      return new Response(Readable.toWeb(csv) as ReadableStream, {
        headers: {
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': attachmentDisposition(`customers-${date}.csv`),
          'Cache-Control': 'private, no-store',
        },
      });
    } catch (err) {
      return respondWithError(c, err, actor.requestId, deps.logger);
    }
  });
  return app;
}
