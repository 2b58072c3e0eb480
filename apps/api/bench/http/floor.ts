/**
 * The floor: a bare Hono route per endpoint that replays, through raw `pg`, exactly the statements
 * the API issued for one request of that endpoint (captured in capture.ts). Whatever the API costs
 * above this is its own overhead: session, middleware, tRPC, zod, kysely, JSON, logging.
 */
import { readFileSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import pg from 'pg';
import type { Captured } from './capture';

const statements = JSON.parse(readFileSync(process.env.FLOOR_STATEMENTS!, 'utf8')) as Record<string, Captured[]>;
// Same pool size as the app's default (DB_POOL_MAX 10).
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DB_POOL_MAX ?? 10) });
const app = new Hono();

app.get('/readyz', (c) => c.text('ok'));
app.get('/floor/:name', async (c) => {
  const list = statements[c.req.param('name')];
  if (!list) return c.notFound();
  // One connection per request, statements in the captured order (BEGIN/COMMIT included).
  const client = await pool.connect();
  let rows: unknown[] = [];
  try {
    for (const s of list) {
      const r = await client.query(s.text, s.values);
      if (r.command === 'SELECT') rows = r.rows;
    }
  } finally {
    client.release();
  }
  return c.json({ rows });
});

serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' });
