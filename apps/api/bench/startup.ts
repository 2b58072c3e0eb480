/**
 * `pnpm --filter @cm/api bench:startup`: how long the API takes from process start to its first
 * `200` from `/readyz` on an existing embedded (PGlite) data dir, with the process's CPU time and
 * RSS at that moment and the phases it logs. The first start (creating and seeding the data dir)
 * is reported apart and not counted.
 *
 *   BENCH_STARTS         measured starts (default 5)
 *   BENCH_STARTUP_ENTRY  `bundle`: node dist/main.js, what `pnpm start` runs (built first; default),
 *                        `tsx`: node --import tsx src/main.ts, what it ran before,
 *                        `pnpm-start`: the root `pnpm start` command itself (console and API builds
 *                        checked first; wall time only)
 *   BENCH_DATA_DIR       an existing data dir to start on (default: a fresh one, removed afterwards)
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const apiDir = fileURLToPath(new URL('..', import.meta.url));
const rootDir = join(apiDir, '../..');
const log = (m: string) => process.stderr.write(`[bench:startup] ${m}\n`);
const STARTS = Number(process.env.BENCH_STARTS ?? 5);
const ENTRY = process.env.BENCH_STARTUP_ENTRY ?? 'bundle';
const CLOCK_TICKS_PER_SECOND = 100;

interface Start {
  readyMs: number;
  cpuMs: number | null;
  rssMiB: number | null;
  phases: Record<string, number> | null;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

/** User + system CPU time of a process and its resident memory, from /proc (Linux; null elsewhere). */
function usage(pid: number): { cpuMs: number | null; rssMiB: number | null } {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    return { cpuMs: (ticks * 1000) / CLOCK_TICKS_PER_SECOND, rssMiB: Math.round(rssKb / 102.4) / 10 };
  } catch {
    return { cpuMs: null, rssMiB: null };
  }
}

function command(): { file: string; args: string[]; cwd: string } {
  if (ENTRY === 'bundle') return { file: process.execPath, args: ['dist/main.js'], cwd: apiDir };
  if (ENTRY === 'tsx') return { file: process.execPath, args: ['--import', 'tsx', 'src/main.ts'], cwd: apiDir };
  if (ENTRY === 'pnpm-start') return { file: 'pnpm', args: ['start'], cwd: rootDir };
  throw new Error(`BENCH_STARTUP_ENTRY must be bundle, tsx or pnpm-start, not ${ENTRY}`);
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    // `pnpm start` runs the server as a grandchild: signal the whole group.
    if (ENTRY === 'pnpm-start') process.kill(-child.pid!, 'SIGTERM');
    else child.kill('SIGTERM');
  });
}

async function startOnce(dataDir: string, timeoutMs: number): Promise<Start> {
  const port = await freePort();
  const { file, args, cwd } = command();
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
  };
  delete env.DATABASE_URL;
  delete env.SEED_DEMO;
  const started = performance.now();
  const child = spawn(file, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: ENTRY === 'pnpm-start' });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  try {
    while (performance.now() - started < timeoutMs) {
      if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}:\n${output}`);
      const ok = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(2000) }).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) {
        const readyMs = Math.round(performance.now() - started);
        const { cpuMs, rssMiB } = ENTRY === 'pnpm-start' ? { cpuMs: null, rssMiB: null } : usage(child.pid!);
        const line = output.split('\n').find((l) => l.includes('"Customer Manager is listening"'));
        const phases = line ? (JSON.parse(line).startupMs as Record<string, number>) : null;
        return { readyMs, cpuMs, rssMiB, phases };
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`not ready after ${timeoutMs} ms:\n${output}`);
  } finally {
    await stop(child);
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : s[Math.floor((s.length - 1) / 2)]!;
};

async function main() {
  if (ENTRY === 'bundle') {
    log('building dist/main.js');
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: apiDir, stdio: 'inherit' });
  }
  const given = process.env.BENCH_DATA_DIR;
  const dataDir = given ?? mkdtempSync(join(tmpdir(), 'cm-bench-startup-'));
  try {
    if (!existsSync(join(dataDir, 'pg'))) {
      log(`first start: creating and seeding ${dataDir}`);
      const first = await startOnce(dataDir, 600_000);
      log(`first start ready in ${first.readyMs} ms`);
    }
    const starts: Start[] = [];
    for (let i = 0; i < STARTS; i++) {
      const s = await startOnce(dataDir, 180_000);
      log(`start ${i + 1}/${STARTS}: ready in ${s.readyMs} ms (cpu ${s.cpuMs} ms, rss ${s.rssMiB} MiB)`);
      starts.push(s);
    }
    const phaseNames = [...new Set(starts.flatMap((s) => Object.keys(s.phases ?? {})))];
    const summary = {
      entry: ENTRY,
      starts: STARTS,
      medianReadyMs: median(starts.map((s) => s.readyMs)),
      medianCpuMs: median(starts.flatMap((s) => (s.cpuMs === null ? [] : [s.cpuMs]))),
      medianRssMiB: median(starts.flatMap((s) => (s.rssMiB === null ? [] : [s.rssMiB]))),
      medianPhasesMs: Object.fromEntries(
        phaseNames.map((p) => [p, median(starts.flatMap((s) => (s.phases?.[p] === undefined ? [] : [s.phases[p]])))]),
      ),
    };
    console.log(
      `\n| entry | starts | ready ms (median) | CPU ms | RSS MiB at ready | phases (ms since process start) |`,
    );
    console.log('|---|---:|---:|---:|---:|---|');
    const phases = Object.entries(summary.medianPhasesMs)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    console.log(
      `| ${ENTRY} | ${STARTS} | ${summary.medianReadyMs} | ${summary.medianCpuMs} | ${summary.medianRssMiB} | ${phases} |\n`,
    );
    const outDir = join(rootDir, 'bench-results');
    mkdirSync(outDir, { recursive: true });
    const file = join(outDir, `startup-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, JSON.stringify({ ...summary, runs: starts }, null, 2));
    log(`wrote ${file}`);
  } finally {
    if (!given) rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
