import { resolve } from 'node:path';
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const positiveInt = (def: number) => z.coerce.number().int().positive().default(def);

/** Every setting of the server; the only place that reads process.env. */
export const envSchema = z.object({
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
  DB_POOL_MAX: positiveInt(10),
  DB_CONNECT_TIMEOUT_MS: positiveInt(5000),
  DB_STATEMENT_TIMEOUT_MS: positiveInt(15000),
  WEB_DIST_DIR: z.string().optional(),
});

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
