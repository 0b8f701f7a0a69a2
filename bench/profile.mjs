// Reads the .cpuprofile that `node --cpu-prof` wrote and summarises a time window of it: self time by
// package, and inclusive time by function (what a frame and everything it called cost).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

function owner(url) {
  if (!url) return '(native / V8)';
  if (url.startsWith('node:')) return 'node core';
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 14).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const dist = url.indexOf('/apps/server/dist/');
  if (dist >= 0) return `unionhall ${url.slice(dist + 18).replace(/\.js$/, '')}`;
  return url.replace(/^file:\/\//, '');
}

function where(url) {
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) return url.slice(nm + 14);
  const dist = url.indexOf('/apps/server/dist/');
  if (dist >= 0) return `unionhall:${url.slice(dist + 18)}`;
  return url || 'native';
}

// Frames every async stack passes through; listing them says nothing.
const NOISE =
  /^(\(root\)|\(program\)|\(idle\)|runMicrotasks|processTicksAndRejections|listOnTimeout|processTimers)$/;

/** The newest profile in `dir`, or null. */
export function loadProfile(dir) {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  return files.length ? JSON.parse(readFileSync(path.join(dir, files.sort().at(-1)), 'utf8')) : null;
}

/**
 * Text summary of the samples taken between `fromMs` and `toMs` after the profile started. Busy time
 * excludes (idle); on a machine short of CPU, time in system calls also counts waiting to run again.
 */
export function summariseProfile(prof, { title, fromMs = 0, toMs = Number.POSITIVE_INFINITY, top = 12 }) {
  if (!prof) return 'no CPU profile was written';
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map();
  let at = 0;
  for (let i = 0; i < prof.samples.length; i++) {
    const delta = prof.timeDeltas[i] ?? 0;
    at += delta;
    if (at < fromMs * 1000 || at > toMs * 1000) continue;
    self.set(prof.samples[i], (self.get(prof.samples[i]) ?? 0) + delta);
  }
  let busy = 0;
  const byOwner = new Map();
  const inclusive = new Map();
  for (const [id, us] of self) {
    const cf = byId.get(id).callFrame;
    if (cf.functionName === '(idle)') continue;
    busy += us;
    const o = cf.functionName.startsWith('(') ? cf.functionName : owner(cf.url);
    byOwner.set(o, (byOwner.get(o) ?? 0) + us);
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur).callFrame;
      if (NOISE.test(f.functionName)) continue;
      const key = `${f.functionName || '(anonymous)'}  ${where(f.url)}:${f.lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + us);
    }
  }
  const pct = (us) => `${((100 * us) / busy).toFixed(1).padStart(5)}%`;
  const list = (m) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, us]) => `    ${pct(us)}  ${k}`)
      .join('\n');
  return [
    `${title}: ${(busy / 1e6).toFixed(2)} s busy on the main thread`,
    '  self time by package:',
    list(byOwner),
    '  inclusive time by function:',
    list(inclusive),
  ].join('\n');
}
