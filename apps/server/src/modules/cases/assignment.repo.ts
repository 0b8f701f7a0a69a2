/** All SQL of the assignment rules (case_assignment_rules, case_assignment_turns). */
import { type SqlBool, sql } from 'kysely';
import { scopeOrgIds } from '../../kernel/auth/access.js';
import type { Permission } from '../../kernel/auth/permissions.js';
import type { Database } from '../../kernel/db/pool.js';

export type RuleInsert = {
  orgId: string;
  typeKey: string | null;
  mode: 'user' | 'round_robin';
  userId: string | null;
};

export function assignmentRepo(db: Database) {
  /** SQL: active accounts holding cases.handle on the node (a grant on it or on an ancestor). */
  const handlersOf = (orgId: string) =>
    db
      .selectFrom('orgs as t')
      .innerJoin('orgs as g_org', (j) => j.on(sql<SqlBool>`t.path LIKE g_org.path || '%'`))
      .innerJoin('grants as g', 'g.org_id', 'g_org.id')
      .innerJoin('roles as r', 'r.key', 'g.role_key')
      .innerJoin('users as u', 'u.id', 'g.user_id')
      .where('t.id', '=', orgId)
      .where('u.status', '=', 'active')
      .where(sql<SqlBool>`'cases.handle' = ANY(r.permissions)`);
  return {
    rules: (unionId: string) =>
      db
        .selectFrom('case_assignment_rules as a')
        .innerJoin('orgs as o', 'o.id', 'a.org_id')
        .leftJoin('users as u', 'u.id', 'a.user_id')
        .where('a.union_id', '=', unionId)
        .select([
          'a.id',
          'a.org_id',
          'o.name as org_name',
          'a.type_key',
          'a.mode',
          'a.user_id',
          'u.display_name',
        ])
        .orderBy('a.position')
        .execute(),

    replaceRules: async (unionId: string, rules: RuleInsert[], by: string, at: Date) => {
      await db.deleteFrom('case_assignment_rules').where('union_id', '=', unionId).execute();
      if (rules.length === 0) return;
      await db
        .insertInto('case_assignment_rules')
        .values(
          rules.map((r, i) => ({
            union_id: unionId,
            org_id: r.orgId,
            type_key: r.typeKey,
            mode: r.mode,
            user_id: r.userId,
            position: i,
            created_at: at,
            created_by: by,
          })),
        )
        .execute();
    },

    /** Which of the given nodes lie in the union's subtree (the union itself included). */
    nodesInSubtree: async (unionId: string, orgIds: string[]): Promise<Set<string>> => {
      if (orgIds.length === 0) return new Set();
      const rows = await db
        .selectFrom('orgs as t')
        .innerJoin('orgs as u', (j) => j.on(sql<SqlBool>`t.path LIKE u.path || '%'`))
        .where('u.id', '=', unionId)
        .where('t.id', 'in', orgIds)
        .select('t.id')
        .execute();
      return new Set(rows.map((r) => r.id));
    },

    /** Does the user hold any of the permissions on the node? */
    holdsAny: async (userId: string, orgId: string, permissions: Permission[]): Promise<boolean> => {
      for (const p of permissions) {
        const r = await scopeOrgIds(db, userId, p).where('t.id', '=', orgId).executeTakeFirst();
        if (r) return true;
      }
      return false;
    },

    handlers: (orgId: string) =>
      handlersOf(orgId)
        .select(['u.id', 'u.username', 'u.display_name'])
        .distinct()
        .orderBy('u.username')
        .execute(),

    isHandler: async (userId: string, orgId: string) =>
      (await handlersOf(orgId).where('u.id', '=', userId).select('u.id').executeTakeFirst()) !== undefined,

    /**
     * The rule for a case at this node: the deepest rule node that is the node or an ancestor of it;
     * at the same node a rule for the type beats an any-type rule. Locks the rule (round-robin turns).
     */
    ruleFor: (unionId: string, orgId: string, typeKey: string) =>
      db
        .selectFrom('case_assignment_rules as a')
        .innerJoin('orgs as ro', 'ro.id', 'a.org_id')
        .innerJoin('orgs as co', (j) => j.on(sql<SqlBool>`co.path LIKE ro.path || '%'`))
        .where('a.union_id', '=', unionId)
        .where('co.id', '=', orgId)
        .where((eb) => eb.or([eb('a.type_key', 'is', null), eb('a.type_key', '=', typeKey)]))
        .select(['a.id', 'a.mode', 'a.user_id'])
        .orderBy('ro.depth', 'desc')
        .orderBy(sql`a.type_key IS NULL`)
        .limit(1)
        .forUpdate('a')
        .executeTakeFirst(),

    /** The next account in turn: never assigned by this rule first, then the longest ago. */
    nextInTurn: (ruleId: string, orgId: string) =>
      handlersOf(orgId)
        .leftJoin('case_assignment_turns as t2', (j) =>
          j.onRef('t2.user_id', '=', 'u.id').on('t2.rule_id', '=', ruleId),
        )
        .select('u.id')
        .groupBy('u.id')
        .orderBy(sql`max(t2.last_assigned_at) NULLS FIRST`)
        .orderBy('u.id')
        .limit(1)
        .executeTakeFirst(),

    takeTurn: (ruleId: string, userId: string, at: Date) =>
      db
        .insertInto('case_assignment_turns')
        .values({ rule_id: ruleId, user_id: userId, last_assigned_at: at })
        .onConflict((oc) => oc.columns(['rule_id', 'user_id']).doUpdateSet({ last_assigned_at: at }))
        .execute(),

    /** Unions among these that have any rule (the SLA sweep skips the rest). */
    unionsWithRules: async (unionIds: string[]): Promise<Set<string>> => {
      if (unionIds.length === 0) return new Set();
      const rows = await db
        .selectFrom('case_assignment_rules')
        .select('union_id')
        .distinct()
        .where('union_id', 'in', unionIds)
        .execute();
      return new Set(rows.map((r) => r.union_id));
    },
  };
}
