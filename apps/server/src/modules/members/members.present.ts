/** Turns rows into API views: masked personal data, org names, and the caller's abilities. */
import type { Actor } from '../../kernel/auth/actor.js';
import { listGrantsWithPaths, permissionsAt } from '../../kernel/auth/access.js';
import type { Deps } from '../../kernel/deps.js';
import type { IdType } from './identity-docs.js';
import { loadOrg } from './members.orgs.js';
import { maskedPii } from './members.pii.js';
import { memberAbilities } from './members.policy.js';
import type { MemberRow } from './members.repo.js';
import type { MemberEventView, MemberView } from './members.schemas.js';
import type { MemberStatus } from './lifecycle.js';

type EventRow = {
  id: number;
  at: Date;
  action: string;
  from_status: string | null;
  to_status: string;
  reason: string | null;
  details: Record<string, unknown>;
  union_name: string;
  org_name: string;
  effective_date: string | null;
};

/** The view of a member; `actor` null means the member themself (no officer abilities). */
export async function presentMember(deps: Deps, actor: Actor | null, row: MemberRow): Promise<MemberView> {
  const [org, union, pii] = await Promise.all([
    loadOrg(deps.db, row.org_id),
    loadOrg(deps.db, row.union_id),
    maskedPii(deps.cipher, row),
  ]);
  const perms = actor
    ? permissionsAt(await listGrantsWithPaths(deps.db, actor.userId), org.path)
    : new Set<string>();
  return {
    id: row.id,
    memberNo: row.member_no,
    unionId: row.union_id,
    unionName: union.name,
    orgId: row.org_id,
    orgName: org.name,
    status: row.status,
    name: row.name,
    gender: row.gender,
    birthDate: row.birth_date,
    idType: row.id_type as IdType,
    ...pii,
    employer: row.employer,
    department: row.department,
    jobTitle: row.job_title,
    education: row.education as MemberView['education'],
    joinDate: row.join_date,
    hasAccount: row.user_id !== null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    abilities: memberAbilities(perms, row.status, row.user_id !== null),
  };
}

export function presentEvent(e: EventRow): MemberEventView {
  return {
    id: e.id,
    at: e.at.toISOString(),
    action: e.action,
    fromStatus: e.from_status as MemberStatus | null,
    toStatus: e.to_status as MemberStatus,
    effectiveDate: e.effective_date,
    reason: e.reason,
    unionName: e.union_name,
    orgName: e.org_name,
    details: e.details,
  };
}
