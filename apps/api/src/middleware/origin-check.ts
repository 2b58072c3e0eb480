import type { MiddlewareHandler } from 'hono';
import type { AppConfig } from '../config';
import { jsonError } from '../routes/json-error';
import type { AppEnv } from './request-context';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cross-site request forgery guard for every state-changing request: a browser always sends
 * Sec-Fetch-Site or Origin, and they must say same-origin (or an allowed origin). Requests with
 * neither come from non-browser clients (other internal apps, curl), which carry no ambient cookies
 * from a victim's browser.
 */
export function originCheck(config: AppConfig): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (SAFE.has(c.req.method)) return next();
    const site = c.req.header('sec-fetch-site');
    const origin = c.req.header('origin');
    const self = new URL(c.req.url).origin;
    const host = c.req.header('host');
    const allowed = (o: string) =>
      o === self || config.allowedOrigins.includes(o) || (host !== undefined && new URL(o).host === host);
    let ok = true;
    if (origin !== undefined) {
      try {
        ok = origin !== 'null' && allowed(origin);
      } catch {
        ok = false;
      }
    } else if (site !== undefined) {
      ok = site === 'same-origin' || site === 'none';
    }
    if (!ok) return jsonError(c, 403, 'FORBIDDEN', 'Cross-site request refused.');
    return next();
  };
}
