import { type Db, findIdempotentResponse, saveIdempotentResponse } from '@cm/db';
import { Conflict } from '@cm/domain';
import type { Actor } from './actor';

export interface IdempotencyRequest {
  key: string;
  /** What the key was used for (operation and customer): the same key elsewhere is a client bug. */
  route: string;
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

const reused = () =>
  new Conflict('This Idempotency-Key was already used for a different request; use a new key for each upload.');

/** The stored first answer for this key, or null; a key used for another request is CONFLICT. */
export async function earlierResponse(db: Db, actor: Actor, req: IdempotencyRequest | undefined) {
  if (!req || !actor.userId) return null;
  const earlier = await findIdempotentResponse(db, actor.userId, req.key);
  if (!earlier) return null;
  if (earlier.route !== req.route) throw reused();
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
  const saved = await saveIdempotentResponse(trx, { userId: actor.userId, ...req, status: 201, body });
  if (!saved) throw reused();
}
