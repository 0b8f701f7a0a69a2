/**
 * Keeps an embedded PostgreSQL running for repeated bench runs (not run in CI): prints its URL and
 * waits for SIGTERM/SIGINT, then stops the cluster and removes its copy.
 *
 *   npx tsx --conditions=source bench/cases-pg.ts > /tmp/cases-pg.url &
 *   DATABASE_URL=$(tail -1 /tmp/cases-pg.url) BENCH_DB=uh_bench_caseq BENCH_KEEP=1 npx tsx --conditions=source bench/cases-queries.ts
 */
import { startTestPostgres } from '../apps/server/src/kernel/testing/embedded-test-server.js';

const server = await startTestPostgres();
process.stdout.write(`${server.url}\n`);
const stop = async () => {
  await server.stop();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
setInterval(() => {}, 1 << 30);
