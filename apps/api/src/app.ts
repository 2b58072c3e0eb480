import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Context, Hono, type Next } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppDeps } from './deps';
import { accessLog } from './middleware/access-log';
import { originCheck } from './middleware/origin-check';
import { type AppEnv, requestContext } from './middleware/request-context';
import { securityHeaders } from './middleware/security-headers';
import { pageViewer, sessionUser } from './middleware/session';
import { apiDocsRoutes } from './rest/docs-routes';
import { restRoutes } from './rest/routes';
import { auditExportRoutes } from './routes/audit-export';
import { customerImportRoutes } from './routes/customer-import';
import { exportRoutes } from './routes/export';
import { fileRoutes } from './routes/files';
import { healthRoutes } from './routes/health';
import { jsonError, respondWithError } from './routes/json-error';
import { privacyExportRoutes } from './routes/privacy-export';
import { ticketFileRoutes } from './routes/ticket-files';
import { ticketReportRoutes } from './routes/ticket-report';
import { webConsoleRoutes } from './routes/web-console';
import { trpcHandler } from './trpc/http-handler';

/** tRPC requests are small JSON; files go through the upload routes with their own limits. */
const TRPC_BODY_LIMIT = 1024 * 1024;
/** Calls one batched tRPC request may carry: a page of the console sends a handful, not hundreds. */
export const TRPC_MAX_BATCH = 20;

/** The whole HTTP surface, built from injected dependencies; tests call `app.request()` on it. */
export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.use(requestContext(deps.config));
  app.use(accessLog(deps.logger));
  // Request id, security headers and, while shutting down, `Connection: close` on every answer.
  app.use(securityHeaders(deps.draining));
  app.route('/', healthRoutes(deps));
  app.use('/trpc/*', originCheck(deps.config));
  app.use('/api/*', originCheck(deps.config));
  app.use('/trpc/*', sessionUser(deps));
  app.use('/api/*', sessionUser(deps));

  const trpcBodyLimit = bodyLimit({
    maxSize: TRPC_BODY_LIMIT,
    onError: (c) => {
      // The rest of the body is never read, so the connection cannot carry another request.
      c.header('Connection', 'close');
      return jsonError(c, 413, 'PAYLOAD_TOO_LARGE', 'Request body too large.');
    },
  });
  // The mount's request checks in one middleware, in this order: body size (a GET or HEAD request
  // never has a body here, and asking for one would build a full fetch Request just to find that
  // out), batch size, media type.
  const trpcChecks = async (c: Context<AppEnv>, next: Next) => {
    // A batch runs every call it names: one request must not fan out into hundreds of queries.
    const calls = c.req.path.slice('/trpc/'.length).split(/,|%2C/i).length;
    if (calls > TRPC_MAX_BATCH) {
      return jsonError(
        c,
        400,
        'BAD_REQUEST',
        `Too many calls in one batch (${calls}); send at most ${TRPC_MAX_BATCH} per request.`,
      );
    }
    // Mutations only as JSON: a form post or text/plain from another site cannot reach a procedure.
    if (c.req.method === 'POST' && !c.req.header('content-type')?.toLowerCase().startsWith('application/json')) {
      return jsonError(c, 415, 'UNSUPPORTED_MEDIA_TYPE', 'Send procedure calls as application/json.');
    }
    return next();
  };
  app.use('/trpc/*', (c, next) =>
    c.req.method === 'GET' || c.req.method === 'HEAD'
      ? trpcChecks(c, next)
      : trpcBodyLimit(c, () => trpcChecks(c, next) as Promise<void>),
  );
  app.all('/trpc/*', trpcHandler(deps));

  // Before the REST routes: `/api/customers/import` is not a customer id.
  app.route('/', customerImportRoutes(deps));
  app.route('/', apiDocsRoutes());
  app.route('/', restRoutes(deps));
  app.route('/', exportRoutes(deps));
  app.route('/', privacyExportRoutes(deps));
  app.route('/', auditExportRoutes(deps));
  app.route('/', fileRoutes(deps));
  app.route('/', ticketFileRoutes(deps));
  app.route('/', ticketReportRoutes(deps));

  app.onError((err, c) => {
    const requestId = c.get('requestId') ?? null;
    return respondWithError(c, err, requestId, deps.logger);
  });

  const dist = deps.config.webDistDir;
  if (dist && existsSync(join(dist, 'index.html')))
    app.route(
      '/',
      webConsoleRoutes(dist, (c) => pageViewer(deps, c)),
    );
  app.notFound((c) => jsonError(c, 404, 'NOT_FOUND', 'Not found.'));
  return app;
}

export type App = ReturnType<typeof createApp>;
