import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDb } from '@cm/db/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const apiDir = fileURLToPath(new URL('..', import.meta.url));
// The bundle `pnpm start` runs, built for this file alone (the two database projects run at once).
const distDir = join(apiDir, 'dist', `test-${randomBytes(4).toString('hex')}`);
const entry = join(distDir, 'main.js');
let child: ChildProcess;
let port: number;
let dataDir: string;
let closeDb: (() => Promise<void>) | undefined;
let output = '';
let childEnv: Record<string, string>;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

beforeAll(async () => {
  execFileSync(process.execPath, ['scripts/build.mjs', '--outdir', distDir], { cwd: apiDir, stdio: 'inherit' });
  port = await freePort();
  dataDir = await mkdtemp(join(tmpdir(), 'cm-shutdown-'));
  const ctx = inject('testDb');
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    PORT: String(port),
    DATA_DIR: dataDir,
    SEED_DEMO: 'true',
    LOG_LEVEL: 'info',
  };
  delete env.DATABASE_URL;
  if (ctx.kind === 'postgres') {
    const db = await createTestDb(ctx);
    env.DATABASE_URL = db.url!;
    closeDb = db.close;
  }
  childEnv = env;
  child = spawn(process.execPath, [entry], {
    cwd: apiDir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  for (let i = 0; i < 240; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server did not become ready:\n${output}`);
}, 90_000);

afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await closeDb?.();
  await rm(dataDir, { recursive: true, force: true });
  await rm(distDir, { recursive: true, force: true });
});

describe('the real server', () => {
  it('prints the URL and the demo logins at start-up', () => {
    expect(output).toContain(`http://localhost:${port}`);
    expect(output).toMatch(/admin@example\.com/);
    expect(output).toMatch(/client@example\.com/);
  });

  it('a second server on the same port stops with a clear message and exit code 1', async () => {
    const otherDir = await mkdtemp(join(tmpdir(), 'cm-second-'));
    const second = spawn(process.execPath, [entry], {
      cwd: apiDir,
      env: { ...childEnv, DATA_DIR: otherDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let said = '';
    second.stdout!.on('data', (d) => (said += d));
    second.stderr!.on('data', (d) => (said += d));
    const code = await new Promise<number | null>((resolve) => second.once('exit', resolve));
    await rm(otherDir, { recursive: true, force: true });
    expect(code).toBe(1);
    expect(said).toContain(`port ${port} is already in use; set PORT to another port`);
    expect(said).not.toMatch(/\n\s+at /); // no stack trace on the console
    // The first server is unaffected.
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  }, 60_000);

  it('on SIGTERM finishes in-flight requests, closes the pool and exits 0', async () => {
    const base = `http://127.0.0.1:${port}`;
    // A sign-in spends time hashing; SIGTERM arrives while it is in flight.
    const inFlight = fetch(`${base}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@example.com', password: 'demo-password-2024' }),
    });
    await new Promise((r) => setTimeout(r, 5));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await exited).toBe(0);
    expect(output).toMatch(/"msg":"stopped"/);
  });
});
