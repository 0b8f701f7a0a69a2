/** A bare member record for tests of other modules (no encryption or consent: use the members API for those). */
import { randomUUID } from 'node:crypto';
import type { OrgRow } from '../../modules/orgs/index.js';
import type { TestUser } from './fixtures.js';
import type { TestContext } from './test-app.js';

export async function insertMemberRow(
  ctx: TestContext,
  opts: { user: TestUser | null; org: OrgRow; union: OrgRow; status?: string },
): Promise<string> {
  const id = randomUUID();
  await ctx.deps.db
    .insertInto('members')
    .values({
      id,
      union_id: opts.union.id,
      org_id: opts.org.id,
      user_id: opts.user?.id ?? null,
      member_no: `E${id.slice(0, 8)}`,
      status: opts.status ?? 'active',
      name: opts.user?.username ?? 'x',
      name_initials: 'x',
      name_pinyin: 'x',
      name_grams: [],
      gender: 'unspecified',
      id_type: 'other',
    })
    .execute();
  return id;
}
