/**
 * Test-only helpers: a member record for a test account, inserted directly (the members module's own
 * API needs an officer and a full identity), and a submitted case.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../kernel/auth/actor.js';
import type { OrgRow } from '../orgs/index.js';
import type { TestClient } from '../../kernel/testing/client.js';
import type { TestUser } from '../../kernel/testing/fixtures.js';
import type { TestContext } from '../../kernel/testing/test-app.js';

/** A signed-in officer with MFA passed, as the services see it (for calling services directly). */
export const actorOf = (u: TestUser, orgId: string): Actor => ({
  userId: u.id,
  username: u.username,
  displayName: u.username,
  orgId,
  sessionIdHash: 'x',
  mfaEnabled: true,
  mfaPassed: true,
  isOfficer: true,
  reauthAt: null,
  ip: '127.0.0.1',
});

/** Links a live member record on `org` (inside `union`) to the account. */
export async function makeMember(
  ctx: TestContext,
  user: TestUser,
  org: OrgRow,
  union: OrgRow,
): Promise<string> {
  const id = randomUUID();
  await ctx.deps.db
    .insertInto('members')
    .values({
      id,
      union_id: union.id,
      org_id: org.id,
      user_id: user.id,
      member_no: `T${id.slice(0, 8)}`,
      status: 'active',
      name: user.username,
      name_initials: 'x',
      name_pinyin: 'x',
      name_grams: [],
      gender: 'unspecified',
      id_type: 'other',
    })
    .execute();
  return id;
}

/** Inserts `n` live members without accounts on `org` (head counts for rates per 100 members). */
export async function bulkMembers(ctx: TestContext, org: OrgRow, union: OrgRow, n: number): Promise<void> {
  const rows = Array.from({ length: n }, () => {
    const id = randomUUID();
    return {
      id,
      union_id: union.id,
      org_id: org.id,
      member_no: `B${id.slice(0, 8)}`,
      status: 'active',
      name: 'x',
      name_initials: 'x',
      name_pinyin: 'x',
      name_grams: [],
      gender: 'unspecified',
      id_type: 'other',
    };
  });
  await ctx.deps.db.insertInto('members').values(rows).execute();
}

export const injuryFields = {
  description: '右手被冲压机夹伤',
  incident_date: '2026-01-05',
  location: '冲压线3号',
  body_part: 'hand',
  cause: 'machinery',
  severity: 'moderate',
  days_lost: 5,
};

/** Files a case through the portal and returns its id. */
export async function fileCase(
  client: TestClient,
  body: {
    typeKey?: string;
    title?: string;
    fields?: Record<string, string | number>;
    anonymous?: boolean;
  } = {},
): Promise<string> {
  const res = await client.post('/api/my/cases', {
    typeKey: body.typeKey ?? 'injury',
    title: body.title ?? '冲压线夹伤',
    fields: body.fields ?? injuryFields,
    ...(body.anonymous !== undefined ? { anonymous: body.anonymous } : {}),
  });
  if (res.statusCode !== 201) throw new Error(`filing case: ${res.statusCode} ${res.body}`);
  return res.json().id as string;
}

describe('case fixtures', () => {
  it('injury sample fields cover the analytic columns', () => {
    expect(Object.keys(injuryFields)).toEqual(expect.arrayContaining(['body_part', 'location', 'severity']));
  });
});
