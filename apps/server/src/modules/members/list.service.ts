/** The officer's member list: scope, filters and search in SQL; masked phone numbers in the rows. */
import type { Actor } from '../../kernel/auth/actor.js';
import { requirePermissionSomewhere } from '../../kernel/auth/access.js';
import { mask } from '../../kernel/crypto/field.js';
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import { COUNT_CAP, memberListRepo, scopedOrgIds } from './member-list.repo.js';
import { COL, decryptOrNull } from './members.pii.js';
import type { MemberListItem, MemberListQuery } from './operations.schemas.js';
import { resolveSearch } from './search.js';

/**
 * A page of the members the caller may read, with a count that is exact up to COUNT_CAP when it is
 * cheap, and the planner's estimate (totalExact false) otherwise.
 * @throws AppError forbidden for callers without members.read anywhere, bad_request for pages past the cap
 */
export async function listMembers(deps: Deps, actor: Actor, query: MemberListQuery) {
  await requirePermissionSomewhere(deps.db, actor, 'members.read');
  const { q, sort = '-joinDate', page, pageSize, orgId, ...filter } = query;
  if ((page - 1) * pageSize >= COUNT_CAP)
    throw new AppError('bad_request', { reason: 'page_beyond_cap', cap: COUNT_CAP });
  const orgIds = await scopedOrgIds(deps.db, actor, ['members.read'], orgId);
  const spec = { orgIds, filter, search: resolveSearch(deps.cipher, q) };
  const repo = memberListRepo(deps.db);
  const [rows, count] = await Promise.all([repo.page(spec, sort, page, pageSize), repo.count(spec)]);
  const items: MemberListItem[] = await Promise.all(
    rows.map(async (r) => {
      const phone = await decryptOrNull(deps.cipher, COL.phone, r.phone_enc);
      return {
        id: r.id,
        memberNo: r.member_no,
        name: r.name,
        gender: r.gender as MemberListItem['gender'],
        status: r.status as MemberListItem['status'],
        orgId: r.org_id,
        orgName: r.org_name,
        employer: r.employer,
        department: r.department,
        joinDate: r.join_date,
        phoneMasked: phone ? mask.phone(phone) : null,
      };
    }),
  );
  return { items, total: count.n, totalExact: count.exact, page, pageSize };
}
