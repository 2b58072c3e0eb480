import type { MiddlewareHandler } from 'hono';
import type { AppConfig } from '../config';
import { jsonError } from '../routes/json-error';
import type { AppEnv } from './request-context';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** `scheme://host[:port]` as browsers send it in `Origin` (default ports dropped), or null. */
function normalOrigin(value: string): string | null {
  try {
    const origin = new URL(value).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

/**
 * Cross-site request forgery guard for every state-changing request: a browser always sends
 * Sec-Fetch-Site or Origin, and they must say same-origin (or an allowed origin). Requests with
 * neither come from non-browser clients (other internal apps, curl), which carry no ambient cookies
 * from a victim's browser.
 *
 * Same origin means scheme, host and port all equal: the scheme is the one the request arrived over
 * (from the trusted proxy when there is one), so a plain-http page on the same host, or a service on
 * another port of it, is another origin.
 *
 * A request with an `Authorization` header skips the check: it is authenticated by that header
 * alone and its cookies are ignored (middleware/session.ts), so there is no ambient credential to
 * forge with — and a browser page cannot add the header to a cross-site request without a CORS
 * preflight, which this API never grants.
 */
export function originCheck(config: AppConfig): MiddlewareHandler<AppEnv> {
  const allowedOrigins = new Set(config.allowedOrigins.map(normalOrigin).filter((o) => o !== null));
  return async (c, next) => {
    if (SAFE.has(c.req.method) || c.req.header('authorization') !== undefined) return next();
    const site = c.req.header('sec-fetch-site');
    const origin = c.req.header('origin');
    let ok = true;
    if (origin !== undefined) {
      const host = c.req.header('host') ?? new URL(c.req.url).host;
      const self = normalOrigin(`${c.get('secure') ? 'https' : 'http'}://${host}`);
      // Compare the header as sent: an `Origin` with a path or trailing slash is not a browser's.
      const theirs = normalOrigin(origin);
      ok = theirs !== null && theirs === origin && (theirs === self || allowedOrigins.has(theirs));
    } else if (site !== undefined) {
      ok = site === 'same-origin' || site === 'none';
    }
    if (!ok) return jsonError(c, 403, 'FORBIDDEN', 'Cross-site request refused.');
    return next();
  };
}
