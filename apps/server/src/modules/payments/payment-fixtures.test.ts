/**
 * Test-only helpers: a live member record for an account (reusing one another module's fixture already
 * made), dues charges seeded straight into the dues ledger, a paid sandbox order, and the set-up the
 * real-platform adapter tests share (a loopback fake of the platform, an app configured for it, a member
 * and a finance officer).
 */
import { describe, expect, it } from 'vitest';
import type { TestClient } from '../../kernel/testing/client.js';
import { createTree, createUser, loginAs, type TestUser } from '../../kernel/testing/fixtures.js';
import { insertMemberRow } from '../../kernel/testing/member-fixtures.js';
import { buildTestApp, type TestContext } from '../../kernel/testing/test-app.js';
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

type PlatformFake = { start(): Promise<unknown>; env(): Record<string, string>; close(): unknown };

/**
 * An app whose only payment provider is `provider`, talking to `fake` (started here; its clock follows
 * the app's test clock), with a member (`<prefix>_member`, in branch 1) and a finance officer of the union.
 */
export async function startPlatformRig<F extends PlatformFake>(
  provider: 'alipay' | 'wechatpay',
  makeFake: (now: () => Date) => F,
  prefix: string,
) {
  let now = () => new Date();
  const fake = makeFake(() => now());
  await fake.start();
  const ctx = await buildTestApp({ env: { PAYMENT_PROVIDERS: provider, ...fake.env() } });
  now = () => ctx.clock.now();
  const { union, branch1 } = await createTree(ctx);
  const a = await createUser(ctx, { username: `${prefix}_member`, org: branch1 });
  const f = await createUser(ctx, { username: `${prefix}_fin`, org: union, roles: ['finance_officer'] });
  const memberId = await ensureMember(ctx, a, branch1, union);
  const member = await loginAs(ctx, a);
  const finance = await loginAs(ctx, f);
  let month = 0;
  const chargeMonth = async (fen: number) => {
    month += 1;
    await chargeDues(ctx, memberId, { [`2026-${String(month).padStart(2, '0')}`]: fen });
  };
  return {
    ctx,
    fake,
    member,
    finance,
    memberId,
    close: async () => {
      await ctx.close();
      await fake.close();
    },
    ledgerCount: async () =>
      (await ctx.deps.db.selectFrom('dues_ledger').where('member_id', '=', memberId).select('id').execute())
        .length,
    orderRow: (id: string) =>
      ctx.deps.db.selectFrom('payment_orders').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
    /** Charges `fen` for the next month of 2026. */
    chargeMonth,
    /** Charges one new month of `fen` and opens an order for it as the member. */
    newOrder: async (fen: number) => {
      await chargeMonth(fen);
      const res = await member.post('/api/my/payments/orders', {});
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as { id: string; outTradeNo: string; codeUrl: string; amountFen: number };
    },
  };
}

describe('payment fixtures', () => {
  it('exist', () => expect(typeof chargeDues).toBe('function'));
});
