import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { AuthenticatedUser } from '@cm/auth';
import { can, isCustomerScoped, mayCall, PERMISSIONS, RESTRICTED_OPERATIONS } from '@cm/domain';
import { serveStatic } from '@hono/node-server/serve-static';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../middleware/request-context';
import { jsonError } from './json-error';

/** Vite names every built asset by its content hash: a URL's bytes never change, so browsers keep them a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** The build writes `.br` and `.gz` next to each compressible file (vite.config.ts); brotli is smaller. */
const ENCODINGS = [
  ['br', '.br'],
  ['gzip', '.gz'],
] as const;

/** The encodings a request accepts (`q=0` refuses one). */
function accepted(c: Context): Set<string> {
  const out = new Set<string>();
  for (const part of (c.req.header('accept-encoding') ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (name && !(q && Number(q.slice(2)) === 0)) out.add(name);
  }
  return out;
}

/** An HTML page and whichever compressed copies of it the build wrote, by encoding. */
function variants(html: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>([['identity', readFileSync(html)]]);
  for (const [encoding, ext] of ENCODINGS) {
    if (existsSync(html + ext)) out.set(encoding, readFileSync(html + ext));
  }
  return out;
}

/** `frames/manifest.json` (apps/web/build/page-frames.ts): by address, its frame's file and who may see it. */
const frameManifest = z.record(
  z.string().regex(/^(\/[\w-]+)+$/),
  z.object({
    file: z.string().regex(/^[\w/-]+\.html$/),
    permission: z.enum(PERMISSIONS),
    operation: z.enum(Object.keys(RESTRICTED_OPERATIONS) as [keyof typeof RESTRICTED_OPERATIONS]).optional(),
  }),
);
type FramedPage = z.infer<typeof frameManifest>[string];

/** Who is asking for a page, as far as its frame goes. */
export type PageViewer = Pick<AuthenticatedUser, 'role' | 'mustChangePassword'>;

/**
 * Whether the viewer opens the page itself (the console's gates: staff, the permission, a narrower operation;
 * someone who must first choose a new password sees that form instead).
 */
function mayOpen(viewer: PageViewer, page: FramedPage): boolean {
  const { role } = viewer;
  return (
    !viewer.mustChangePassword &&
    !isCustomerScoped(role) &&
    can(role, page.permission) &&
    (!page.operation || mayCall(role, page.operation))
  );
}

/** How long a framed page waits for the session before it goes out with the plain frame. */
const VIEWER_WAIT_MS = 500;

/** The viewer, or null when there is none, the lookup fails or it is slow: the page never waits on the database. */
async function viewerOf(c: Context<AppEnv>, lookup: (c: Context<AppEnv>) => Promise<PageViewer | null>) {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), VIEWER_WAIT_MS);
  });
  try {
    return await Promise.race([lookup(c).catch(() => null), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Reads frames/manifest.json and the frames it names; a build that wrote a broken one fails start-up, saying so. */
function loadFrames(dist: string): Map<string, { page: FramedPage; html: Map<string, Buffer> }> {
  const framed = new Map<string, { page: FramedPage; html: Map<string, Buffer> }>();
  const manifest = join(dist, 'frames', 'manifest.json');
  if (!existsSync(manifest)) return framed;
  try {
    for (const [path, page] of Object.entries(frameManifest.parse(JSON.parse(readFileSync(manifest, 'utf8'))))) {
      framed.set(path, { page, html: variants(join(dist, 'frames', page.file)) });
    }
  } catch (err) {
    throw new Error(`The console's ${manifest} is not usable (rebuild the console): ${(err as Error).message}`);
  }
  return framed;
}

/**
 * The built console (`apps/web/dist`): hashed assets pre-compressed and cached for a year; any other GET
 * outside the API answers index.html (client-side routes), never cached, so a deploy is seen at once — or, for
 * an address the build wrote a frame for (`frames/customers.html` for `/customers`), that copy of it when the
 * signed-in user may open the page (`pageViewer` reads the session; it never delays or fails the page).
 */
export function webConsoleRoutes(dist: string, pageViewer: (c: Context<AppEnv>) => Promise<PageViewer | null>) {
  const app = new Hono<AppEnv>();
  const root = relative(process.cwd(), dist) || '.';
  const assets = serveStatic<AppEnv>({
    root,
    precompressed: true,
    onFound: (_path, c) => {
      c.header('Cache-Control', IMMUTABLE);
      // A cache between here and the browser must keep the br, gzip and plain copies apart.
      if (!c.res.headers.get('vary')?.includes('Accept-Encoding'))
        c.header('Vary', 'Accept-Encoding', { append: true });
    },
  });
  app.use('/assets/*', assets);
  // A missing asset (an old hash after a deploy) is a 404, never the HTML page under a .js URL.
  app.get('/assets/*', (c) => jsonError(c, 404, 'NOT_FOUND', 'Not found.'));
  app.use(
    '/favicon.svg',
    serveStatic({ root, onFound: (_p, c) => c.header('Cache-Control', 'public, max-age=86400') }),
  );
  // A back office is not for search engines; a real robots.txt also keeps crawlers from getting the HTML page.
  app.use('/robots.txt', serveStatic({ root, onFound: (_p, c) => c.header('Cache-Control', 'public, max-age=86400') }));

  const framed = loadFrames(dist);
  const index = variants(join(dist, 'index.html'));
  app.get('*', async (c) => {
    if (c.req.path.startsWith('/trpc') || c.req.path.startsWith('/api')) {
      return jsonError(c, 404, 'NOT_FOUND', 'Not found.');
    }
    // An address with a frame of its own (its page header already drawn), for a user who may open that page.
    const frame = framed.get(c.req.path.replace(/(.)\/+$/, '$1'));
    const viewer = frame ? await viewerOf(c, pageViewer) : null;
    const page = frame && viewer && mayOpen(viewer, frame.page) ? frame.html : index;
    const ok = accepted(c);
    const encoding = ENCODINGS.map(([e]) => e).find((e) => ok.has(e) && page.has(e));
    // Where the answer depends on the session, no shared cache may keep it.
    c.header('Cache-Control', frame ? 'private, no-cache' : 'no-cache');
    c.header('Vary', frame ? 'Accept-Encoding, Cookie' : 'Accept-Encoding');
    c.header('Content-Type', 'text/html; charset=UTF-8');
    if (encoding) c.header('Content-Encoding', encoding);
    return c.body(new Uint8Array(page.get(encoding ?? 'identity') as Buffer));
  });
  return app;
}
