import { type Kysely, sql } from 'kysely';

/** The Ticket Manager (SPEC §12): queues, service levels, tickets, their thread and attachments. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE ticket_groups (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
      description text,
      created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
      created_by uuid REFERENCES users (id),
      updated_at timestamptz NOT NULL DEFAULT now(),
      updated_by uuid REFERENCES users (id),
      version integer NOT NULL DEFAULT 1
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX ticket_groups_name_key ON ticket_groups (lower(name))`.execute(db);
  await sql`
    CREATE TABLE ticket_group_members (
      group_id uuid NOT NULL REFERENCES ticket_groups (id),
      user_id uuid NOT NULL REFERENCES users (id),
      PRIMARY KEY (group_id, user_id)
    )`.execute(db);
  await sql`CREATE INDEX ticket_group_members_user_idx ON ticket_group_members (user_id)`.execute(db);

  // One policy per priority; the defaults of SPEC §12, editable by admins.
  await sql`
    CREATE TABLE sla_policies (
      priority text PRIMARY KEY CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
      first_response_minutes integer NOT NULL CHECK (first_response_minutes > 0),
      resolution_minutes integer NOT NULL CHECK (resolution_minutes >= first_response_minutes),
      updated_at timestamptz NOT NULL DEFAULT now(),
      updated_by uuid REFERENCES users (id),
      version integer NOT NULL DEFAULT 1
    )`.execute(db);
  await sql`
    INSERT INTO sla_policies (priority, first_response_minutes, resolution_minutes) VALUES
      ('urgent', 60, 480), ('high', 240, 1440), ('normal', 480, 2880), ('low', 1440, 7200)`.execute(db);

  // The one business calendar (a single row): time zone, weekly hours, holidays.
  await sql`
    CREATE TABLE business_calendar (
      id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
      time_zone text NOT NULL,
      weekly_hours jsonb NOT NULL,
      holidays jsonb NOT NULL DEFAULT '[]',
      updated_at timestamptz NOT NULL DEFAULT now(),
      updated_by uuid REFERENCES users (id),
      version integer NOT NULL DEFAULT 1
    )`.execute(db);
  await sql`
    INSERT INTO business_calendar (time_zone, weekly_hours) VALUES (
      'Europe/London',
      '[[{"start":"09:00","end":"17:00"}],[{"start":"09:00","end":"17:00"}],[{"start":"09:00","end":"17:00"}],
        [{"start":"09:00","end":"17:00"}],[{"start":"09:00","end":"17:00"}],[],[]]'
    )`.execute(db);

  await sql`CREATE SEQUENCE ticket_number_seq`.execute(db);
  await sql`
    CREATE TABLE tickets (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      ticket_number text NOT NULL UNIQUE DEFAULT 'T-' || lpad(nextval('ticket_number_seq')::text, 6, '0'),
      customer_id uuid NOT NULL REFERENCES customers (id),
      subject text NOT NULL CHECK (char_length(subject) BETWEEN 1 AND 200),
      type text NOT NULL CHECK (type IN ('question', 'incident', 'request', 'complaint', 'compliance')),
      priority text NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
      status text NOT NULL DEFAULT 'new'
        CHECK (status IN ('new', 'open', 'pending_customer', 'on_hold', 'solved', 'closed')),
      group_id uuid REFERENCES ticket_groups (id),
      assignee_id uuid REFERENCES users (id),
      channel text NOT NULL CHECK (channel IN ('console', 'portal', 'api', 'system')),
      tags text[] NOT NULL DEFAULT '{}',
      awaiting jsonb,
      first_response_due_at timestamptz,
      resolution_due_at timestamptz,
      first_responded_at timestamptz,
      solved_at timestamptz,
      closed_at timestamptz,
      -- Stored at every change; read-time state (due soon, breached) is derived from the times below.
      sla_state text NOT NULL DEFAULT 'on_track'
        CHECK (sla_state IN ('on_track', 'due_soon', 'breached', 'paused', 'met')),
      -- The running target's due time and the moment it turns "due soon"; far future when no clock
      -- runs (paused, solved, closed), so the inbox's "soonest due first" needs no NULL handling.
      next_due_at timestamptz NOT NULL DEFAULT '9999-12-31T00:00:00Z',
      due_soon_at timestamptz NOT NULL DEFAULT '9999-12-31T00:00:00Z',
      first_response_breached_at timestamptz,
      resolution_breached_at timestamptz,
      paused_since timestamptz,
      search_text text GENERATED ALWAYS AS (lower(ticket_number || ' ' || subject)) STORED,
      created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
      created_by uuid REFERENCES users (id),
      updated_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
      updated_by uuid REFERENCES users (id),
      deleted_at timestamptz,
      deleted_by uuid REFERENCES users (id),
      version integer NOT NULL DEFAULT 1
    )`.execute(db);
  const live = sql.raw(`deleted_at IS NULL AND status IN ('new', 'open', 'pending_customer', 'on_hold')`);
  // An agent's inbox and the unassigned view (assignee NULL): open tickets, soonest due first.
  await sql`CREATE INDEX tickets_inbox_idx ON tickets (assignee_id, next_due_at, id) WHERE ${live}`.execute(db);
  // A queue view.
  await sql`CREATE INDEX tickets_queue_idx ON tickets (group_id, next_due_at, id) WHERE ${live}`.execute(db);
  // All open tickets by due time; also what the breach sweep scans.
  await sql`CREATE INDEX tickets_open_due_idx ON tickets (next_due_at, id) WHERE ${live}`.execute(db);
  await sql`CREATE INDEX tickets_open_soon_idx ON tickets (due_soon_at) WHERE ${live}`.execute(db);
  await sql`CREATE INDEX tickets_status_idx ON tickets (status, updated_at DESC, id DESC) WHERE deleted_at IS NULL`.execute(
    db,
  );
  await sql`CREATE INDEX tickets_updated_idx ON tickets (updated_at DESC, id DESC) WHERE deleted_at IS NULL`.execute(
    db,
  );
  await sql`CREATE INDEX tickets_created_idx ON tickets (created_at DESC, id DESC) WHERE deleted_at IS NULL`.execute(
    db,
  );
  await sql`
    CREATE INDEX tickets_customer_idx ON tickets (customer_id, created_at DESC, id DESC)
    WHERE deleted_at IS NULL`.execute(db);
  await sql`CREATE INDEX tickets_search_trgm_idx ON tickets USING gin (search_text gin_trgm_ops)`.execute(db);
  await sql`CREATE INDEX tickets_solved_idx ON tickets (solved_at) WHERE deleted_at IS NULL AND status = 'solved'`.execute(
    db,
  );

  // Intervals spent waiting for the customer: the SLA clocks do not run in them.
  await sql`
    CREATE TABLE ticket_pauses (
      ticket_id uuid NOT NULL REFERENCES tickets (id),
      started_at timestamptz NOT NULL,
      ended_at timestamptz,
      PRIMARY KEY (ticket_id, started_at)
    )`.execute(db);

  await sql`
    CREATE TABLE ticket_messages (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      -- The thread's order: the order messages were written, whatever their timestamps.
      seq bigint GENERATED ALWAYS AS IDENTITY,
      ticket_id uuid NOT NULL REFERENCES tickets (id),
      visibility text NOT NULL CHECK (visibility IN ('public', 'internal')),
      author_id uuid REFERENCES users (id),
      author_kind text NOT NULL CHECK (author_kind IN ('staff', 'client', 'system')),
      body text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 20000),
      created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX ticket_messages_thread_idx ON ticket_messages (ticket_id, seq)`.execute(db);
  // The first public staff reply of the last 30 days feeds the median first response (stats).
  await sql`CREATE INDEX tickets_first_response_idx ON tickets (first_responded_at) WHERE deleted_at IS NULL`.execute(
    db,
  );

  await sql`
    CREATE TABLE ticket_attachments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      ticket_id uuid NOT NULL REFERENCES tickets (id),
      message_id uuid NOT NULL REFERENCES ticket_messages (id),
      -- The order the files came in, within their message.
      position smallint NOT NULL DEFAULT 0,
      file_name text NOT NULL,
      mime_type text NOT NULL,
      size_bytes bigint NOT NULL,
      sha256 text NOT NULL,
      storage_key text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
      created_by uuid REFERENCES users (id)
    )`.execute(db);
  await sql`CREATE INDEX ticket_attachments_message_idx ON ticket_attachments (message_id)`.execute(db);
}
