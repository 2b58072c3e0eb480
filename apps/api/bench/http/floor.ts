/**
 * The floor: a bare Hono route per endpoint that replays, through raw `pg`, exactly the statements
 * the API issued for one request of that endpoint (captured in capture.ts). Whatever the API costs
 * above this is its own overhead: session, middleware, tRPC, zod, kysely, JSON, logging.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
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

// The upload floor: the raw body streamed to a file and fsynced (as the app's local storage does),
// then removed; no multipart parsing, no checks, no database.
const uploadDir = process.env.FLOOR_UPLOAD_DIR;
if (uploadDir) mkdirSync(uploadDir, { recursive: true });
app.post('/floor-upload', async (c) => {
  if (!uploadDir || !c.req.raw.body) return c.notFound();
  const path = join(uploadDir, randomUUID());
  try {
    await pipeline(Readable.fromWeb(c.req.raw.body as never), createWriteStream(path));
    const handle = await open(path, 'r');
    await handle.sync();
    await handle.close();
  } finally {
    await rm(path, { force: true });
  }
  return c.json({ stored: true }, 201);
});

serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' });
