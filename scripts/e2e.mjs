#!/usr/bin/env node
// End-to-end journeys against the real server: build, start `node apps/server/dist/main.js` on a free
// port with a fresh data directory (embedded PostgreSQL on its own free port), wait for the one-time
// setup link, run Playwright in Debian's Chromium, stop the server with SIGTERM and clean up.
//
//   npm run test:e2e                      everything
//   npm run test:e2e -- -g "language"     extra arguments go to `playwright test`
//   E2E_SKIP_BUILD=1 npm run test:e2e     reuse the existing build (apps/server/dist, apps/web/dist)
//   E2E_KEEP_DATA=1 npm run test:e2e      keep the temporary data directory for inspection
//
// The last line is always `tests: N passed, M failed`; the exit code is non-zero when a test failed,
// when no test ran, or when the server did not start or stop cleanly.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';

const root = path.resolve(import.meta.dirname, '..');
const say = (m) => process.stdout.write(`[e2e] ${m}\n`);
const SERVER_START_TIMEOUT_MS = 180_000;
const SERVER_STOP_TIMEOUT_MS = 30_000;
const PLAYWRIGHT_TIMEOUT_MS = 20 * 60_000;

let server = null;
let tmp = null;
let passed = 0;
let failed = 0;
let summaryPrinted = false;

function printSummary() {
  if (summaryPrinted) return;
  summaryPrinted = true;
  process.stdout.write(`tests: ${passed} passed, ${failed} failed\n`);
}

/** A TCP port nobody listens on right now (the OS picks it; distinct from the ones in `avoid`). */
async function freePort(avoid = []) {
  for (let i = 0; i < 20; i++) {
    const port = await new Promise((resolve, reject) => {
      const s = net.createServer();
      s.unref();
      s.on('error', reject);
      s.listen(0, '127.0.0.1', () => {
        const { port: p } = s.address();
        s.close(() => resolve(p));
      });
    });
    if (port >= 1024 && !avoid.includes(port)) return port;
  }
  throw new Error('no free port found');
}

function killGroup(child, signal) {
  try {
    // The server runs in its own process group, so the embedded PostgreSQL dies with it.
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

/** SIGTERM, then wait; SIGKILL the group when it does not exit in time. Resolves to a problem or null. */
async function stopServer() {
  if (!server || server.exitCode !== null || server.signalCode !== null) {
    const s = server;
    server = null;
    return s && s.exitCode !== 0 && s.exitCode !== null
      ? `server had already exited with code ${s.exitCode}`
      : null;
  }
  const s = server;
  server = null;
  const exited = new Promise((resolve) => s.once('exit', (code, signal) => resolve({ code, signal })));
  s.kill('SIGTERM');
  const started = Date.now();
  const result = await Promise.race([
    exited,
    new Promise((r) => setTimeout(() => r(null), SERVER_STOP_TIMEOUT_MS)),
  ]);
  if (!result) {
    killGroup(s, 'SIGKILL');
    await exited;
    return `server did not exit within ${SERVER_STOP_TIMEOUT_MS / 1000} s of SIGTERM (killed)`;
  }
  say(`server stopped in ${Date.now() - started} ms (exit code ${result.code ?? result.signal})`);
  // Make sure nothing of the group (embedded PostgreSQL) outlives the server.
  killGroup(s, 'SIGKILL');
  return result.code === 0 ? null : `server exited with code ${result.code ?? result.signal} after SIGTERM`;
}

function cleanupTmp() {
  if (!tmp) return;
  if (process.env.E2E_KEEP_DATA === '1') say(`kept ${tmp}`);
  else rmSync(tmp, { recursive: true, force: true });
  tmp = null;
}

async function emergencyExit(code) {
  await stopServer().catch(() => undefined);
  cleanupTmp();
  printSummary();
  process.exit(code);
}
process.on('uncaughtException', (err) => {
  say(`unexpected error: ${err.stack ?? err}`);
  failed = Math.max(failed, 1);
  void emergencyExit(1);
});
process.on('SIGINT', () => void emergencyExit(130));
process.on('SIGTERM', () => void emergencyExit(143));

function build() {
  if (process.env.E2E_SKIP_BUILD === '1') {
    say('E2E_SKIP_BUILD=1: using the existing build');
  } else {
    say('building (node scripts/build.mjs)...');
    const r = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], {
      cwd: root,
      stdio: 'inherit',
    });
    if (r.status !== 0) {
      say(`the build failed (exit ${r.status}); fix it or rerun with E2E_SKIP_BUILD=1 to use the last build`);
      return false;
    }
  }
  for (const f of ['apps/server/dist/main.js', 'apps/web/dist/index.html']) {
    if (!existsSync(path.join(root, f))) {
      say(`missing ${f}: the build did not produce it`);
      return false;
    }
  }
  return true;
}

/** Starts the server and resolves with its setup link once it printed one. */
async function startServer(env, logFile) {
  // started as `npm start` starts it (package.json)
  const child = spawn(
    process.execPath,
    ['--single-threaded-gc', path.join(root, 'apps/server/dist/main.js')],
    {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  server = child;
  let log = '';
  const append = (chunk) => {
    log += chunk.toString();
    writeFileSync(logFile, log);
  };
  child.stderr.on('data', append);
  return await new Promise((resolve, reject) => {
    let out = '';
    let found = false;
    const timer = setTimeout(
      () => reject(new Error(`no setup link within ${SERVER_START_TIMEOUT_MS / 1000} s`)),
      SERVER_START_TIMEOUT_MS,
    );
    child.stdout.on('data', (chunk) => {
      append(chunk);
      if (found) return;
      out += chunk.toString();
      const running = /Unionhall is running at (\S+)/.exec(out);
      const link = /(https?:\/\/\S+\/setup#token=[A-Za-z0-9_-]+)/.exec(out);
      if (running && link) {
        found = true;
        clearTimeout(timer);
        say(`server running at ${running[1]}`);
        resolve(link[1]);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited during start (code ${code ?? signal})`));
    });
  }).catch((err) => {
    process.stdout.write(log.split('\n').slice(-40).join('\n'));
    throw err;
  });
}

function readReport(file) {
  if (!existsSync(file)) return null;
  try {
    const report = JSON.parse(readFileSync(file, 'utf8'));
    const s = report.stats ?? {};
    printFailures(report.suites ?? []);
    return { passed: (s.expected ?? 0) + (s.flaky ?? 0), failed: s.unexpected ?? 0, skipped: s.skipped ?? 0 };
  } catch (err) {
    say(`cannot parse ${file}: ${err.message}`);
    return null;
  }
}

/** One line per failed (or flaky) journey with the first lines of its error, for the tail of a CI log. */
function printFailures(suites) {
  for (const suite of suites) {
    printFailures(suite.suites ?? []);
    for (const spec of suite.specs ?? [])
      for (const t of spec.tests ?? []) {
        if (t.status !== 'unexpected' && t.status !== 'flaky') continue;
        const res = (t.results ?? []).find((x) => x.status !== 'passed' && x.status !== 'skipped');
        const msg = stripVTControlCharacters(res?.error?.message ?? res?.status ?? '');
        const lines = msg
          .split('\n')
          .filter((l) => l.trim())
          .slice(0, 6)
          .join(' | ');
        say(
          `${t.status === 'flaky' ? 'FLAKY' : 'FAILED'} ${spec.file}:${spec.line} › ${spec.title}: ${lines}`,
        );
      }
  }
}

async function runPlaywright(env) {
  const cli = path.join(root, 'node_modules/@playwright/test/cli.js');
  const child = spawn(process.execPath, [cli, 'test', ...process.argv.slice(2)], {
    cwd: root,
    env,
    stdio: 'inherit',
  });
  const timer = setTimeout(() => {
    say(`playwright ran longer than ${PLAYWRIGHT_TIMEOUT_MS / 60_000} min: stopping it`);
    child.kill('SIGTERM');
  }, PLAYWRIGHT_TIMEOUT_MS);
  const code = await new Promise((resolve) => child.once('exit', (c, sig) => resolve(c ?? (sig ? 1 : 0))));
  clearTimeout(timer);
  return code;
}

async function main() {
  if (!build()) {
    failed = 1;
    return 1;
  }
  tmp = mkdtempSync(path.join(os.tmpdir(), 'unionhall-e2e-'));
  // Run as root, embedded PostgreSQL drops to an unprivileged user that must reach the data directory.
  chmodSync(tmp, 0o755);
  const dataDir = path.join(tmp, 'data');
  const stateDir = path.join(tmp, 'state');
  mkdirSync(stateDir);
  const resultsDir = path.join(root, 'test-results');
  rmSync(path.join(resultsDir, 'screens'), { recursive: true, force: true });
  mkdirSync(path.join(resultsDir, 'screens'), { recursive: true });
  const report = path.join(tmp, 'report.json');

  const port = await freePort();
  const pgPort = await freePort([port]);
  const baseUrl = `http://localhost:${port}`;
  say(`starting the server on ${baseUrl} (embedded PostgreSQL on ${pgPort}, data in ${dataDir})`);
  const serverEnv = {
    ...process.env,
    NODE_ENV: 'development',
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_ORIGIN: baseUrl,
    UNIONHALL_DATA_DIR: dataDir,
    UNIONHALL_EMBEDDED_PG_PORT: String(pgPort),
    // The journeys are not about rate limits; keep the general limiter out of their way.
    RATE_LIMIT_PER_MINUTE: '10000',
    LOG_LEVEL: process.env.E2E_SERVER_LOG_LEVEL ?? 'warn',
  };
  for (const k of [
    'DATABASE_URL',
    'UNIONHALL_MASTER_KEY',
    'UNIONHALL_MASTER_KEY_FILE',
    'UNIONHALL_DEMO',
    'REDIS_URL',
  ]) {
    delete serverEnv[k];
  }
  const logFile = path.join(resultsDir, 'e2e-server.log');
  let setupLink;
  try {
    setupLink = await startServer(serverEnv, logFile);
  } catch (err) {
    say(`the server did not start: ${err.message} (log: ${path.relative(root, logFile)})`);
    failed = 1;
    return 1;
  }

  const pwCode = await runPlaywright({
    ...process.env,
    E2E_BASE_URL: baseUrl,
    E2E_SETUP_LINK: setupLink,
    E2E_STATE_DIR: stateDir,
    E2E_JSON_REPORT: report,
  });
  const stopProblem = await stopServer();
  if (stopProblem) say(`PROBLEM: ${stopProblem}`);
  const r = readReport(report);
  if (r) {
    passed = r.passed;
    failed = r.failed;
    if (r.skipped) say(`${r.skipped} skipped`);
  } else {
    say('no Playwright JSON report was written');
    failed = Math.max(failed, 1);
  }
  say(`server log: ${path.relative(root, logFile)}; screenshots: test-results/screens/`);
  if (failed > 0 || passed === 0 || pwCode !== 0 || stopProblem) return 1;
  return 0;
}

const code = await main().catch((err) => {
  say(`unexpected error: ${err.stack ?? err}`);
  failed = Math.max(failed, 1);
  return 1;
});
await stopServer().catch(() => undefined);
cleanupTmp();
printSummary();
process.exit(code);
