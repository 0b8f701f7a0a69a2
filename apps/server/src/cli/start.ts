/** `unionhall start [--demo]` (and `node dist/main.js`): loadConfig -> boot -> buildApp -> listen. */
import { buildApp } from '../app.js';
import { ConfigError, loadConfig } from '../config.js';
import { boot } from '../kernel/boot.js';
import { DataDirLockedError } from '../kernel/db/embedded.js';
import { type JobRunner, startJobs } from '../kernel/jobs/jobs.js';
import { kernelJobs } from '../kernel/jobs/kernel-jobs.js';
import { seedDemo } from '../modules/demo/index.js';
import { issueSetupLink } from '../modules/identity/index.js';
import { moduleJobs } from '../modules/index.js';
import { type Command, type Env, parseOptions } from './io.js';

const say = (m: string) => process.stdout.write(`[unionhall] ${m}\n`);

/**
 * Starts the server and its background job workers, and installs graceful shutdown on SIGTERM/SIGINT
 * (finish requests, stop the workers, close the database, stop the embedded PostgreSQL, release the
 * data directory lock). Resolves once listening.
 * @throws ConfigError, DataDirLockedError, or Error from boot or listen.
 */
export async function startServer(env: Env, argv: string[]): Promise<void> {
  const started = performance.now();
  const config = loadConfig(env, argv);
  const { deps, databaseUrl, close } = await boot(config, say);
  let app: Awaited<ReturnType<typeof buildApp>>;
  let jobs: JobRunner;
  try {
    app = await buildApp(deps);
    jobs = await startJobs(deps, databaseUrl, [...kernelJobs, ...moduleJobs], say);
  } catch (err) {
    await close();
    throw err;
  }
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal} received: finishing requests and stopping...`);
    await app.close().catch(() => undefined);
    await jobs.stop().catch(() => undefined);
    await close();
    say('Stopped.');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  if (config.demo) await seedDemo(deps, say);
  await app.listen({ port: config.port, host: config.host });
  say(
    `Unionhall is running at ${config.publicOrigin} (started in ${Math.round(performance.now() - started)} ms)`,
  );
  const setupLink = await issueSetupLink(deps);
  if (setupLink) {
    say('No account exists yet. Open this one-time link to create the union and its first administrator:');
    say(`  ${setupLink}`);
  }
}

/** Prints a start failure the way operators expect (no stack for configuration problems) and exits 1. */
export function reportStartFailure(err: unknown): never {
  if (err instanceof ConfigError || err instanceof DataDirLockedError) {
    process.stderr.write(`[unionhall] ${err.message}\n`);
  } else {
    process.stderr.write(
      `[unionhall] Failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
  }
  process.exit(1);
}

export const startCommand: Command = {
  path: ['start'],
  summary: 'Start the server (migrates the database first)',
  help: `Usage: unionhall start [--demo]

Starts the web server: opens the database (embedded under UNIONHALL_DATA_DIR, or DATABASE_URL),
applies pending migrations, and listens on HOST:PORT. Stops cleanly on SIGTERM or Ctrl-C.

Options:
  --demo    Fill an empty database with a demo union (about 2,000 members) and print demo
            sign-in details. Refused in production (NODE_ENV=production).
  -h, --help`,
  run: async (args, io) => {
    const v = parseOptions(args, { demo: { type: 'boolean' } });
    if (v.help) {
      io.out(startCommand.help);
      return 0;
    }
    await startServer(io.env, v.demo ? ['--demo'] : []).catch(reportStartFailure);
    return 'running';
  },
};
