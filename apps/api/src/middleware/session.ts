import { resolveSession } from '@cm/auth';
import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppDeps } from '../deps';
import { sessionCookieName } from '../trpc/session-cookie';
import type { AppEnv } from './request-context';

/**
 * Reads the session cookie into the signed-in user (or null); expiry and revocation live in the
 * database. Over https only the `__Host-` cookie counts, so one planted without the prefix is ignored.
 */
export function sessionUser(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = getCookie(c, sessionCookieName(c.get('secure')));
    c.set('user', token ? await resolveSession(deps.db, token, deps.now(), deps.config.session) : null);
    await next();
  };
}
