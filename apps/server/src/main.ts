/** loadConfig() -> boot() -> buildApp() -> listen, with graceful shutdown on SIGTERM/SIGINT. */
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { boot } from './kernel/boot.js';
import { startJobs } from './kernel/jobs/jobs.js';
import { kernelJobs } from './kernel/jobs/kernel-jobs.js';
import { moduleJobs } from './modules/index.js';
import { DataDirLockedError } from './kernel/db/embedded.js';
import { seedDemo } from './modules/demo/index.js';
import { issueSetupLink } from './modules/identity/index.js';

const say = (m: string) => process.stdout.write(`[unionhall] ${m}\n`);

async function main(): Promise<void> {
  const started = performance.now();
  const config = loadConfig(process.env, process.argv.slice(2));
  const { deps, databaseUrl, close } = await boot(config, say);
  const app = await buildApp(deps);
  const jobs = await startJobs(deps, databaseUrl, [...kernelJobs, ...moduleJobs], say);
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

main().catch((err) => {
  if (err instanceof ConfigError || err instanceof DataDirLockedError) {
    process.stderr.write(`[unionhall] ${err.message}\n`);
  } else {
    process.stderr.write(
      `[unionhall] Failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
  }
  process.exit(1);
});
