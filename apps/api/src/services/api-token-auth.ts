import { hashToken } from '@cm/auth';
import { type Db, findApiTokenByHash, touchApiToken } from '@cm/db';
import { apiTokenStatus, isCustomerScoped, looksLikeApiToken, type Permission, type Role } from '@cm/domain';

/** `last_used_at` is written at most this often per token: a busy token costs one write a minute. */
export const TOKEN_TOUCH_INTERVAL_MS = 60_000;

/** Who a valid API token acts as: the user who created it, narrowed to the token's permissions. */
export interface TokenPrincipal {
  tokenId: string;
  userId: string;
  role: Role;
  permissions: ReadonlySet<Permission>;
}

/**
 * The `Authorization` header's bearer secret; `undefined` when there is no header. Any other
 * scheme, or a malformed value, is `null`: the request claims a token and has none.
 */
export function bearerOf(header: string | undefined): string | null | undefined {
  if (header === undefined) return undefined;
  const m = /^Bearer +(\S+) *$/i.exec(header);
  return m ? (m[1] as string) : null;
}

/**
 * Resolves a bearer secret by its hash on every request (so a revocation holds on the next request,
 * on every instance): null when unknown, revoked, expired, its creator disabled, or its creator now
 * has a customer-scoped role — a token never acts as a client of a customer.
 */
export async function resolveApiToken(db: Db, secret: string, now: Date): Promise<TokenPrincipal | null> {
  if (!looksLikeApiToken(secret)) return null;
  const row = await findApiTokenByHash(db, hashToken(secret));
  if (!row || row.disabled_at || isCustomerScoped(row.role)) return null;
  if (apiTokenStatus({ revokedAt: row.revoked_at, expiresAt: row.expires_at }, now) !== 'active') return null;
  if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() >= TOKEN_TOUCH_INTERVAL_MS) {
    await touchApiToken(db, row.id, now, TOKEN_TOUCH_INTERVAL_MS);
  }
  return {
    tokenId: row.id,
    userId: row.user_id,
    role: row.role,
    permissions: new Set(row.permissions as Permission[]),
  };
}
