import { type Db, findSessionWithUser, insertSession, revokeSession, revokeUserSessions, touchSession } from '@cm/db';
import type { Role } from '@cm/domain';
import { hashToken, newSessionToken } from './tokens';

export interface SessionPolicy {
  idleMinutes: number;
  maxHours: number;
}

export interface AuthenticatedUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  customerId: string | null;
  sessionId: string;
  /** An admin reset the password: only changing it (and signing out) is allowed until then. */
  mustChangePassword: boolean;
}

/** Starts a new session (a new token at every login) and returns the raw token for the cookie. */
export async function startSession(
  db: Db,
  userId: string,
  now: Date,
  policy: SessionPolicy,
  meta: { clientIp: string | null; userAgent: string | null },
): Promise<{ token: string; sessionId: string; expiresAt: Date }> {
  const token = newSessionToken();
  const expiresAt = new Date(now.getTime() + policy.maxHours * 3600_000);
  const { id } = await insertSession(db, { tokenHash: hashToken(token), userId, expiresAt, now, ...meta });
  return { token, sessionId: id, expiresAt };
}

/**
 * How stale `last_seen_at` may get before a request writes it again. Writing on every request would
 * turn every read into a write; but the interval must stay well inside the idle window, or a session
 * in steady use reaches its idle limit between two writes. A quarter of the window (at most a
 * minute) keeps any active session alive while costing at most one write a minute per session.
 */
export function touchIntervalMs(policy: SessionPolicy): number {
  return Math.min(60_000, (policy.idleMinutes * 60_000) / 4);
}

/**
 * The user behind a session token, or null when the session is unknown, revoked, idle too long,
 * past its absolute lifetime, or its user is disabled.
 */
export async function resolveSession(
  db: Db,
  token: string,
  now: Date,
  policy: SessionPolicy,
): Promise<AuthenticatedUser | null> {
  if (!token || token.length > 100) return null;
  const row = await findSessionWithUser(db, hashToken(token));
  if (!row || row.revoked_at || row.disabled_at) return null;
  if (now >= row.expires_at) return null;
  if (now.getTime() - row.last_seen_at.getTime() > policy.idleMinutes * 60_000) return null;
  if (now.getTime() - row.last_seen_at.getTime() >= touchIntervalMs(policy)) {
    await touchSession(db, row.session_id, now);
  }
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    customerId: row.customer_id,
    sessionId: row.session_id,
    mustChangePassword: row.must_change_password,
  };
}

export { revokeSession, revokeUserSessions };
