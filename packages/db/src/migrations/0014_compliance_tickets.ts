import { type Kysely, sql } from 'kysely';

/**
 * At most one open compliance ticket opened by the system per customer: the service checks under
 * the customer's lock, and this index holds even if two paths ever raced.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE UNIQUE INDEX tickets_one_open_compliance_key ON tickets (customer_id)
    WHERE type = 'compliance' AND channel = 'system' AND deleted_at IS NULL
      AND status IN ('new', 'open', 'pending_customer', 'on_hold')`.execute(db);
}
