import { sql } from '@cm/db';
import { Hono } from 'hono';
import type { AppDeps } from '../deps';

/**
 * How long `/readyz` waits for the database. Shorter than any statement or pool timeout: a load
 * balancer's probe must get its answer (503) in time even when the database has stalled.
 */
export const READY_TIMEOUT_MS = 1500;

/** Resolves true once the database answers, false on an error or when `timeoutMs` passes first. */
function databaseAnswers(deps: AppDeps, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    // The stalled query itself is left to the pool's own timeouts; only our answer stops waiting.
    sql`SELECT 1`.execute(deps.db).then(
      () => {
        clearTimeout(timer);
        resolve(true);
      },
      () => {
        clearTimeout(timer);
        resolve(false);
      },
    );
  });
}

/** `/healthz`: the process is up. `/readyz`: the database answers and we are not shutting down. */
export function healthRoutes(deps: AppDeps, opts: { readyTimeoutMs?: number } = {}) {
  const app = new Hono();
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    if (deps.draining?.value) {
      c.header('Retry-After', '5');
      return c.json({ status: 'draining' }, 503);
    }
    if (await databaseAnswers(deps, opts.readyTimeoutMs ?? READY_TIMEOUT_MS)) {
      return c.json({ status: 'ready', database: deps.dbKind });
    }
    c.header('Retry-After', '5');
    return c.json({ status: 'unavailable' }, 503);
  });
  return app;
}
