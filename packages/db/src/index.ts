export { type Kysely, type KyselyPlugin, sql, type Transaction } from 'kysely';
export { createDb, type Db, type DbConfig, type DbHandle } from './create-db';
export * from './data-keys';
export { migrateToLatest } from './migrate';
export * from './queries/api-tokens';
export * from './queries/audit';
export * from './queries/customers';
export * from './queries/data-keys';
export * from './queries/documents';
export * from './queries/idempotency';
export * from './queries/kyc';
export * from './queries/leases';
export * from './queries/login-attempts';
export * from './queries/notes';
export * from './queries/notifications';
export * from './queries/privacy';
export * from './queries/rate-limits';
export * from './queries/sessions';
export * from './queries/stats-counters';
export * from './queries/tickets';
export * from './queries/users';
export { type RequestConnection, requestConnection } from './request-connection';
export type * from './schema';

/** PostgreSQL's unique-violation code; both drivers expose it as `code`. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = err as { code?: string; constraint?: string } | null;
  return e?.code === '23505' && (!constraint || e.constraint === constraint);
}
