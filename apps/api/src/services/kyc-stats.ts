import type { Db } from '@cm/db';

/** KYC documents expiring within `days`; zero until the KYC documents table exists. */
export async function countExpiringKyc(_db: Db, _now: Date, _days: number): Promise<number> {
  return 0;
}
