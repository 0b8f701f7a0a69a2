#!/usr/bin/env node
/** unionhall-verify RECORD [--workers N] [--quiet]: see run.ts for the exit codes. */
import { main } from './run.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`unionhall-verify: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
    process.exitCode = 2;
  },
);
