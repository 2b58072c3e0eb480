import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../logger';
import type { AppEnv } from './request-context';

/**
 * One JSON line per request with its id, status and duration. Only the path is logged: query
 * strings carry tRPC inputs (search terms, personal data) and never belong in logs.
 */
export function accessLog(logger: Logger): MiddlewareHandler<AppEnv> {
  // The line's fields (below) hold no secret: it skips the logger's redaction, which
  // walks every logged object and costs more than writing the line (same destination, same level).
  const lines = logger.child({}, { redact: [] });
  return async (c, next) => {
    const started = performance.now();
    await next();
    lines.info(
      {
        requestId: c.get('requestId'),
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
        userId: c.get('user')?.id ?? c.get('apiToken')?.userId,
        apiTokenId: c.get('apiToken')?.tokenId,
      },
      'request',
    );
  };
}
