import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Hono } from 'hono';
import type { AppEnv } from '../middleware/request-context';
import { buildOpenApiDocument } from './openapi';

/** Scalar's self-contained browser bundle, served from our own origin: no CDN at run time. */
const scalarBundle = join(
  dirname(createRequire(import.meta.url).resolve('@scalar/api-reference')),
  'browser',
  'standalone.js',
);

// No inline script: the page loads the bundle and this file, both same-origin, so the app's CSP
// (`script-src 'self'`, `connect-src 'self'`) holds as it is. Nothing reaches Scalar's servers: no
// default fonts, no telemetry, no hosted AI agent or MCP generator.
const SCALAR_CONFIG = {
  url: '/api/openapi.json',
  withDefaultFonts: false,
  telemetry: false,
  agent: { disabled: true },
  mcp: { disabled: true },
  showDeveloperTools: 'never',
};
const INIT = `Scalar.createApiReference('#app', ${JSON.stringify(SCALAR_CONFIG)});\n`;

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Customer Manager API</title>
  </head>
  <body>
    <div id="app"></div>
    <script src="/api/docs/scalar.js"></script>
    <script src="/api/docs/init.js"></script>
  </body>
</html>
`;

/** `GET /api/openapi.json` and the interactive reference at `GET /api/docs` (public: it holds no data). */
export function apiDocsRoutes() {
  const app = new Hono<AppEnv>();
  let document: string | undefined;
  let bundle: Promise<string> | undefined;
  app.get('/api/openapi.json', (c) => {
    document ??= JSON.stringify(buildOpenApiDocument());
    c.header('Cache-Control', 'no-cache');
    return c.body(document, 200, { 'Content-Type': 'application/json; charset=utf-8' });
  });
  app.get('/api/docs', (c) => {
    c.header('Cache-Control', 'no-cache');
    return c.html(PAGE);
  });
  app.get('/api/docs/init.js', (c) => {
    c.header('Cache-Control', 'no-cache');
    return c.body(INIT, 200, { 'Content-Type': 'text/javascript; charset=utf-8' });
  });
  app.get('/api/docs/scalar.js', async (c) => {
    bundle ??= readFile(scalarBundle, 'utf8');
    c.header('Cache-Control', 'public, max-age=86400');
    return c.body(await bundle, 200, { 'Content-Type': 'text/javascript; charset=utf-8' });
  });
  return app;
}
