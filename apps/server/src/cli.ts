#!/usr/bin/env node
/**
 * The `unionhall` command: start, migrate, setup-link, users, keys, audit verify, election simulate.
 * Each command lives in cli/<name>.ts; `unionhall --help` lists them.
 */
import { processIo } from './cli/io.js';
import { runCli } from './cli/run.js';

const code = await runCli(process.argv.slice(2), processIo());
if (code !== 'running') {
  // Let buffered output reach pipes before exiting (embedded PostgreSQL and pools are closed by now).
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}
