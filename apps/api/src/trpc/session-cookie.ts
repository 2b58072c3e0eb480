/** The session cookie over plain http (local use, tests). */
export const SESSION_COOKIE = 'cm_session';
/**
 * Over https the `__Host-` prefix makes the browser insist on Secure, Path=/ and no Domain, so a
 * sibling subdomain or a plain-http page cannot plant or overwrite the session cookie.
 */
export const SECURE_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`;

/** The cookie name for a request's scheme: reading accepts only this one. */
export function sessionCookieName(secure: boolean): string {
  return secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}

/** HttpOnly, SameSite=Lax, Secure over https; Max-Age follows the absolute session lifetime. */
export function sessionCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  return [
    `${sessionCookieName(secure)}=${token}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${maxAgeSeconds}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

export function clearedSessionCookie(secure: boolean): string {
  return sessionCookie('', 0, secure);
}
