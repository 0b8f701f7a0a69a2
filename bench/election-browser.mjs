#!/usr/bin/env node
/**
 * In-browser ballot encryption benchmark (not part of CI).
 *   node bench/election-browser.mjs [--runs 20] [--options 10]
 * Serves the built web app's ballot worker (apps/web/dist/assets/ballot.worker-*.js; builds the web
 * app first when it is missing) from a small page with the app's strict Content-Security-Policy,
 * loads it in /usr/bin/chromium through playwright-core, and times "encrypt + prove one contest
 * with N options" inside the worker. The same operation is timed in Node in the same run, and the
 * per-selection cost is compared with ElectionGuard Java's published ~0.7 s per 6-selection ballot.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { loadavg } from 'node:os';
import path from 'node:path';
import {
  buildParameters,
  createTrustee,
  encryptBallot,
  manifestHash,
  nobleGroup,
  verifyBallot,
} from '@unionhall/election-crypto';
import { chromium } from 'playwright-core';

const root = path.resolve(import.meta.dirname, '..');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const RUNS = arg('runs', 20);
const OPTIONS = arg('options', 10);
const WARMUP = 3;
// ELECTIONS.md: ElectionGuard Java encrypts a 6-selection ballot in about 0.7 s.
const EG_MS_PER_SELECTION = 700 / 6;
const GOAL_MS = 150;

// The app's policy (apps/server/src/kernel/http/security.ts): scripts and workers from 'self' only.
const CSP =
  "default-src 'self'; script-src 'self'; worker-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'self'";

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function workerFile() {
  const dir = path.join(root, 'apps/web/dist/assets');
  const find = () =>
    existsSync(dir) ? readdirSync(dir).find((f) => /^ballot\.worker-.*\.js$/.test(f)) : undefined;
  if (!find()) {
    console.log('building the web app (apps/web/dist has no ballot worker)...');
    const r = spawnSync('npx', ['vite', 'build'], { cwd: path.join(root, 'apps/web'), stdio: 'inherit' });
    if (r.status !== 0) throw new Error('web build failed');
  }
  const f = find();
  if (!f) throw new Error('no ballot.worker-*.js in apps/web/dist/assets');
  return path.join(dir, f);
}

// One contest, OPTIONS candidates, choose exactly one; parameters from one real trustee.
function election(maxSelections) {
  const manifest = {
    election_id: 'bench-browser',
    title: 'bench',
    contests: [
      {
        id: 'c',
        title: 'contest',
        min_selections: 1,
        max_selections: maxSelections,
        options: Array.from({ length: OPTIONS }, (_, i) => ({ id: `o${i}`, title: `option ${i}` })),
      },
    ],
  };
  const t = createTrustee(nobleGroup, {
    index: 1,
    trustees: 1,
    threshold: 1,
    manifestHash: manifestHash(manifest),
  });
  const params = buildParameters(nobleGroup, manifest, [t.public], 1);
  const selections = { c: Array.from({ length: maxSelections }, (_, i) => `o${i}`) };
  return { manifest, context: params, selections };
}

const PAGE = `<!doctype html><meta charset="utf-8"><title>ballot bench</title><script type="module" src="/bench.js"></script>`;
const BENCH_JS = `
const violations = [];
document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective + ' ' + e.blockedURI));
let w;
function ask(req) {
  return new Promise((resolve, reject) => {
    w.onmessage = (e) => resolve(e.data);
    w.onerror = (e) => reject(new Error('worker error: ' + (e.message || 'load failed')));
    w.postMessage(req);
  });
}
window.bench = async (input, runs, warmup) => {
  w = new Worker(WORKER_URL, { type: 'module' });
  const inner = [], roundTrip = [];
  for (let i = 0; i < warmup + runs; i++) {
    const t0 = performance.now();
    const r = await ask({ kind: 'encrypt', ...input });
    const t1 = performance.now();
    if (r.kind !== 'encrypted') throw new Error(JSON.stringify(r));
    if (i >= warmup) { inner.push(r.ms); roundTrip.push(t1 - t0); }
  }
  // The audit path too: the worker reveals the nonces and checks the ballot.
  const enc = await ask({ kind: 'encrypt', ...input });
  const audit = await ask({ kind: 'audit', manifest: input.manifest, context: input.context, ballot: enc.ballot, secrets: enc.secrets });
  w.terminate();
  return { inner, roundTrip, audit, violations, sample: enc.ballot };
};
`;

async function main() {
  const worker = workerFile();
  const workerUrl = `/assets/${path.basename(worker)}`;
  const server = http.createServer((req, res) => {
    const headers = { 'content-security-policy': CSP, 'cache-control': 'no-store' };
    if (req.url === '/' || req.url === '/index.html') {
      res.writeHead(200, { ...headers, 'content-type': 'text/html; charset=utf-8' });
      return res.end(PAGE);
    }
    if (req.url === '/bench.js') {
      res.writeHead(200, { ...headers, 'content-type': 'text/javascript' });
      return res.end(`const WORKER_URL = ${JSON.stringify(workerUrl)};\n${BENCH_JS}`);
    }
    const file = path.join(
      root,
      'apps/web/dist',
      path.normalize(req.url ?? '/').replace(/^(\.\.[/\\])+/, ''),
    );
    if (req.url?.startsWith('/assets/') && existsSync(file)) {
      res.writeHead(200, { ...headers, 'content-type': 'text/javascript' });
      return res.end(readFileSync(file));
    }
    res.writeHead(404, headers);
    res.end();
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const port = server.address().port;
  const browser = await chromium.launch({
    executablePath: process.env.E2E_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
  });
  console.log(
    `load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} (shared machine: other jobs run too)`,
  );
  console.log(
    `${browser.version ? `Chromium ${browser.version()}` : ''}, Node ${process.versions.node} (V8 ${process.versions.v8})`,
  );
  console.log(
    `worker: apps/web/dist/assets/${path.basename(worker)}, ${RUNS} runs after ${WARMUP} warm-up\n`,
  );
  try {
    for (const max of [1, OPTIONS]) {
      const input = election(max);
      const page = await (await browser.newContext()).newPage();
      await page.goto(`http://127.0.0.1:${port}/`);
      await page.waitForFunction(() => typeof window.bench === 'function');
      const b = await page.evaluate(([i, r, w]) => window.bench(i, r, w), [input, RUNS, WARMUP]);
      await page.context().close();

      const nodeMs = [];
      for (let i = 0; i < WARMUP + RUNS; i++) {
        const t0 = performance.now();
        encryptBallot(input.manifest, input.context, input.selections);
        if (i >= WARMUP) nodeMs.push(performance.now() - t0);
      }
      const inWorker = median(b.inner);
      const rt = median(b.roundTrip);
      const node = median(nodeMs);
      const perSel = inWorker / OPTIONS;
      const label = `1 contest, ${OPTIONS} options, choose ${max === 1 ? 'exactly 1' : `1 to ${max}`}`;
      console.log(label);
      console.log(
        `  Chromium worker, encrypt + prove (median)     ${inWorker.toFixed(1)} ms   (goal < ${GOAL_MS} ms: ${inWorker < GOAL_MS ? 'met' : 'NOT met'})`,
      );
      console.log(`  Chromium, round trip incl. postMessage         ${rt.toFixed(1)} ms`);
      console.log(
        `  Node ${process.versions.node}, same operation (median)      ${node.toFixed(1)} ms   browser/Node = ${(inWorker / node).toFixed(2)}`,
      );
      console.log(
        `  per selection: ${perSel.toFixed(1)} ms vs ElectionGuard ~${EG_MS_PER_SELECTION.toFixed(0)} ms -> ${(EG_MS_PER_SELECTION / perSel).toFixed(1)}x faster`,
      );
      console.log(
        `  audit (Benaloh challenge) check in the worker: ${b.audit.kind === 'audited' && b.audit.ok ? 'passed' : JSON.stringify(b.audit)}`,
      );
      const check = verifyBallot(input.manifest, input.context, b.sample);
      console.log(
        `  a browser ballot checked in Node (every proof): ${check.ok ? 'valid' : `INVALID ${check.check}`}`,
      );
      console.log(`  CSP violations reported: ${b.violations.length ? b.violations.join('; ') : 'none'}\n`);
    }
  } finally {
    await browser.close();
    server.close();
  }
}

await main();
