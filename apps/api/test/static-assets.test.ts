import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webConsoleRoutes } from '../src/routes/web-console';
import { makeUser, setupTestEnv, signedInRoles, signIn, type TestEnv } from './helpers';

/** A built console as Vite and its precompress step leave it: hashed assets with .br and .gz copies. */
const dist = mkdtempSync(join(tmpdir(), 'cm-dist-'));
const JS = `export const greeting = ${JSON.stringify('hello '.repeat(200))};\n`;
const CSS = `body { color: #111; }\n${'.x { margin: 0 }\n'.repeat(100)}`;
const HTML = `<!doctype html><html><head><script type="module" src="/assets/index-Ab12Cd34.js"></script></head><body><div id="root"></div>${' '.repeat(500)}</body></html>`;
/** The copy of index.html the build writes for an address whose page header it can draw (frames/<path>.html). */
const FRAME = HTML.replace('<div id="root"></div>', '<div id="root"><h1>Customers</h1></div>');
const SETTINGS_FRAME = HTML.replace('<div id="root"></div>', '<div id="root"><h1>Queues</h1></div>');
const AUDIT_FRAME = HTML.replace('<div id="root"></div>', '<div id="root"><h1>Audit log</h1></div>');
const TICKETS_FRAME = HTML.replace('<div id="root"></div>', '<div id="root"><h1>Tickets</h1></div>');
const MANIFEST = {
  '/customers': { file: 'customers.html', permission: 'customers:view' },
  '/settings/queues': { file: 'settings/queues.html', permission: 'tickets:manage' },
  '/audit': { file: 'audit.html', permission: 'audit:view', operation: 'audit.list' },
  // Clients hold tickets:view too (their own requests, in the portal): the staff inbox's frame is still not theirs.
  '/tickets': { file: 'tickets.html', permission: 'tickets:view' },
};
function withCopies(path: string, text: string) {
  writeFileSync(path, text);
  writeFileSync(`${path}.br`, brotliCompressSync(text));
  writeFileSync(`${path}.gz`, gzipSync(text));
}

let env: TestEnv;
let cookies: Record<'admin' | 'corporate' | 'client' | 'mustChange', string>;
beforeAll(async () => {
  mkdirSync(join(dist, 'assets'));
  withCopies(join(dist, 'index.html'), HTML);
  mkdirSync(join(dist, 'frames', 'settings'), { recursive: true });
  withCopies(join(dist, 'frames', 'customers.html'), FRAME);
  withCopies(join(dist, 'frames', 'settings', 'queues.html'), SETTINGS_FRAME);
  withCopies(join(dist, 'frames', 'audit.html'), AUDIT_FRAME);
  withCopies(join(dist, 'frames', 'tickets.html'), TICKETS_FRAME);
  writeFileSync(join(dist, 'frames', 'manifest.json'), JSON.stringify(MANIFEST));
  withCopies(join(dist, 'assets', 'index-Ab12Cd34.js'), JS);
  withCopies(join(dist, 'assets', 'index-Ef56Gh78.css'), CSS);
  writeFileSync(join(dist, 'assets', 'logo-Zz99Yy88.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  writeFileSync(join(dist, 'robots.txt'), 'User-agent: *\nDisallow: /\n');
  env = await setupTestEnv({ webDistDir: dist });
  const roles = await signedInRoles(env);
  const mustChange = await makeUser(env.db, 'admin');
  const { cookie: mustChangeCookie } = await signIn(env.app, mustChange.email);
  await env.db.updateTable('users').set({ must_change_password: true }).where('id', '=', mustChange.id).execute();
  cookies = {
    admin: roles.admin.cookie,
    corporate: roles.corporate.cookie,
    client: roles.client.cookie,
    mustChange: mustChangeCookie,
  };
});
afterAll(async () => {
  await env?.handle.close();
});

const get = (path: string, acceptEncoding?: string, cookie?: string) =>
  env.app.request(path, {
    headers: { ...(acceptEncoding ? { 'accept-encoding': acceptEncoding } : {}), ...(cookie ? { cookie } : {}) },
  });

async function body(res: Response): Promise<string> {
  const bytes = Buffer.from(await res.arrayBuffer());
  const encoding = res.headers.get('content-encoding');
  if (encoding === 'br') return brotliDecompressSync(bytes).toString();
  if (encoding === 'gzip') return gunzipSync(bytes).toString();
  return bytes.toString();
}

describe('built console assets', () => {
  it('sends the brotli copy to a browser that accepts it, gzip to one that only takes gzip, plain otherwise', async () => {
    const cases = [
      ['gzip, deflate, br, zstd', 'br'],
      ['gzip, deflate', 'gzip'],
      ['br;q=0, gzip', 'gzip'],
      [undefined, null],
    ] as const;
    for (const [accept, encoding] of cases) {
      const res = await get('/assets/index-Ab12Cd34.js', accept);
      expect([accept, res.status, res.headers.get('content-encoding')]).toEqual([accept, 200, encoding]);
      expect(res.headers.get('content-type')).toMatch(/^(text|application)\/javascript/);
      expect(res.headers.get('vary')).toMatch(/Accept-Encoding/i);
      expect(await body(res)).toBe(JS);
    }
    const css = await get('/assets/index-Ef56Gh78.css', 'br');
    expect(css.headers.get('content-encoding')).toBe('br');
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    expect(await body(css)).toBe(CSS);
  });

  it('caches hashed assets for a year as immutable', async () => {
    for (const path of ['/assets/index-Ab12Cd34.js', '/assets/index-Ef56Gh78.css', '/assets/logo-Zz99Yy88.png']) {
      const res = await get(path, 'br, gzip');
      expect([path, res.headers.get('cache-control')]).toEqual([path, 'public, max-age=31536000, immutable']);
    }
    const png = await get('/assets/logo-Zz99Yy88.png', 'br, gzip');
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(png.headers.get('content-encoding')).toBeNull();
  });

  it('answers index.html for client-side routes, compressed and never cached', async () => {
    for (const path of ['/', '/tickets/1', '/customers/123?tab=notes']) {
      const res = await get(path, 'gzip, br');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('content-encoding')).toBe('br');
      expect(res.headers.get('vary')).toMatch(/Accept-Encoding/i);
      expect(await body(res)).toBe(HTML);
    }
    const robots = await get('/robots.txt');
    expect(robots.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await robots.text()).toContain('Disallow: /');
    const plain = await get('/tickets');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await body(plain)).toBe(HTML);
  });

  it('answers an address the build drew a frame for with that copy, to a user who may open the page', async () => {
    const cases = [
      ['/customers', FRAME],
      ['/customers/', FRAME],
      ['/customers?status=active', FRAME],
      ['/settings/queues', SETTINGS_FRAME],
      ['/audit', AUDIT_FRAME],
      ['/customers/123', HTML],
      ['/customer', HTML],
      ['/frames/customers.html', HTML],
      ['/', HTML],
    ] as const;
    for (const [path, html] of cases) {
      for (const accept of ['br', 'gzip', undefined]) {
        const res = await get(path, accept, cookies.admin);
        expect([path, accept, res.status, res.headers.get('content-encoding')]).toEqual([
          path,
          accept,
          200,
          accept ?? null,
        ]);
        expect(res.headers.get('cache-control')).toMatch(/no-cache/);
        expect([path, await body(res)]).toEqual([path, html]);
      }
    }
    const framed = await get('/customers', 'br', cookies.admin);
    expect(framed.headers.get('cache-control')).toBe('private, no-cache');
    expect(framed.headers.get('vary')).toMatch(/Cookie/);
  });

  it('sends the plain index.html to anyone the page is not for: signed out, a client, a role without the permission', async () => {
    const cases = [
      ['/customers', undefined, HTML],
      ['/customers', 'cm_session=not-a-session', HTML],
      ['/customers', cookies.client, HTML],
      ['/customers', cookies.corporate, FRAME],
      // Corporate users hold audit:view but not the whole log (audit.list), nor tickets:manage.
      ['/audit', cookies.corporate, HTML],
      ['/settings/queues', cookies.corporate, HTML],
      ['/audit', cookies.client, HTML],
      ['/tickets', cookies.client, HTML],
      ['/tickets', cookies.corporate, TICKETS_FRAME],
      // Someone who must choose a new password sees that form first, not the page.
      ['/customers', cookies.mustChange, HTML],
    ] as const;
    for (const [path, cookie, html] of cases) {
      const res = await get(path, 'br', cookie);
      expect([path, cookie?.slice(0, 12), res.status, await body(res)]).toEqual([
        path,
        cookie?.slice(0, 12),
        200,
        html,
      ]);
    }
  });

  it('never waits on the session lookup: a failing or slow one gets the plain frame at once', async () => {
    for (const lookup of [() => Promise.reject(new Error('database down')), () => new Promise<never>(() => {})]) {
      const routes = webConsoleRoutes(dist, lookup);
      const started = Date.now();
      const res = await routes.request('/customers', { headers: { 'accept-encoding': 'br' } });
      expect(res.status).toBe(200);
      expect(await body(res)).toBe(HTML);
      expect(Date.now() - started).toBeLessThan(2_000);
    }
  });

  it('refuses to start on a manifest the build did not write, naming it', () => {
    const broken = mkdtempSync(join(tmpdir(), 'cm-dist-'));
    withCopies(join(broken, 'index.html'), HTML);
    mkdirSync(join(broken, 'frames'));
    writeFileSync(
      join(broken, 'frames', 'manifest.json'),
      JSON.stringify({ '/x': { file: '../../etc/passwd', permission: 'customers:view' } }),
    );
    expect(() => webConsoleRoutes(broken, async () => null)).toThrow(/frames\/manifest\.json is not usable/);
  });

  it('answers 404 for a missing asset, never the HTML page, and for unknown API paths', async () => {
    for (const path of ['/assets/index-Old00000.js', '/assets/nope.css', '/api/nothing', '/trpc']) {
      const res = await get(path, 'br, gzip');
      expect([path, res.status]).toEqual([path, 404]);
      expect(res.headers.get('content-type')).not.toMatch(/text\/html/);
      expect(res.headers.get('cache-control') ?? '').not.toMatch(/immutable/);
    }
  });
});
