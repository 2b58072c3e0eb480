import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Mail waiting to go out, written in the same transaction as its cause (a rolled-back change
  // leaves none). next_attempt_at is NULL once a message is sent or given up, so the sender's
  // partial index only holds the work still to do. message_id is fixed when the row is written:
  // a resend after a crash carries the same Message-ID header, so mail clients fold the two.
  await sql`
    CREATE TABLE notification_outbox (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      kind text NOT NULL,
      recipient_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
      recipient_email text NOT NULL,
      subject text NOT NULL,
      text text NOT NULL,
      html text NOT NULL,
      message_id text NOT NULL UNIQUE,
      dedupe_key text UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now(),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz,
      sent_at timestamptz,
      last_error text
    )`.execute(db);
  await sql`CREATE INDEX notification_outbox_due_idx ON notification_outbox (next_attempt_at)
            WHERE next_attempt_at IS NOT NULL`.execute(db);
  await sql`CREATE INDEX notification_outbox_created_idx ON notification_outbox (created_at DESC, id DESC)`.execute(db);

  // One-off events already announced (e.g. "kyc.expiring:<documentId>:30"), whoever received them:
  // the sweeps check this instead of the outbox, because an event may reach several people, or
  // none when every recipient turned that kind off.
  await sql`
    CREATE TABLE notification_events (
      key text PRIMARY KEY,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  // A staff member's choice, as the kinds turned off (a kind added later reaches everyone until
  // they turn it off). No row: everything on.
  await sql`
    CREATE TABLE notification_preferences (
      user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
      disabled_kinds text[] NOT NULL DEFAULT '{}',
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
}
