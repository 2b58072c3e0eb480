/**
 * Lighthouse scores of the console's main screens (mobile emulation, Lighthouse's defaults):
 *
 *   pnpm lighthouse                      # from the repository root: builds the console, then this
 *   pnpm --filter @cm/web lighthouse     # this alone, on the current apps/web/dist
 *
 * Starts the built app on a free port over a fresh embedded database with the demo data, signs in
 * the demo admin and client over the API, and runs Lighthouse (Node API) in Debian's Chromium
 * (`/usr/bin/chromium`, or CHROMIUM_PATH; nothing is downloaded) on each screen, the session passed
 * as a Cookie header. Prints performance / accessibility / best practices / SEO, and what failed in
 * the last three. `--json <dir>` also keeps each full report; `--only "ticket page,sign-in"` runs
 * just those screens; `--dist <dir>` measures another build; `--trace <dir>` keeps the traces; `--runs 5` loads each screen five times and reports the median run (Lighthouse's own
 * `computeMedianRun`, the variance advice of its documentation). Not part of `pnpm test`.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import lighthouse, { type RunnerResult } from 'lighthouse';
import { computeMedianRun } from 'lighthouse/core/lib/median-run.js';

const webRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const apiRoot = resolve(webRoot, '../api');
// `--dist <dir>` measures another build (e.g. to compare two builds in one sitting).
const distArg = process.argv.indexOf('--dist');
const distDir =
  distArg > 0 && process.argv[distArg + 1] ? resolve(process.argv[distArg + 1] as string) : join(webRoot, 'dist');
// biome-ignore lint/style/noProcessEnv: a command-line script; CHROMIUM_PATH is its one setting
const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const DEMO_PASSWORD = 'demo-password-2024';
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
}
const jsonDir = option('--json') ? resolve(option('--json') as string) : null;
/** `--only "ticket page,tickets inbox"` runs just those screens. */
const only = option('--only')
  ?.split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const runs = Math.max(1, Number(option('--runs') ?? 1) || 1);
/** `--trace <dir>` keeps each screen's trace (median run) with JavaScript samples, for DevTools' Performance panel. */
const traceDir = option('--trace') ? resolve(option('--trace') as string) : null;

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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await sleep(250);
  }
  throw new Error(`${what} was not ready within ${timeoutMs / 1000}s`);
}

function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      done();
    });
    child.kill('SIGTERM');
  });
}

/** Signs in over the API and returns the session as a Cookie header value. */
async function sessionCookie(baseURL: string, email: string): Promise<string> {
  const res = await fetch(`${baseURL}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  if (!res.ok) throw new Error(`Sign-in as ${email} failed: ${res.status} ${await res.text()}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

/** A GET query over tRPC with a session (for picking a demo customer and ticket to look at). */
async function query<T>(baseURL: string, cookie: string, path: string, input: unknown): Promise<T> {
  const res = await fetch(`${baseURL}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, {
    headers: { cookie },
  });
  if (!res.ok) throw new Error(`${path} failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { result: { data: T } }).result.data;
}

/** A short hint of what an audit found (the issue types of `inspector-issues`, the first URLs…). */
function detailsOf(details: unknown): string {
  const items = (details as { items?: Record<string, unknown>[] } | undefined)?.items ?? [];
  const found = items
    .slice(0, 3)
    .map((item) => item.issueType ?? item.description ?? item.url ?? item.source)
    .filter((v): v is string => typeof v === 'string');
  return found.length > 0 ? ` (${found.join('; ')})` : '';
}

interface Target {
  name: string;
  path: string;
  cookie?: string;
}

interface Row {
  name: string;
  scores: Record<(typeof CATEGORIES)[number], number | null>;
  failed: string[];
}

async function main() {
  if (!existsSync(join(distDir, 'index.html'))) {
    throw new Error('apps/web/dist is missing: run `pnpm --filter @cm/web build` first (`pnpm lighthouse` does).');
  }
  if (!existsSync(chromiumPath)) throw new Error(`Chromium not found at ${chromiumPath} (apt-get install chromium).`);

  const temp = await mkdtemp(join(tmpdir(), 'cm-lighthouse-'));
  const dataDir = join(temp, 'data');
  const webDir = join(temp, 'web');
  const profileDir = join(temp, 'chromium');
  // A copy of the build: a rebuild elsewhere while this runs does not pull the files from under the server.
  await cp(distDir, webDir, { recursive: true });
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;

  const env: NodeJS.ProcessEnv = {
    // biome-ignore lint/style/noProcessEnv: the app it starts inherits the shell's environment
    ...process.env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: dataDir,
    WEB_DIST_DIR: webDir,
    SEED_DEMO: 'true',
    DEMO_PASSWORD,
    LOG_LEVEL: 'warn',
  };
  delete env.DATABASE_URL;

  let serverLog = '';
  let api: ChildProcess | undefined;
  let chrome: ChildProcess | undefined;
  const cleanup = async () => {
    await stop(chrome);
    await stop(api);
    await rm(temp, { recursive: true, force: true });
  };
  process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));

  try {
    console.log(`Starting the app on ${baseURL} (fresh embedded database, demo data)…`);
    // The production bundle `pnpm start` runs (rebuilt when its sources changed), not the TypeScript sources.
    execFileSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: apiRoot, stdio: 'inherit' });
    api = spawn(process.execPath, ['dist/main.js'], { cwd: apiRoot, env, stdio: 'pipe' });
    const collect = (chunk: Buffer) => {
      serverLog = (serverLog + chunk.toString()).slice(-20_000);
    };
    api.stdout?.on('data', collect);
    api.stderr?.on('data', collect);
    await waitFor('The app', 240_000, async () => {
      if (api?.exitCode !== null) throw new Error(`The app exited (${api?.exitCode}):\n${serverLog}`);
      return (await fetch(`${baseURL}/readyz`)).ok ? true : undefined;
    }).catch((err) => {
      throw new Error(`${(err as Error).message}\n${serverLog}`);
    });

    const admin = await sessionCookie(baseURL, 'admin@example.com');
    const client = await sessionCookie(baseURL, 'client@example.com');
    const customers = await query<{ items: { id: string }[] }>(baseURL, admin, 'customers.list', { limit: 1 });
    const tickets = await query<{ items: { id: string }[] }>(baseURL, admin, 'tickets.list', {
      status: ['open'],
      sort: 'updated',
      limit: 1,
    });
    const ownTickets = await query<{ items: { id: string }[] }>(baseURL, client, 'tickets.list', { limit: 1 });
    const customerId = customers.items[0]?.id;
    const ticketId = tickets.items[0]?.id;
    const ownTicketId = ownTickets.items[0]?.id;
    if (!customerId || !ticketId) throw new Error('The demo data has no customer or no open ticket.');

    const targets: Target[] = [
      { name: 'sign-in', path: '/sign-in' },
      { name: 'customers list', path: '/customers', cookie: admin },
      { name: 'customer detail', path: `/customers/${customerId}`, cookie: admin },
      { name: 'tickets inbox', path: '/tickets?view=open', cookie: admin },
      { name: 'ticket page', path: `/tickets/${ticketId}`, cookie: admin },
      { name: 'portal requests', path: '/portal/requests', cookie: client },
      ...(ownTicketId ? [{ name: 'portal request', path: `/portal/requests/${ownTicketId}`, cookie: client }] : []),
    ];

    // Debian's Chromium, headless, with its own throwaway profile; Lighthouse connects over CDP.
    chrome = spawn(
      chromiumPath,
      [
        '--headless=new',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--no-first-run',
        '--no-default-browser-check',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        `--user-data-dir=${profileDir}`,
        '--remote-debugging-port=0',
        'about:blank',
      ],
      { stdio: 'ignore' },
    );
    const chromePort = await waitFor('Chromium', 60_000, async () => {
      const text = await readFile(join(profileDir, 'DevToolsActivePort'), 'utf8');
      const value = Number(text.split('\n')[0]);
      return value > 0 ? value : undefined;
    });

    if (jsonDir) await mkdir(jsonDir, { recursive: true });
    const rows: Row[] = [];
    for (const target of targets.filter((t) => !only || only.includes(t.name))) {
      process.stdout.write(`Lighthouse: ${target.name}… `);
      const run = () =>
        lighthouse(`${baseURL}${target.path}`, {
          port: chromePort,
          output: 'json',
          logLevel: 'error',
          onlyCategories: [...CATEGORIES],
          extraHeaders: target.cookie ? { Cookie: target.cookie } : undefined,
          // The sampling profiler costs a little time itself: on only when a trace is asked for.
          additionalTraceCategories: traceDir ? 'disabled-by-default-v8.cpu_profiler' : undefined,
        });
      const results: RunnerResult[] = [];
      for (let i = 0; i < runs; i++) {
        let result = await run();
        // A trace that did not record (NO_NAVSTART and the like, on a busy machine) is worth one more try.
        if (result?.lhr.runtimeError) {
          process.stdout.write(`(${result.lhr.runtimeError.code}, again) `);
          result = await run();
        }
        if (!result) throw new Error(`Lighthouse returned no result for ${target.path}`);
        if (runs > 1) process.stdout.write(`${Math.round((result.lhr.categories.performance?.score ?? 0) * 100)} `);
        results.push(result);
      }
      const median = computeMedianRun(results.map((r) => r.lhr));
      const result = results.find((r) => r.lhr === median) ?? results[0];
      if (!result) throw new Error(`Lighthouse returned no result for ${target.path}`);
      if (runs > 1) process.stdout.write('→ median: ');
      const { lhr } = result;
      if (lhr.runtimeError) throw new Error(`${target.name}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
      const scores = Object.fromEntries(
        CATEGORIES.map((c) => {
          const score = lhr.categories[c]?.score;
          return [c, typeof score === 'number' ? Math.round(score * 100) : null];
        }),
      ) as Row['scores'];
      // What cost points outside performance (those are the ones to fix, not to tune).
      const failed = CATEGORIES.filter((c) => c !== 'performance').flatMap((c) =>
        (lhr.categories[c]?.auditRefs ?? [])
          .filter((ref) => ref.weight > 0)
          .map((ref) => lhr.audits[ref.id])
          .filter((a) => a && a.score !== null && a.score < 1)
          .map((a) => `${c}: ${a?.id} — ${a?.title}${detailsOf(a?.details)}`),
      );
      rows.push({ name: target.name, scores, failed });
      console.log(CATEGORIES.map((c) => scores[c] ?? '–').join(' / '));
      if (jsonDir) {
        const file = join(jsonDir, `${target.name.replace(/[^a-z]+/g, '-')}.json`);
        await writeFile(file, typeof result.report === 'string' ? result.report : JSON.stringify(lhr));
      }
      if (traceDir) {
        await mkdir(traceDir, { recursive: true });
        const file = join(traceDir, `${target.name.replace(/[^a-z]+/g, '-')}.trace.json`);
        await writeFile(file, JSON.stringify(result.artifacts.Trace));
      }
    }

    const header = ['Screen', 'Performance', 'Accessibility', 'Best practices', 'SEO'];
    const width = Math.max(...rows.map((r) => r.name.length), header[0].length);
    const line = (cells: string[]) =>
      `| ${cells[0].padEnd(width)} | ${cells
        .slice(1)
        .map((c, i) => c.padStart(header[i + 1].length))
        .join(' | ')} |`;
    console.log('\nLighthouse, mobile emulation (Lighthouse defaults: Moto G Power, simulated slow 4G)\n');
    console.log(line(header));
    console.log(
      `|${'-'.repeat(width + 2)}|${header
        .slice(1)
        .map((h) => `${'-'.repeat(h.length + 1)}:`)
        .join('|')}|`,
    );
    for (const r of rows) console.log(line([r.name, ...CATEGORIES.map((c) => String(r.scores[c] ?? '–'))]));
    const flagged = rows.filter((r) => r.failed.length > 0);
    if (flagged.length > 0) {
      console.log('\nBelow 100 outside performance:');
      for (const r of flagged) console.log(`  ${r.name}\n${r.failed.map((f) => `    ${f}`).join('\n')}`);
    }
  } finally {
    await cleanup();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
