import { type CustomerRow, type Db, findCustomer, findTicket, type TicketWithNames } from '@cm/db';
import { isCustomerScoped, NotFound, PreconditionFailed } from '@cm/domain';
import type { Actor } from './actor';

/**
 * A record outside the actor's customer scope. It answers exactly like a missing one (SPEC §1:
 * never reveal that it exists); the error mapping records it as `access.denied`.
 */
export class OutOfScope extends NotFound {
  constructor(
    entity: string,
    readonly customerId: string,
  ) {
    super(entity);
  }
}

/** Object-level rule: a customer-scoped actor (a client) reaches only its own customer. */
export function assertInScope(actor: Actor, customerId: string, entity = 'Customer'): void {
  if (actor.role && isCustomerScoped(actor.role) && actor.customerId !== customerId) {
    throw new OutOfScope(entity, customerId);
  }
}

/**
 * The one way a use case reaches a customer: scope first, then the live row (locked when the
 * caller will change the customer or its records), NOT_FOUND otherwise.
 */
export async function requireCustomer(
  db: Db,
  actor: Actor,
  customerId: string,
  opts: { lock?: boolean; includeDeleted?: boolean } = {},
): Promise<CustomerRow> {
  assertInScope(actor, customerId);
  const row = await findCustomer(db, customerId, { forUpdate: opts.lock, includeDeleted: opts.includeDeleted });
  if (!row) throw new NotFound('Customer');
  // An erased customer's records are kept only as retention requires: nothing new is written to them.
  if (opts.lock && row.erased_at && !opts.includeDeleted) {
    throw new PreconditionFailed('This customer has been erased; its records can no longer be changed.');
  }
  return row;
}

/**
 * A live ticket, through the same scope rule: a client reaches only its own customer's tickets, and
 * any other ticket answers NOT_FOUND exactly like a missing one.
 */
export async function requireTicket(
  db: Db,
  actor: Actor,
  ticketId: string,
  opts: { lock?: boolean } = {},
): Promise<TicketWithNames> {
  const row = await findTicket(db, ticketId, { forUpdate: opts.lock });
  if (!row) throw new NotFound('Ticket');
  assertInScope(actor, row.customer_id, 'Ticket');
  return row;
}
