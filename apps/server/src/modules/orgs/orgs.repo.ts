/** All SQL of the orgs table. */
import { sql } from 'kysely';
import type { Database } from '../../kernel/db/pool.js';
import type { OrgKind } from '../../kernel/db/types.js';

export type OrgRow = {
  id: string;
  parent_id: string | null;
  kind: OrgKind;
  name: string;
  path: string;
  depth: number;
  status: 'active' | 'closed';
};

const COLUMNS = ['id', 'parent_id', 'kind', 'name', 'path', 'depth', 'status'] as const;

export function orgsRepo(db: Database) {
  return {
    findById: (id: string): Promise<OrgRow | undefined> =>
      db.selectFrom('orgs').select(COLUMNS).where('id', '=', id).executeTakeFirst(),

    findRoot: (): Promise<OrgRow | undefined> =>
      db
        .selectFrom('orgs')
        .select(COLUMNS)
        .where('parent_id', 'is', null)
        .orderBy('created_at')
        .executeTakeFirst(),

    /** Every node inside the given subtrees (by path prefix), in tree order. */
    listInSubtrees: (paths: string[]): Promise<OrgRow[]> =>
      paths.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('orgs')
            .select(COLUMNS)
            .where((eb) => eb.or(paths.map((p) => eb('path', 'like', `${p}%`))))
            .orderBy('path')
            .execute(),

    /** Names of a node's ancestors, root first (for display). */
    ancestors: (path: string): Promise<OrgRow[]> => {
      const ids = path.split('/').filter(Boolean);
      return db.selectFrom('orgs').select(COLUMNS).where('id', 'in', ids).orderBy('depth').execute();
    },

    insert: (row: Omit<OrgRow, 'status'>) =>
      db.insertInto('orgs').values(row).returning(COLUMNS).executeTakeFirstOrThrow(),

    rename: (id: string, name: string) =>
      db.updateTable('orgs').set({ name }).where('id', '=', id).returning(COLUMNS).executeTakeFirstOrThrow(),

    close: (id: string, at: Date) =>
      db
        .updateTable('orgs')
        .set({ status: 'closed', closed_at: at })
        .where('id', '=', id)
        .returning(COLUMNS)
        .executeTakeFirstOrThrow(),

    countOpenChildren: async (id: string): Promise<number> => {
      const r = await db
        .selectFrom('orgs')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('parent_id', '=', id)
        .where('status', '=', 'active')
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },

    /** Re-roots a whole subtree under a new parent path in one statement. */
    moveSubtree: async (node: OrgRow, newParent: OrgRow): Promise<void> => {
      const newPath = `${newParent.path}${node.id}/`;
      const depthDelta = newParent.depth + 1 - node.depth;
      await sql`UPDATE orgs SET path = ${newPath} || substr(path, ${node.path.length + 1}),
                                depth = depth + ${depthDelta}
                WHERE path LIKE ${`${node.path}%`}`.execute(db);
      await db.updateTable('orgs').set({ parent_id: newParent.id }).where('id', '=', node.id).execute();
    },
  };
}
