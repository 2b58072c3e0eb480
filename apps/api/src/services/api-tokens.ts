import { hashToken, newApiTokenSecret } from '@cm/auth';
import { appendAudit, findApiToken, insertApiToken, listApiTokens, revokeApiToken } from '@cm/db';
import {
  type ApiToken,
  type apiTokenCreateInput,
  apiTokenStatus,
  Invalid,
  keysetPage,
  NotFound,
  type Permission,
  readCursor,
  Unauthorized,
} from '@cm/domain';
import type { z } from 'zod';
import { type Actor, actorHolds, auditMeta } from './actor';
import type { ServiceDeps } from './service-deps';

type TokenRow = NonNullable<Awaited<ReturnType<typeof findApiToken>>>;

function toApiToken(r: TokenRow, now: Date): ApiToken {
  return {
    id: r.id,
    name: r.name,
    permissions: r.permissions as Permission[],
    createdAt: r.created_at.toISOString(),
    createdBy: { id: r.created_by, name: r.created_by_name },
    expiresAt: r.expires_at?.toISOString() ?? null,
    lastUsedAt: r.last_used_at?.toISOString() ?? null,
    revokedAt: r.revoked_at?.toISOString() ?? null,
    status: apiTokenStatus({ revokedAt: r.revoked_at, expiresAt: r.expires_at }, now),
  };
}

export async function listApiTokenPage(deps: ServiceDeps, cursor: string | null | undefined, limit: number) {
  const after = readCursor(cursor, ['datetime', 'uuid']);
  const rows = await listApiTokens(deps.db, after ? { createdAt: new Date(after[0]), id: after[1] } : null, limit);
  const now = deps.now();
  return keysetPage(
    rows,
    limit,
    (last) => [last.created_at.toISOString(), last.id],
    (r) => toApiToken(r, now),
  );
}

/**
 * Creates a token holding a subset of what its creator holds right now (for a token-authenticated
 * creator: of that token's permissions), and answers its secret once; only the hash is stored.
 */
export async function createApiToken(deps: ServiceDeps, actor: Actor, input: z.output<typeof apiTokenCreateInput>) {
  if (!actor.userId) throw new Unauthorized();
  const beyond = input.permissions.filter((p) => !actorHolds(actor, p));
  if (beyond.length > 0) {
    throw Invalid.field('permissions', `A token cannot hold permissions you do not have: ${beyond.join(', ')}.`);
  }
  const now = deps.now();
  const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
  if (expiresAt && expiresAt <= now) throw Invalid.field('expiresAt', 'Choose an expiry in the future.');
  const secret = newApiTokenSecret();
  const userId = actor.userId;
  return deps.db.transaction().execute(async (trx) => {
    const { id } = await insertApiToken(trx, {
      name: input.name,
      permissions: input.permissions,
      tokenHash: hashToken(secret),
      createdBy: userId,
      now,
      expiresAt,
    });
    await appendAudit(trx, {
      ...auditMeta(actor),
      action: 'apiToken.created',
      entityType: 'api_token',
      entityId: id,
      customerId: null,
      changes: {
        after: { name: input.name, permissions: input.permissions, expiresAt: expiresAt?.toISOString() ?? null },
      },
    });
    const row = await findApiToken(trx, id);
    return { token: toApiToken(row!, now), secret };
  });
}

/** Revokes a token for good; takes effect on the next request on every instance. Revoking twice changes nothing. */
export async function revokeApiTokenById(deps: ServiceDeps, actor: Actor, id: string) {
  if (!actor.userId) throw new Unauthorized();
  const userId = actor.userId;
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    const before = await findApiToken(trx, id);
    if (!before) throw new NotFound('API token');
    if (await revokeApiToken(trx, id, userId, now)) {
      await appendAudit(trx, {
        ...auditMeta(actor),
        action: 'apiToken.revoked',
        entityType: 'api_token',
        entityId: id,
        customerId: null,
        changes: { name: before.name },
      });
    }
    return toApiToken((await findApiToken(trx, id))!, now);
  });
}
