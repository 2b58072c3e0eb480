import { resolve } from 'node:path';
import { createDb, type DbHandle, migrateToLatest } from '@cm/db';
import type { AppConfig } from './config';
import { masterKeysFromEnv } from './data-key';
import type { Env } from './env';

export function configFromEnv(env: Env, webDistDir?: string): AppConfig {
  return {
    session: { idleMinutes: env.SESSION_IDLE_MINUTES, maxHours: env.SESSION_MAX_HOURS },
    allowedOrigins: env.ALLOWED_ORIGINS,
    trustProxy: env.TRUST_PROXY,
    kycMaxFileMb: env.KYC_MAX_FILE_MB,
    documentMaxFileMb: env.DOCUMENT_MAX_FILE_MB,
    kycRetentionYears: env.KYC_RETENTION_YEARS,
    uploadRateLimit: { limit: env.UPLOADS_PER_10_MINUTES, windowMs: 10 * 60_000 },
    webDistDir,
  };
}

/** PostgreSQL when DATABASE_URL is set, else PGlite under DATA_DIR; migrated either way, holding the master key. */
export async function openDatabase(env: Env, mark?: (phase: 'databaseOpen' | 'migrated') => void): Promise<DbHandle> {
  const masterKeys = masterKeysFromEnv(env);
  const handle = env.DATABASE_URL
    ? await createDb({
        kind: 'postgres',
        url: env.DATABASE_URL,
        poolMax: env.DB_POOL_MAX,
        connectTimeoutMs: env.DB_CONNECT_TIMEOUT_MS,
        statementTimeoutMs: env.DB_STATEMENT_TIMEOUT_MS,
        queryTimeoutMs: env.DB_QUERY_TIMEOUT_MS,
        masterKeys,
      })
    : await createDb({ kind: 'pglite', dataDir: resolve(env.DATA_DIR), masterKeys });
  mark?.('databaseOpen');
  await migrateToLatest(handle.db);
  mark?.('migrated');
  return handle;
}
