import { resolveSession } from '@cm/auth';
import { requestConnection } from '@cm/db';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppDeps } from '../deps';
import { bearerOf, resolveApiToken } from '../services/api-token-auth';
import { sessionCookieName } from '../trpc/session-cookie';
import type { AppEnv } from './request-context';

/**
 * Who is calling. A request with an `Authorization` header is a token request and is judged by that
 * header alone: the session cookie is ignored, so an unknown, expired or revoked token (or another
 * scheme) is an anonymous request even when a valid cookie rides along — a token request can never
 * borrow a browser's session. Without the header, the session cookie is read into the signed-in
 * user (or null); expiry and revocation live in the database. Over https only the `__Host-` cookie
 * counts, so one planted without the prefix is ignored.
 *
 * On PostgreSQL the request gets its own database handle (`c.get('db')`, and the procedure context's
 * `deps.db`): the session lookup and the statements right after it share one pooled connection
 * instead of a checkout each (see `requestConnection`); it is given back when the request ends,
 * however it ends.
 */
export function sessionUser(deps: AppDeps): MiddlewareHandler<AppEnv> {
  const pooled = deps.dbKind === 'postgres';
  return async (c, next) => {
    const lent = pooled ? requestConnection(deps.db) : undefined;
    const db = lent?.db ?? deps.db;
    c.set('db', db);
    try {
      const bearer = bearerOf(c.req.header('authorization'));
      if (bearer !== undefined) {
        c.set('user', null);
        c.set('apiToken', bearer ? await resolveApiToken(db, bearer, deps.now()) : null);
      } else {
        c.set('apiToken', null);
        c.set('user', await cookieUser(deps, c, db));
      }
      await next();
    } finally {
      lent?.release();
    }
  };
}

/** The user of the request's session cookie, or null (no cookie, or a session ended or unknown). */
function cookieUser(deps: AppDeps, c: Context<AppEnv>, db: AppDeps['db']) {
  const token = getCookie(c, sessionCookieName(c.get('secure')));
  return token ? resolveSession(db, token, deps.now(), deps.config.session) : Promise.resolve(null);
}

/**
 * The signed-in user behind a request for a console page, from the session cookie alone (an API token never
 * opens the console): only who they are, for which copy of index.html they get (routes/web-console.ts).
 */
export function pageViewer(deps: AppDeps, c: Context<AppEnv>) {
  return cookieUser(deps, c, deps.db);
}
