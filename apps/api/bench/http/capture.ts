/**
 * Runs one request per endpoint through the real app in this process and records every statement
 * the `pg` driver sends meanwhile (text and parameters, transactions included). The floor replays
 * these, so API and floor issue the same SQL and cannot drift apart.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DbHandle } from '@cm/db';
import pg from 'pg';
import pino from 'pino';
import { createApp } from '../../src/app';
import { defaultConfig } from '../../src/config';
import { localDiskStorage } from '../../src/storage/local-disk';

export interface Captured {
  text: string;
  values: unknown[];
}

let sink: Captured[] | null = null;
const original = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  if (sink && typeof args[0] === 'string') sink.push({ text: args[0], values: (args[1] as unknown[]) ?? [] });
  return (original as (...a: unknown[]) => unknown).apply(this, args);
} as typeof original;

export interface Endpoint {
  name: string;
  /** Path and query string under the API origin. */
  path: string;
}

const IP = '10.9.9.9';

/** The app in-process (for capturing only) and a signed-in admin cookie, valid for the child server too. */
export async function signIn(handle: DbHandle, email: string, password: string) {
  const app = createApp({
    db: handle.db,
    dbKind: handle.kind,
    config: { ...defaultConfig, trustProxy: true },
    logger: pino({ level: 'silent' }),
    storage: localDiskStorage(mkdtempSync(join(tmpdir(), 'cm-bench-http-'))),
    now: () => new Date(),
    draining: { value: false },
  });
  const res = await app.request('/trpc/auth.login', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': IP },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const get = async (path: string) => {
    const r = await app.request(path, { headers: { cookie, 'x-forwarded-for': IP } });
    const body = (await r.json()) as { result?: { data: any }; error?: unknown };
    if (!body.result) throw new Error(`${path}: ${r.status} ${JSON.stringify(body.error)}`);
    return body.result.data;
  };
  return { cookie, get };
}

export const trpcPath = (proc: string, input?: unknown) =>
  `/trpc/${proc}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`;

/** The statements of one request per endpoint (the second of two, so one-off warm-up work is not captured). */
export async function captureStatements(get: (path: string) => Promise<unknown>, endpoints: Endpoint[]) {
  const out: Record<string, Captured[]> = {};
  for (const e of endpoints) {
    await get(e.path);
    sink = [];
    await get(e.path);
    out[e.name] = sink;
    sink = null;
  }
  return out;
}
