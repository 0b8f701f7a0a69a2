/** Opens the database for a CLI command the same way the server does (kernel/boot.ts). */
import { hostname, userInfo } from 'node:os';
import { type Config, ConfigError, loadConfig } from '../config.js';
import { boot } from '../kernel/boot.js';
import { DataDirLockedError } from '../kernel/db/embedded.js';
import type { Deps } from '../kernel/deps.js';
import { CliFailure, type CliIo } from './io.js';

/** @throws CliFailure for invalid configuration. */
export function cliConfig(io: CliIo): Config {
  try {
    return loadConfig(io.env, []);
  } catch (err) {
    if (err instanceof ConfigError) throw new CliFailure(err.message);
    throw err;
  }
}

/**
 * Boots (embedded or external database), runs `fn`, and always closes again. With the embedded
 * database the CLI needs the data directory lock, so it refuses while a server runs on it.
 * @throws CliFailure when the configuration is invalid or the data directory is in use.
 */
export async function withDeps<T>(
  io: CliIo,
  fn: (deps: Deps) => Promise<T>,
  opts: { migrate?: boolean; config?: Config; log?: (m: string) => void } = {},
): Promise<T> {
  const config = opts.config ?? cliConfig(io);
  let booted: Awaited<ReturnType<typeof boot>>;
  try {
    booted = await boot(config, opts.log ?? ((m) => io.err(`[unionhall] ${m}`)), {
      migrate: opts.migrate ?? true,
    });
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      throw new CliFailure(
        `${err.message}\n` +
          'The embedded database allows one process at a time, and a running server holds it. Stop the server ' +
          '(SIGTERM lets it finish cleanly) and run the command again, or run Unionhall on an external ' +
          'PostgreSQL (DATABASE_URL) so that servers and the CLI can use the database together.',
      );
    }
    throw schemaMissing(err) ?? err;
  }
  try {
    return await fn(booted.deps);
  } catch (err) {
    throw schemaMissing(err) ?? err;
  } finally {
    await booted.close();
  }
}

/** A friendlier error for commands run against a database that was never migrated. */
function schemaMissing(err: unknown): CliFailure | undefined {
  if ((err as { code?: string } | null)?.code !== '42P01') return undefined;
  return new CliFailure(
    `The database has no Unionhall tables yet (${(err as Error).message}). ` +
      'Run "unionhall migrate" (or start the server once) first.',
  );
}

/** Who ran a CLI command, for the audit trail (the CLI has no signed-in user). */
export function cliAuditDetails(): { via: 'cli'; osUser: string; host: string } {
  let osUser = 'unknown';
  try {
    osUser = userInfo().username;
  } catch {
    // no passwd entry for this uid (some containers)
  }
  return { via: 'cli', osUser, host: hostname() };
}
