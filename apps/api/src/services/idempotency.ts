import { createHash } from 'node:crypto';
import { type Db, findIdempotentResponse, saveIdempotentResponse } from '@cm/db';
import { Conflict } from '@cm/domain';
import type { Actor } from './actor';

export interface IdempotencyRequest {
  key: string;
  /** What the key was used for (operation and customer): the same key elsewhere is a client bug. */
  route: string;
  /**
   * SHA-256 over everything the request carried (see `requestFingerprint`); once known, a key
   * reused for another request is CONFLICT instead of a replay of the first one.
   */
  fingerprint?: string;
}

/** Thrown inside a transaction to abandon it and answer with the first result instead. */
export class IdempotentReplay extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super('idempotent replay');
  }
}

/**
 * What makes two uploads "the same request": the route (operation and record), every metadata
 * field, and each file's name and the SHA-256 of its content, in order. Field order does not matter.
 */
export function requestFingerprint(
  route: string,
  fields: Record<string, string>,
  files: readonly { clientName: string; sha256: string }[],
): string {
  const sortedFields = Object.keys(fields)
    .sort()
    .map((name) => [name, fields[name]]);
  return createHash('sha256')
    .update(JSON.stringify({ route, fields: sortedFields, files: files.map((f) => [f.clientName, f.sha256]) }))
    .digest('hex');
}

const reused = () =>
  new Conflict('This Idempotency-Key was already used for a different request; use a new key for each upload.', {
    reason: 'idempotency_key_reused',
  });

/**
 * The stored first answer for this key, or null. A key used for another route, or (when both
 * fingerprints are known) for a request with other fields or another file, is CONFLICT.
 */
export async function earlierResponse(db: Db, actor: Actor, req: IdempotencyRequest | undefined) {
  if (!req || !actor.userId) return null;
  const earlier = await findIdempotentResponse(db, actor.userId, req.key);
  if (!earlier) return null;
  if (earlier.route !== req.route) throw reused();
  if (req.fingerprint && earlier.fingerprint && earlier.fingerprint !== req.fingerprint) throw reused();
  return { status: earlier.response_status, body: earlier.response_body };
}

/** Inside the use case's transaction (after its customer lock): replay a finished request. */
export async function replayIfDone(trx: Db, actor: Actor, req: IdempotencyRequest | undefined) {
  const earlier = await earlierResponse(trx, actor, req);
  if (earlier) throw new IdempotentReplay(earlier.status, earlier.body);
}

/** Stores the answer with the change it describes, in the same transaction. */
export async function rememberResponse(trx: Db, actor: Actor, req: IdempotencyRequest | undefined, body: unknown) {
  if (!req || !actor.userId) return;
  const saved = await saveIdempotentResponse(trx, {
    userId: actor.userId,
    key: req.key,
    route: req.route,
    fingerprint: req.fingerprint ?? null,
    status: 201,
    body,
  });
  if (!saved) throw reused();
}
