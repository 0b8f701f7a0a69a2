/**
 * An embedded PostgreSQL of the test run's own: a cluster initialised once into .tmp/test-pg-base
 * (initdb is the slow part), copied per run to its own directory and started on a free port, so
 * several test runs on one checkout never collide. The copy is removed when the run ends.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { startEmbeddedPostgres } from '../db/embedded.js';

const tmp = path.resolve(import.meta.dirname, '../../../../../.tmp');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function withInitLock<T>(fn: () => Promise<T>): Promise<T> {
  const lock = path.join(tmp, 'test-pg-base.lock');
  mkdirSync(tmp, { recursive: true });
  for (let i = 0; ; i++) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (i > 600) rmSync(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export async function startTestPostgres(): Promise<{ url: string; stop: () => Promise<void> }> {
  const base = path.join(tmp, 'test-pg-base');
  await withInitLock(async () => {
    if (existsSync(path.join(base, 'pg', 'PG_VERSION')) && existsSync(path.join(base, 'ready'))) return;
    rmSync(base, { recursive: true, force: true });
    const s = await startEmbeddedPostgres(base, await freePort(), () => {});
    await s.stop();
    mkdirSync(path.join(base, 'ready'));
  });
  const port = Number(process.env.TEST_PG_PORT ?? (await freePort()));
  const dir = path.join(tmp, `test-pg-run-${process.pid}-${port}`);
  rmSync(dir, { recursive: true, force: true });
  cpSync(base, dir, { recursive: true });
  // As root, initdb gave the cluster to the postgres user; a copy made by root must be handed back.
  if (process.getuid?.() === 0) execFileSync('chown', ['-R', `--reference=${path.join(base, 'pg')}`, dir]);
  const server = await startEmbeddedPostgres(dir, port, () => {});
  return {
    url: server.url,
    stop: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
