import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from './request-context';

export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "connect-src 'self'; frame-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/**
 * The headers every response carries besides a route's own: the request id (echoed back), the SPEC §9
 * security headers and, while shutting down, `Connection: close` (keep-alive clients reconnect to
 * another instance instead of holding this one open; main.ts closes the idle connections). A route
 * may set a stricter CSP of its own (downloads do): `Content-Security-Policy` is only a default.
 */
export function standardHeaders(c: Context<AppEnv>, draining: { value: boolean } | undefined): Record<string, string> {
  const h: Record<string, string> = {
    'x-request-id': c.get('requestId'),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
  };
  if (c.get('secure')) h['strict-transport-security'] = 'max-age=31536000; includeSubDomains';
  if (draining?.value) h.connection = 'close';
  return h;
}

/**
 * Adds `standardHeaders` to the finished response, unless its handler already put them in (the
 * direct tRPC query path builds its headers as one plain object, and touching `c.res.headers` would
 * turn that into a `Headers` to fill one by one). Set on the finished response: handlers that return
 * their own Response never see headers set on the context beforehand.
 */
export function securityHeaders(draining?: { value: boolean }): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    if (c.get('standardHeaders')) return;
    const h = c.res.headers;
    if (!h.has('Content-Security-Policy')) h.set('Content-Security-Policy', CSP);
    const standard = standardHeaders(c, draining);
    for (const name in standard) h.set(name, standard[name] as string);
  };
}
