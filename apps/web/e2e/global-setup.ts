import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserServer, chromium } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { CHROMIUM_ARGS, chromiumPath } from './support/chromium';

const webRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const apiRoot = resolve(webRoot, '../api');
const distDir = join(webRoot, 'dist');

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
    wsEndpoint: string;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function waitForReady(url: string, child: ChildProcess, logs: () => string, timeoutMs = 180_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`The API exited (code ${child.exitCode}) before it was ready:\n${logs()}`);
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`The API was not ready within ${timeoutMs / 1000}s:\n${logs()}`);
}

/**
 * One real API (embedded PGlite, fresh data directory, demo data) serving the built console, and
 * one Chromium for the whole run; test files connect to both. Nothing is built here: the `test`
 * script runs `vite build` first.
 */
export default async function setup(project: TestProject) {
  if (!existsSync(join(distDir, 'index.html'))) {
    throw new Error('apps/web/dist is missing: run `vite build` first (`pnpm --filter @cm/web test` does).');
  }
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) {
    throw new Error(
      `Chromium not found at ${executablePath}: install it (apt-get install -y chromium) or set CHROMIUM_PATH.`,
    );
  }

  const dataDir = await mkdtemp(join(tmpdir(), 'cm-e2e-'));
  // The API keeps index.html from its start-up and its asset names are hashed: a `vite build` run
  // elsewhere during the tests (the work tree may be shared) would leave it pointing at deleted files.
  // It serves a copy taken now instead.
  const webDir = await mkdtemp(join(tmpdir(), 'cm-e2e-web-'));
  await cp(distDir, webDir, { recursive: true });
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: dataDir,
    WEB_DIST_DIR: webDir,
    LOG_LEVEL: 'warn',
  };
  // Always the embedded database: a DATABASE_URL from the shell must not point the tests elsewhere.
  delete env.DATABASE_URL;
  delete env.SEED_DEMO;

  let output = '';
  const api = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: apiRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  api.stdout?.on('data', collect);
  api.stderr?.on('data', collect);

  let browser: BrowserServer | undefined;
  const teardown = async () => {
    await browser?.close().catch(() => {});
    if (api.exitCode === null) {
      const exited = new Promise((r) => api.once('exit', r));
      api.kill('SIGTERM');
      const timer = setTimeout(() => api.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dataDir, { recursive: true, force: true });
    await rm(webDir, { recursive: true, force: true });
  };

  try {
    await waitForReady(baseURL, api, () => output);
    // Playwright gives every launch a fresh temporary profile (it refuses --user-data-dir in args).
    browser = await chromium.launchServer({ executablePath, args: CHROMIUM_ARGS, headless: true });
  } catch (err) {
    await teardown();
    throw err;
  }

  project.provide('baseURL', baseURL);
  project.provide('wsEndpoint', browser.wsEndpoint());
  return teardown;
}
