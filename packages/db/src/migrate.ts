import { type Kysely, type MigrationProvider, Migrator, sql } from 'kysely';
import { migrations } from './migrations/index';

const provider: MigrationProvider = { getMigrations: async () => migrations };

/**
 * True when the database has applied exactly the migrations this build knows. Two plain reads,
 * where the Migrator's own checks (catalog introspection, lock table, lock) cost seconds on
 * embedded PGlite at every start. Anything else, a missing table included, goes to the Migrator.
 */
async function appliedExactly(db: Kysely<any>): Promise<boolean> {
  const { rows } = await sql<{ table: string | null }>`SELECT to_regclass('kysely_migration')::text AS table`.execute(
    db,
  );
  if (!rows[0]?.table) return false;
  const applied = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db);
  const known = Object.keys(migrations).sort();
  return applied.rows.length === known.length && applied.rows.every((r, i) => r.name === known[i]);
}

/** Applies every pending migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  if (await appliedExactly(db)) return [];
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    const cause = error instanceof Error ? error.message : String(error);
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${cause}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
