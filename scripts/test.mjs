#!/usr/bin/env node
// `npm test`: every Vitest project (pure packages, then the server against real PostgreSQL: the
// embedded server by default, DATABASE_URL when set). Ends with one `N passed, N failed` line.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, '.tmp/vitest-report.json');
mkdirSync(path.dirname(out), { recursive: true });
const label = process.env.DATABASE_URL ? 'external PostgreSQL' : 'embedded PostgreSQL';
process.stdout.write(`[test] running the suite on ${label}\n`);
const r = spawnSync(
  process.execPath,
  [
    path.join(root, 'node_modules/vitest/vitest.mjs'),
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${out}`,
    ...process.argv.slice(2),
  ],
  { cwd: root, stdio: 'inherit' },
);
let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const report = JSON.parse(readFileSync(out, 'utf8'));
  passed = report.numPassedTests;
  failed = report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0);
  skipped = report.numPendingTests + report.numTodoTests;
  printFailures(report);
} catch {
  failed = Math.max(failed, 1);
}
if (r.status !== 0 && failed === 0) failed = 1;

/** One line per failure just above the summary, so the tail of a CI log names what failed. */
function printFailures(report) {
  const first = (text) =>
    String(text ?? '')
      .split('\n')
      .find((l) => l.trim()) ?? '';
  for (const file of report.testResults ?? []) {
    const rel = path.relative(root, file.name);
    const tests = (file.assertionResults ?? []).filter((t) => t.status === 'failed');
    for (const t of tests)
      process.stdout.write(`[test] FAILED ${rel} › ${t.fullName}: ${first(t.failureMessages?.[0])}\n`);
    if (file.status === 'failed' && tests.length === 0)
      process.stdout.write(`[test] FAILED ${rel}: ${first(file.message)}\n`);
  }
}
process.stdout.write(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
process.exit(r.status === 0 && failed === 0 && passed > 0 ? 0 : 1);
