/** What the app needs at request time; built from Env by main.ts and directly by tests. */
export interface AppConfig {
  session: { idleMinutes: number; maxHours: number };
  allowedOrigins: string[];
  trustProxy: boolean;
  kycMaxFileMb: number;
  documentMaxFileMb: number;
  /** Years KYC records are kept after a customer is closed or deleted (SPEC §14). */
  kycRetentionYears: number;
  /** Uploads one user may start in a sliding window (SPEC §9). */
  uploadRateLimit: { limit: number; windowMs: number };
  webDistDir?: string;
}

export const defaultConfig: AppConfig = {
  session: { idleMinutes: 30, maxHours: 12 },
  allowedOrigins: [],
  trustProxy: false,
  kycMaxFileMb: 10,
  documentMaxFileMb: 20,
  kycRetentionYears: 5,
  uploadRateLimit: { limit: 60, windowMs: 10 * 60_000 },
};
