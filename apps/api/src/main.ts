import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { createApp } from './app';
import { configFromEnv, openDatabase } from './bootstrap';
import type { AppDeps } from './deps';
import { EnvError, loadEnv } from './env';
import { createLogger } from './logger';
import { startTicketChangeFeed } from './realtime/ticket-change-feed';
import { DEMO_USERS, seedDemo } from './seed/seed-demo';
import { runAllSweeps } from './services/all-sweeps';
import { smtpMailer, startOutboxSender } from './services/notifications';
import { drainServer } from './shutdown';
import { storageFromEnv } from './storage/from-env';

/** How long after start-up the periodic sweeps first run. */
const FIRST_SWEEP_DELAY_MS = 5000;

/** Milliseconds since the process started, for the start-up phases logged once listening. */
const sinceStart = () => Math.round(performance.now());

async function main() {
  const phases: Record<string, number> = { modulesLoaded: sinceStart() };
  const mark = (phase: string) => {
    phases[phase] = sinceStart();
  };
  let env: ReturnType<typeof loadEnv>;
  try {
    env = loadEnv();
  } catch (err) {
    if (err instanceof EnvError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(env.LOG_LEVEL);
  const webDist = env.WEB_DIST_DIR ?? fileURLToPath(new URL('../../web/dist', import.meta.url));
  const config = configFromEnv(env, existsSync(webDist) ? webDist : undefined);
  const handle = await openDatabase(env, mark);
  const draining = { value: false };
  const storage = await storageFromEnv(env);
  // Live ticket changes (SPEC §12): one LISTEN connection for this process, shared by every stream.
  const ticketChanges = await startTicketChangeFeed(handle, logger);
  const deps: AppDeps = {
    db: handle.db,
    dbKind: handle.kind,
    config,
    logger,
    storage,
    now: () => new Date(),
    draining,
    ticketChanges,
  };

  const seed = env.SEED_DEMO ?? !env.DATABASE_URL;
  const seeded = seed ? await seedDemo(deps, env.DEMO_PASSWORD) : false;
  mark('seedChecked');

  const app = createApp(deps);
  const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, (info) => {
    const url = `http://localhost:${info.port}`;
    mark('listening');
    logger.info({ url, database: handle.kind, startupMs: phases }, 'Customer Manager is listening');
    const lines = [
      '',
      `  Customer Manager is running at ${url}`,
      `  Database: ${handle.kind === 'pglite' ? `embedded PGlite in ${env.DATA_DIR}` : 'PostgreSQL (DATABASE_URL)'}`,
    ];
    if (seed) {
      lines.push(`  Demo logins (password: ${env.DEMO_PASSWORD})${seeded ? '' : ' — already seeded earlier'}:`);
      for (const u of DEMO_USERS) lines.push(`    ${u.role.padEnd(9)} ${u.email}`);
    }
    if (!env.SMTP_URL)
      lines.push('  Mail: no SMTP_URL, so notifications stay in the outbox (admin: Settings → Outbox)');
    if (!config.webDistDir) lines.push('  (web console not built: run `pnpm --filter @cm/web build`)');
    console.log(`${lines.join('\n')}\n`);
  });
  server.on('error', (err: NodeJS.ErrnoException) => {
    // A clear line instead of a stack trace for the most common start-up mistake.
    const why =
      err.code === 'EADDRINUSE' ? `port ${env.PORT} is already in use; set PORT to another port` : err.message;
    logger.fatal({ err }, `cannot listen: ${why}`);
    console.error(`\n  Customer Manager cannot start: ${why}.\n`);
    process.exit(1);
  });

  // Sweeps run on every instance; a lock or lease in the database lets only one do the work each time.
  const sweep = async () => {
    const outcomes = await runAllSweeps(deps);
    for (const [name, outcome] of Object.entries(outcomes)) {
      if ('failed' in outcome) logger.warn({ err: outcome.failed, sweep: name }, 'sweep failed; will retry');
    }
    logger.debug('sweeps finished');
  };
  // The first run waits a little: on embedded PGlite its queries would queue ahead of readiness and
  // the first requests of a process that has only just started.
  const firstSweep = setTimeout(sweep, FIRST_SWEEP_DELAY_MS);
  firstSweep.unref();
  const sweeper = setInterval(sweep, 10 * 60_000);
  sweeper.unref();

  // Notification mail: the outbox is sent every 15 s by one instance at a time (a lease). Without
  // SMTP_URL nothing is sent and the admin's Outbox page shows what would have been.
  const outboxSender = env.SMTP_URL
    ? startOutboxSender({ db: deps.db, now: deps.now, logger, mailer: smtpMailer(env.SMTP_URL, env.MAIL_FROM) })
    : null;

  // SIGTERM: stop being ready, let in-flight requests finish, close the pool, exit 0.
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    draining.value = true;
    clearTimeout(firstSweep);
    clearInterval(sweeper);
    const senderStopped = outboxSender?.stop();
    logger.info({ signal }, 'shutting down');
    // Open event streams would hold server.close() open forever: end them (clients reconnect elsewhere).
    void ticketChanges.close();
    const graceMs = env.SHUTDOWN_GRACE_SECONDS * 1000;
    void drainServer(server as Server, graceMs, logger).then(async (clean) => {
      await senderStopped;
      await handle.close();
      logger.info({ clean }, 'stopped');
      process.exit(clean ? 0 : 1);
    });
    // Should closing the pool itself hang, the process still ends.
    setTimeout(() => process.exit(1), graceMs + 5000).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err) => {
  console.error('Customer Manager failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
