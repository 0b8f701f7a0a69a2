/**
 * Test-only helpers: a live member record for an account (reusing one another module's fixture already
 * made), dues charges seeded straight into the dues ledger, and a paid sandbox order.
 */
import { describe, expect, it } from 'vitest';
import type { TestClient } from '../../kernel/testing/client.js';
import type { TestUser } from '../../kernel/testing/fixtures.js';
import { insertMemberRow } from '../../kernel/testing/member-fixtures.js';
import type { TestContext } from '../../kernel/testing/test-app.js';
import { memberOfUser } from '../members/index.js';
import type { OrgRow } from '../orgs/index.js';

export async function ensureMember(
  ctx: TestContext,
  user: TestUser,
  org: OrgRow,
  union: OrgRow,
): Promise<string> {
  const existing = await memberOfUser(ctx.deps.db, user.id);
  return existing?.id ?? insertMemberRow(ctx, { user, org, union });
}

/** Charges `fen` for each period (test seeding; the dues module's schedule does this in the product). */
export async function chargeDues(
  ctx: TestContext,
  memberId: string,
  charges: Record<string, number>,
): Promise<void> {
  await ctx.deps.db
    .insertInto('dues_ledger')
    .values(
      Object.entries(charges).map(([period, fen]) => ({
        member_id: memberId,
        kind: 'charge' as const,
        amount_fen: fen,
        period,
      })),
    )
    .execute();
}

/** Creates an order as the member and pays it through the sandbox (signed notification delivered). */
export async function paidOrder(
  client: TestClient,
  app: TestContext['app'],
  totalFen?: number,
): Promise<string> {
  const created = await client.post('/api/my/payments/orders', {});
  if (created.statusCode !== 201) throw new Error(`creating order: ${created.body}`);
  const order = created.json();
  const prepayId = String(order.codeUrl).split('/').pop();
  const pay = await app.inject({
    method: 'POST',
    url: `/api/payments/sandbox/${prepayId}/pay`,
    remoteAddress: client.ip,
    payload: totalFen ? { totalFen } : {},
  });
  if (pay.statusCode !== 200 || pay.json().notifyStatus !== 200) throw new Error(`paying: ${pay.body}`);
  return order.id;
}

describe('payment fixtures', () => {
  it('exist', () => expect(typeof chargeDues).toBe('function'));
});
