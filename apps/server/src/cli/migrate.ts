/** `unionhall migrate`: applies pending migrations (the server also does this at every start). */
import { Migrator } from 'kysely';
import type { Database } from '../kernel/db/pool.js';
import { migrations } from '../migrations/index.js';
import { withDeps } from './context.js';
import { type Command, parseOptions } from './io.js';

export type MigrationState = { name: string; executedAt: Date | null };

/** Every known migration and when it ran (null: pending). */
export async function migrationStates(db: Database): Promise<MigrationState[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  return (await migrator.getMigrations()).map((m) => ({ name: m.name, executedAt: m.executedAt ?? null }));
}

/** Lines describing what was applied now and the resulting schema state. */
export function describeMigrations(states: MigrationState[], appliedNow: string[]): string[] {
  const pending = states.filter((s) => !s.executedAt);
  const lines =
    appliedNow.length > 0
      ? [`Applied ${appliedNow.length} migration(s): ${appliedNow.join(', ')}`]
      : ['Nothing to apply: the database schema is up to date.'];
  lines.push(
    `Schema: ${states.length - pending.length} of ${states.length} migrations applied, latest ${states.at(-1)?.name ?? '-'}`,
  );
  if (pending.length) lines.push(`Still pending: ${pending.map((s) => s.name).join(', ')}`);
  return lines;
}

export const migrateCommand: Command = {
  path: ['migrate'],
  summary: 'Apply pending database migrations',
  help: `Usage: unionhall migrate

Applies pending migrations (forward-only) to the configured database and syncs the built-in
roles, then prints what was applied. Safe to run while servers on an external PostgreSQL are
up: concurrent migrators are serialised by a lock. With the embedded database, stop the server first.

Options:
  -h, --help`,
  run: async (args, io) => {
    const v = parseOptions(args, {});
    if (v.help) {
      io.out(migrateCommand.help);
      return 0;
    }
    // boot() migrates and reports the names it applied in one log line; keep that, pass the rest on.
    let appliedNow: string[] = [];
    const log = (m: string) => {
      const applied = /^Applied migrations: (.*)$/.exec(m);
      if (applied) appliedNow = applied[1]!.split(', ');
      else io.err(`[unionhall] ${m}`);
    };
    const lines = await withDeps(
      io,
      async (deps) => describeMigrations(await migrationStates(deps.db), appliedNow),
      { log },
    );
    for (const l of lines) io.out(l);
    return 0;
  },
};
