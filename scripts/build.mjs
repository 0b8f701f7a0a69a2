#!/usr/bin/env node
// Builds what `npm start` needs: TypeScript projects (incremental) and the web app when its sources
// are newer than its last build. Prints what it does so a first start does not look stuck.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const say = (m) => process.stdout.write(`[build] ${m}\n`);

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', shell: false });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function newest(dir) {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const p = path.join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
say('compiling the server and packages (incremental)...');
run(process.execPath, [tsc, '-b', 'apps/server', 'packages/verifier']);

const web = path.join(root, 'apps/web');
const built = path.join(web, 'dist/index.html');
const sources = Math.max(newest(path.join(web, 'src')), statSync(path.join(web, 'index.html')).mtimeMs);
const packages = newest(path.join(root, 'packages/election-crypto/src'));
if (
  !existsSync(built) ||
  statSync(built).mtimeMs < Math.max(sources, packages) ||
  process.argv.includes('--force')
) {
  say('building the web app (first time takes a minute)...');
  run(process.execPath, [
    path.join(root, 'node_modules/vite/bin/vite.js'),
    'build',
    web,
    '--logLevel',
    'warn',
  ]);
} else {
  say('web app is up to date');
}
