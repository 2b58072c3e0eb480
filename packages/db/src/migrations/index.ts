import type { Migration } from 'kysely';
import * as m0001 from './0001_users';
import * as m0002 from './0002_sessions';
import * as m0003 from './0003_customers';
import * as m0004 from './0004_audit_events';
import * as m0005 from './0005_kyc_documents';
import * as m0006 from './0006_notes_documents';
import * as m0007 from './0007_rate_limit_hits';
import * as m0008 from './0008_customer_scale';
import * as m0009 from './0009_search_folding';
import * as m0010 from './0010_sweep_leases';
import * as m0011 from './0011_tickets';
import * as m0012 from './0012_idempotency_fingerprint';
import * as m0013 from './0013_ticket_scale';
import * as m0014 from './0014_compliance_tickets';
import * as m0015 from './0015_notification_outbox';
import * as m0016 from './0016_ticket_source_note';
import * as m0017 from './0017_api_tokens';
import * as m0018 from './0018_privacy';
import * as m0019 from './0019_audit_data_keys';
import * as m0020 from './0020_stats_counters';
import * as m0021 from './0021_accounts';
import * as m0022 from './0022_search_words';

/** The static, ordered list of migrations (no directory scanning, so bundling works). */
export const migrations: Record<string, Migration> = {
  '0001_users': m0001,
  '0002_sessions': m0002,
  '0003_customers': m0003,
  '0004_audit_events': m0004,
  '0005_kyc_documents': m0005,
  '0006_notes_documents': m0006,
  '0007_rate_limit_hits': m0007,
  '0008_customer_scale': m0008,
  '0009_search_folding': m0009,
  '0010_sweep_leases': m0010,
  '0011_tickets': m0011,
  '0012_idempotency_fingerprint': m0012,
  '0013_ticket_scale': m0013,
  '0014_compliance_tickets': m0014,
  '0015_notification_outbox': m0015,
  '0016_ticket_source_note': m0016,
  '0018_privacy': m0018,
  '0019_audit_data_keys': m0019,
  '0017_api_tokens': m0017,
  '0020_stats_counters': m0020,
  '0021_accounts': m0021,
  '0022_search_words': m0022,
};
