/** A bare member record for tests of other modules (no encryption or consent: use the members API for those). */
import { randomUUID } from 'node:crypto';
import { residentIdCheckChar } from '../../modules/members/index.js';
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

/** A valid mainland resident ID number (GB 11643 check character) born on `birth` (YYYYMMDD). */
export function residentId(birth: string, seq: string): string {
  const s = `110105${birth}${seq}`;
  return s + residentIdCheckChar(s);
}

/** The body of `POST /api/members` for a person with ID number, phone and address (consent attested). */
export const memberBody = (name: string, orgId: string, idNumber: string, phone: string) => ({
  name,
  orgId,
  idNumber,
  phone,
  address: '北京市朝阳区幸福路 8 号',
  employer: '第一机械厂',
  education: 'bachelor',
  joinDate: '2020-05-01',
  sensitiveConsentAttested: true,
});
