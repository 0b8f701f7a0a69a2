/**
 * Assignment rules per union: (org subtree, case type or any) -> one handler account, or round-robin
 * among the accounts holding cases.handle on the case's node. Applied when a case is filed and when the
 * SLA sweep escalates it; a manual `take` still works. Officers with orgs.manage or cases.handle on
 * the union list and save the rules (audited).
 */
import type { Actor } from '../../kernel/auth/actor.js';
import { assertMfaSatisfied, requireAccess } from '../../kernel/auth/access.js';
import { recordAudit } from '../../kernel/audit/audit.js';
import type { Database } from '../../kernel/db/pool.js';
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import { assignmentRepo, type RuleInsert } from './assignment.repo.js';
import { casesRepo } from './cases.repo.js';

/** @throws AppError not_found unless the actor holds orgs.manage or cases.handle on the union */
async function requireRuleAccess(deps: Deps, actor: Actor, unionId: string) {
  assertMfaSatisfied(actor);
  if (await assignmentRepo(deps.db).holdsAny(actor.userId, unionId, ['orgs.manage', 'cases.handle'])) return;
  await requireAccess(deps.db, actor, 'cases.handle', unionId);
}

async function view(db: Database, unionId: string) {
  const rows = await assignmentRepo(db).rules(unionId);
  return {
    rules: rows.map((r) => ({
      id: r.id,
      orgId: r.org_id,
      orgName: r.org_name,
      typeKey: r.type_key,
      mode: r.mode,
      userId: r.user_id,
      userName: r.display_name ?? null,
    })),
  };
}

/** @throws AppError not_found */
export async function listRules(deps: Deps, actor: Actor, unionId: string) {
  await requireRuleAccess(deps, actor, unionId);
  return view(deps.db, unionId);
}

/** Accounts holding cases.handle on a node of the union (for the rule editor's picker). @throws not_found */
export async function listRuleHandlers(deps: Deps, actor: Actor, unionId: string, orgId: string) {
  await requireRuleAccess(deps, actor, unionId);
  const repo = assignmentRepo(deps.db);
  if (!(await repo.nodesInSubtree(unionId, [orgId])).has(orgId)) throw new AppError('not_found');
  const rows = await repo.handlers(orgId);
  return { items: rows.map((r) => ({ userId: r.id, username: r.username, displayName: r.display_name })) };
}

/**
 * Replaces the union's rules, checked first: nodes in the union, one rule per (node, type), a named
 * account that holds cases.handle on the rule's node.
 * @throws AppError not_found, case.assignment_rule_invalid {index, problem}
 */
export async function saveRules(deps: Deps, actor: Actor, unionId: string, rules: RuleInsert[]) {
  await requireRuleAccess(deps, actor, unionId);
  const repo = assignmentRepo(deps.db);
  const inUnion = await repo.nodesInSubtree(unionId, [...new Set(rules.map((r) => r.orgId))]);
  const seen = new Set<string>();
  for (const [index, r] of rules.entries()) {
    const bad = (problem: string) => new AppError('case.assignment_rule_invalid', { index, problem });
    if (!inUnion.has(r.orgId)) throw bad('org_outside_union');
    const key = `${r.orgId}|${r.typeKey ?? ''}`;
    if (seen.has(key)) throw bad('duplicate');
    seen.add(key);
    if (r.mode === 'user' && !r.userId) throw bad('user_required');
    if (r.mode === 'round_robin' && r.userId) throw bad('user_not_allowed');
    if (r.mode === 'user' && r.userId && !(await repo.isHandler(r.userId, r.orgId)))
      throw bad('user_not_handler');
  }
  await deps.db.transaction().execute(async (trx) => {
    await assignmentRepo(trx).replaceRules(unionId, rules, actor.userId, deps.clock.now());
    await recordAudit(
      trx,
      {
        actorId: actor.userId,
        ip: actor.ip,
        action: 'case.assignment_rules.saved',
        targetType: 'org',
        targetId: unionId,
        orgId: unionId,
        details: { count: rules.length },
      },
      deps.clock.now(),
    );
  });
  return view(deps.db, unionId);
}

/**
 * Applies the matching rule to a case (inside the caller's transaction): sets the assignee and records
 * an internal `assignment` event. Returns the account assigned, or null when no rule applies or no
 * account qualifies (the case then keeps its assignee).
 */
export async function autoAssign(
  trx: Database,
  c: { id: string; union_id: string; org_id: string; type_key: string; assignee_id: string | null },
  now: Date,
  reason: 'filed' | 'escalated',
): Promise<string | null> {
  const repo = assignmentRepo(trx);
  const rule = await repo.ruleFor(c.union_id, c.org_id, c.type_key);
  if (!rule) return null;
  let userId: string | null = null;
  if (rule.mode === 'user' && rule.user_id) {
    if (await repo.isHandler(rule.user_id, c.org_id)) userId = rule.user_id;
  } else {
    userId = (await repo.nextInTurn(rule.id, c.org_id))?.id ?? null;
    if (userId) await repo.takeTurn(rule.id, userId, now);
  }
  if (!userId || userId === c.assignee_id) return userId;
  const cases = casesRepo(trx);
  await cases.update(c.id, { assignee_id: userId });
  await cases.insertEvent({
    case_id: c.id,
    at: now,
    actor_id: null,
    actor_role: 'system',
    kind: 'assignment',
    action: null,
    from_state: null,
    to_state: null,
    visible_to_member: false,
    body_enc: null,
    details: { assigneeId: userId, ruleId: rule.id, reason },
  });
  return userId;
}
