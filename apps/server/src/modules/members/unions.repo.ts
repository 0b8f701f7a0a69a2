/**
 * Read-only lookup of grassroots unions by name for transfer targets. It reads the orgs table directly
 * because the orgs module exposes no search by kind; unions are public entities, nothing personal here.
 */
import type { Database } from '../../kernel/db/pool.js';

export function unionsRepo(db: Database) {
  return {
    activeGrassroots: (q?: string) => {
      let query = db
        .selectFrom('orgs')
        .select(['id', 'name'])
        .where('kind', '=', 'grassroots')
        .where('status', '=', 'active');
      if (q) query = query.where('name', 'ilike', `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      return query.orderBy('name').limit(100).execute();
    },
  };
}
