// Helpers for bench/run.mjs: ports, child processes that die with the bench, a cookie-keeping JSON client.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { Secret, TOTP } from 'otpauth';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Node flags of a benchmarked server process: the garbage-collector flag `npm start` uses
 * (package.json, docs/operations.md), or V8's default parallel GC with BENCH_SERVER_GC=parallel.
 */
export function serverGcFlags() {
  return process.env.BENCH_SERVER_GC === 'parallel' ? [] : ['--single-threaded-gc'];
}

/** A TCP port nobody listens on right now, distinct from those in `avoid`. */
export async function freePort(avoid = []) {
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

const children = new Set();

/** Kills every child still running (its whole process group: the embedded PostgreSQL too). */
export function killAll(signal = 'SIGKILL') {
  for (const c of children) {
    try {
      process.kill(-c.pid, signal);
    } catch {
      try {
        c.kill(signal);
      } catch {
        // gone
      }
    }
  }
  children.clear();
}

/**
 * Spawns a child in its own process group and records its output. `waitFor(re, ms)` resolves with the
 * first match in stdout; `stop()` sends SIGTERM and resolves with {code, ms} or rejects after `ms`.
 */
export function startChild(args, { env, cwd }) {
  const child = spawn(process.execPath, args, {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  children.add(child);
  let out = '';
  let err = '';
  const waiters = [];
  child.stdout.on('data', (d) => {
    out += d.toString();
    for (const w of [...waiters]) {
      const m = w.re.exec(out);
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  });
  child.stderr.on('data', (d) => {
    err += d.toString();
  });
  const exited = new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      children.delete(child);
      for (const w of waiters.splice(0))
        w.reject(new Error(`child exited (${code ?? signal}): ${err.slice(-2000)}`));
      resolve({ code, signal });
    }),
  );
  return {
    child,
    exited,
    output: () => out + err,
    waitFor(re, ms) {
      const m = re.exec(out);
      if (m) return Promise.resolve(m);
      return new Promise((resolve, reject) => {
        const w = { re, resolve, reject };
        waiters.push(w);
        setTimeout(() => {
          const i = waiters.indexOf(w);
          if (i >= 0) {
            waiters.splice(i, 1);
            reject(new Error(`timed out after ${ms} ms waiting for ${re}`));
          }
        }, ms).unref();
      });
    },
    async stop(ms = 30_000) {
      if (child.exitCode !== null || child.signalCode !== null) return { code: child.exitCode, ms: 0 };
      const t0 = performance.now();
      child.kill('SIGTERM');
      const r = await Promise.race([exited, sleep(ms).then(() => null)]);
      if (!r) {
        killAll();
        throw new Error(`child ${child.pid} did not exit within ${ms} ms of SIGTERM`);
      }
      try {
        process.kill(-child.pid, 'SIGKILL'); // anything left in its group
      } catch {
        // none
      }
      return { code: r.code ?? r.signal, ms: performance.now() - t0 };
    },
  };
}

/** Polls `url` until it answers 200; resolves with the time it took since `t0` (ms). */
export async function waitReady(url, t0, timeoutMs, alive) {
  const deadline = t0 + timeoutMs;
  while (performance.now() < deadline) {
    if (alive && !alive()) throw new Error(`process exited before ${url} was ready`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.status === 200) return performance.now() - t0;
    } catch {
      // not listening yet
    }
    await sleep(25);
  }
  throw new Error(`${url} not ready within ${timeoutMs} ms`);
}

/** JSON over fetch with a cookie jar and the CSRF header the API wants on non-GET requests. */
export class Client {
  constructor(base) {
    this.base = base;
    this.cookies = new Map();
    this.csrf = undefined;
  }

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async call(method, path, body) {
    const headers = { accept: 'application/json', origin: this.base };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.cookies.size) headers.cookie = this.cookieHeader();
    if (this.csrf && method !== 'GET') headers['x-csrf-token'] = this.csrf;
    const res = await fetch(this.base + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || attrs.some((a) => /^\s*max-age=0\s*$/i.test(a))) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await res.text();
    const data = text ? JSON.parse(text) : null;
    if (!res.ok) throw new Error(`${method} ${path} -> ${res.status} ${text.slice(0, 300)}`);
    if (typeof data?.csrfToken === 'string') this.csrf = data.csrfToken;
    return data;
  }
}

/** A TOTP code for a step after `lastStep` (waits for the next 30-s step when needed). */
export async function totp(secret, lastStep = 0) {
  let step = Math.floor(Date.now() / 30_000);
  if (step <= lastStep) {
    await sleep((lastStep + 1) * 30_000 - Date.now() + 300);
    step = Math.floor(Date.now() / 30_000);
  }
  return {
    code: new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: step * 30_000 + 1000 }),
    step,
  };
}

/**
 * CPU time (ms, user + system, including reaped children) of a process alone (`self`) and with all its
 * live descendants (`tree`), from /proc; on a shared machine this stays meaningful when wall-clock
 * throughput does not.
 */
export function treeCpuMs(rootPid) {
  const procs = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // After "pid (comm) ": state ppid ... utime(14) stime(15) cutime(16) cstime(17), 1-based in stat(5).
      procs.set(Number(entry), {
        ppid: Number(f[1]),
        ticks: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]),
      });
    } catch {
      // exited while we looked
    }
  }
  const children = new Map();
  for (const [pid, p] of procs) {
    if (!children.has(p.ppid)) children.set(p.ppid, []);
    children.get(p.ppid).push(pid);
  }
  let ticks = 0;
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop();
    ticks += procs.get(pid)?.ticks ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  // CLK_TCK is 100 on Linux.
  return { self: (procs.get(rootPid)?.ticks ?? 0) * 10, tree: ticks * 10 };
}
