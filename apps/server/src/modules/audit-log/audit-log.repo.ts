/** Reads of the audit log for the officer page (writes go through kernel/audit only). */
import { type SqlBool, sql } from 'kysely';
import { scopeOrgIds } from '../../kernel/auth/access.js';
import type { Database } from '../../kernel/db/pool.js';

export type AuditFilter = {
  actorUserId: string;
  includeGlobal: boolean;
  action?: string;
  actorId?: string;
  targetId?: string;
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
};

export async function listAuditPage(db: Database, f: AuditFilter) {
  let q = db.selectFrom('audit_log as a').leftJoin('users as u', 'u.id', 'a.actor_id');
  const scope = scopeOrgIds(db, f.actorUserId, 'audit.read');
  q = q.where((eb) =>
    f.includeGlobal
      ? eb.or([eb('a.org_id', 'in', scope), eb('a.org_id', 'is', null)])
      : eb('a.org_id', 'in', scope),
  );
  if (f.action) q = q.where('a.action', 'like', `${f.action.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (f.actorId) q = q.where('a.actor_id', '=', f.actorId);
  if (f.targetId) q = q.where('a.target_id', '=', f.targetId);
  if (f.from) q = q.where('a.at', '>=', new Date(f.from));
  if (f.to) q = q.where('a.at', '<', new Date(f.to));
  const [{ n }, rows] = await Promise.all([
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    q
      .select([
        'a.seq',
        'a.at',
        'a.actor_id as actorId',
        'u.display_name as actorName',
        'a.actor_ip as ip',
        'a.action',
        'a.target_type as targetType',
        'a.target_id as targetId',
        'a.org_id as orgId',
        'a.details',
      ])
      .orderBy('a.seq', 'desc')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
  ]);
  return { total: Number(n), rows };
}

/** True when the user holds audit.read on a root node (sees events that belong to no org). */
export async function hasRootAuditGrant(db: Database, userId: string): Promise<boolean> {
  const r = await db
    .selectFrom('grants as g')
    .innerJoin('roles as r', 'r.key', 'g.role_key')
    .innerJoin('orgs as o', 'o.id', 'g.org_id')
    .where('g.user_id', '=', userId)
    .where('o.depth', '=', 0)
    .where(sql<SqlBool>`'audit.read' = ANY(r.permissions)`)
    .select('g.id')
    .executeTakeFirst();
  return Boolean(r);
}
