/**
 * `pnpm --filter @cm/api bench:import`: memory and time of a large customer CSV import (a dry run,
 * then the commit in one transaction) on a fresh database, through the import service and the
 * local-disk storage the route uses. Prints the process RSS before and its peak during each run.
 *
 *   BENCH_DATABASE_URL / TEST_DATABASE_URL  PostgreSQL server (a temporary database); unset: in-memory PGlite
 *   BENCH_IMPORT_ROWS                       rows in the file (default 100,000, the import's cap)
 */

import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { insertUser, sql } from '@cm/db';
import { importCustomers } from '../src/services/customer-import';
import { localDiskStorage } from '../src/storage/local-disk';
import { openBenchDatabase } from './database';

const MB = 1024 * 1024;
const rows = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);

async function writeCsv(path: string) {
  const out = createWriteStream(path);
  const write = async (line: string) => {
    if (!out.write(line)) await once(out, 'drain');
  };
  await write(
    'customerNumber,displayName,type,firstName,lastName,companyName,email,phone,dateOfBirth,addressLine1,addressLine2,city,state,postalCode,country,riskLevel,status,kycStatus,createdAt\n',
  );
  for (let i = 1; i <= rows; i++) {
    const n = `C-${String(i).padStart(6, '0')}`;
    await write(
      i % 3
        ? `${n},Person ${i},individual,Given${i},"Family, ${i}",,person${i}@import.example,'+44 7400 ${String(100000 + (i % 899999)).padStart(6, '0')},1980-01-02,${i} High Street,,Leeds,,LS1 1AA,GB,medium,pending,not_started,2026-01-01T00:00:00.000Z\n`
        : `${n},Firm ${i},business,,,Firm ${i} Ltd,firm${i}@import.example,,,${i} Market Square,,Paris,,75001,FR,low,active,verified,2026-01-01T00:00:00.000Z\n`,
    );
  }
  out.end();
  await once(out, 'finish');
}

async function measure<T>(label: string, work: () => Promise<T>) {
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const started = performance.now();
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(
      `${label.padEnd(10)} ${seconds.toFixed(1).padStart(6)} s   RSS before ${(before / MB).toFixed(0)} MB, peak ${(peak / MB).toFixed(0)} MB (+${((peak - before) / MB).toFixed(0)} MB)\n`,
    );
    return result;
  } finally {
    clearInterval(timer);
  }
}

async function main() {
  const url = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || undefined;
  const database = await openBenchDatabase(url);
  const dir = mkdtempSync(join(tmpdir(), 'cm-import-bench-'));
  try {
    const csvPath = join(dir, 'customers.csv');
    await writeCsv(csvPath);
    const storage = localDiskStorage(join(dir, 'files'));
    const key = 'imports/00000000-0000-4000-8000-000000000001';
    await storage.put(key, createReadStream(csvPath));
    const head = Buffer.alloc(4100);
    const fd = await import('node:fs/promises').then((f) => f.open(csvPath));
    await fd.read(head, 0, head.length, 0);
    await fd.close();
    const user = await insertUser(database.handle.db, {
      email: 'bench-admin@import.example',
      name: 'Bench admin',
      role: 'admin',
      customer_id: null,
      password_hash: 'x',
    });
    const actor = { userId: user.id, role: 'admin' as const, customerId: null, requestId: 'bench', clientIp: null };
    const deps = { db: database.handle.db, now: () => new Date(), storage };
    const file = { key, clientName: 'customers.csv', sizeBytes: statSync(csvPath).size, sha256: '', head };
    process.stdout.write(
      `${database.label}, ${rows.toLocaleString('en-GB')} rows, ${(file.sizeBytes / MB).toFixed(1)} MB file\n`,
    );
    const dry = await measure('dry run', () => importCustomers(deps, actor, file, 'dry-run'));
    if (dry.errorCount) throw new Error(`unexpected errors: ${JSON.stringify(dry.errors.slice(0, 3))}`);
    const done = await measure('commit', () => importCustomers(deps, actor, file, 'commit'));
    const count = await sql<{ n: string }>`SELECT count(*) AS n FROM customers`.execute(database.handle.db);
    process.stdout.write(`created ${done.created}, customers in the database ${count.rows[0]?.n}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await database.dispose();
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
