import { sql } from '@cm/db';
import { Hono } from 'hono';
import type { AppDeps } from '../deps';

/** `/healthz`: the process is up. `/readyz`: the database answers and we are not shutting down. */
export function healthRoutes(deps: AppDeps) {
  const app = new Hono();
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    if (deps.draining?.value) {
      c.header('Retry-After', '5');
      return c.json({ status: 'draining' }, 503);
    }
    try {
      await sql`SELECT 1`.execute(deps.db);
      return c.json({ status: 'ready', database: deps.dbKind });
    } catch {
      c.header('Retry-After', '5');
      return c.json({ status: 'unavailable' }, 503);
    }
  });
  return app;
}
