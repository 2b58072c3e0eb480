import { resolve } from 'node:path';
import { parseMasterKey } from '@cm/db';
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const positiveInt = (def: number) => z.coerce.number().int().positive().default(def);

/** Half a key pair would silently fall back to the SDK's default chain and fail later, far from the cause. */
function requireS3KeyPair(env: { S3_ACCESS_KEY_ID?: string; S3_SECRET_ACCESS_KEY?: string }, ctx: z.RefinementCtx) {
  if (!env.S3_ACCESS_KEY_ID === !env.S3_SECRET_ACCESS_KEY) return;
  ctx.addIssue({
    code: 'custom',
    path: [env.S3_ACCESS_KEY_ID ? 'S3_SECRET_ACCESS_KEY' : 'S3_ACCESS_KEY_ID'],
    message: 'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together',
  });
}

/** S3 settings without a bucket would silently keep files on local disk. */
function requireS3Bucket(env: Record<string, unknown>, ctx: z.RefinementCtx) {
  if (env.S3_BUCKET) return;
  for (const name of ['S3_ENDPOINT', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY']) {
    if (env[name]) ctx.addIssue({ code: 'custom', path: [name], message: `${name} is set but S3_BUCKET is not` });
  }
}

/** A master key as `DATA_KEY` holds it; the message says what it must be, never what it was. */
const masterKey = z.string().superRefine((v, ctx) => {
  try {
    parseMasterKey(v);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
  }
});

/** On a real PostgreSQL server the audit trail's master key cannot be made up: it must outlive this host. */
function requireDataKey(env: { DATABASE_URL?: string; DATA_KEY?: string }, ctx: z.RefinementCtx) {
  if (!env.DATABASE_URL || env.DATA_KEY) return;
  ctx.addIssue({
    code: 'custom',
    path: ['DATA_KEY'],
    message:
      'is required with DATABASE_URL: 32 random bytes, base64 (e.g. `openssl rand -base64 32`); keep it safe, personal values in the audit trail cannot be read without it',
  });
}

const settings = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  DATA_DIR: z.string().min(1).default('./.data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEMO_PASSWORD: z.string().min(12).default('demo-password-2024'),
  SEED_DEMO: bool.optional(),
  SESSION_IDLE_MINUTES: positiveInt(30),
  SESSION_MAX_HOURS: positiveInt(12),
  KYC_MAX_FILE_MB: positiveInt(10),
  DOCUMENT_MAX_FILE_MB: positiveInt(20),
  /** Years KYC records are kept after the relationship ends (SPEC §14). */
  KYC_RETENTION_YEARS: z.coerce.number().int().min(1).max(100).default(5),
  UPLOADS_PER_10_MINUTES: positiveInt(60),
  /** Extra origins allowed to send state-changing requests, comma separated. */
  ALLOWED_ORIGINS: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.url())),
  /** Behind a reverse proxy: read the client IP and protocol from X-Forwarded-*. */
  TRUST_PROXY: bool.default(false),
  /** On SIGTERM: how long in-flight requests may take to finish before their connections are cut. */
  SHUTDOWN_GRACE_SECONDS: positiveInt(20),
  DB_POOL_MAX: positiveInt(10),
  DB_CONNECT_TIMEOUT_MS: positiveInt(5000),
  DB_STATEMENT_TIMEOUT_MS: positiveInt(15000),
  /** Unset: a little above DB_STATEMENT_TIMEOUT_MS. */
  DB_QUERY_TIMEOUT_MS: z.coerce.number().int().positive().optional(),
  WEB_DIST_DIR: z.string().optional(),
  /** Set to keep files in this S3(-compatible) bucket instead of under DATA_DIR. */
  S3_BUCKET: z.string().min(1).optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  /** Both or neither; neither means the AWS SDK's default credential chain. */
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  S3_FORCE_PATH_STYLE: bool.default(false),
  /** Unset (the embedded default): notifications stay in the outbox, listed on the admin's outbox page. */
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  /** The From address of notification mail. */
  MAIL_FROM: z.string().min(3).default('Customer Manager <no-reply@customer-manager.invalid>'),
  /**
   * The master key wrapping each customer's audit data key (SPEC §14). Required with DATABASE_URL;
   * on the embedded default one is generated once and kept in DATA_DIR/data-key.
   */
  DATA_KEY: masterKey.optional(),
  /** `pnpm data-key:rotate` only: the key to re-wrap every customer data key under. */
  NEW_DATA_KEY: masterKey.optional(),
  /** During a master-key rotation: the old key(s), comma separated, still accepted for reading. */
  DATA_KEY_PREVIOUS: z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((k) => k.trim())
        .filter(Boolean),
    )
    .pipe(z.array(masterKey))
    .default([]),
});

/** Every setting of the server; the only place that reads process.env. */
export const envSchema = settings
  .superRefine(requireS3KeyPair)
  .superRefine(requireS3Bucket)
  .superRefine(requireDataKey);

export type Env = z.output<typeof envSchema>;

export class EnvError extends Error {}

/** Validates the environment; the error names each bad variable and what it must be. */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  // `pnpm start` runs inside apps/api; relative paths mean the directory the user ran it from.
  const base = source.INIT_CWD ?? process.cwd();
  cleaned.DATA_DIR = resolve(base, cleaned.DATA_DIR ?? '.data');
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new EnvError(`Invalid environment variable(s):\n${lines.join('\n')}`);
  }
  return parsed.data;
}
