import { resolveSession } from '@cm/auth';
import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppDeps } from '../deps';
import { SESSION_COOKIE } from '../trpc/session-cookie';
import type { AppEnv } from './request-context';

/** Reads the session cookie into the signed-in user (or null); expiry and revocation live in the database. */
export function sessionUser(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    c.set('user', token ? await resolveSession(deps.db, token, deps.now(), deps.config.session) : null);
    await next();
  };
}
