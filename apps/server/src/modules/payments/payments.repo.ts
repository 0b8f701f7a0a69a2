/** SQL of the payments module: orders and refunds. */
import type { Expression, Selectable, SqlBool } from 'kysely';
import type { Database } from '../../kernel/db/pool.js';
import type { PaymentOrdersTable, PaymentRefundsTable } from '../../kernel/db/types.js';

export type OrderRow = Selectable<PaymentOrdersTable>;
export type RefundRow = Selectable<PaymentRefundsTable>;

export function paymentsRepo(db: Database) {
  const withNames = () =>
    db
      .selectFrom('payment_orders as o')
      .innerJoin('members as m', 'm.id', 'o.member_id')
      .innerJoin('orgs as u', 'u.id', 'o.union_id')
      .selectAll('o')
      .select([
        'm.name as member_name',
        'm.member_no',
        'm.user_id as member_user_id',
        'u.name as union_name',
      ]);
  return {
    insertOrder: (v: {
      out_trade_no: string;
      member_id: string;
      union_id: string;
      org_id: string;
      provider: string;
      amount_fen: number;
      periods: string[];
      description: string;
      receipt_code: string;
      created_by: string | null;
      created_at: Date;
    }) =>
      db
        .insertInto('payment_orders')
        .values({ ...v, state: 'pending', updated_at: v.created_at })
        .returningAll()
        .executeTakeFirstOrThrow(),
    setPrepay: (id: string, prepayId: string, codeUrl: string, now: Date) =>
      db
        .updateTable('payment_orders')
        .set({ prepay_id: prepayId, code_url: codeUrl, updated_at: now })
        .where('id', '=', id)
        .execute(),
    close: (id: string, now: Date) =>
      db
        .updateTable('payment_orders')
        .set({ state: 'closed', updated_at: now })
        .where('id', '=', id)
        .where('state', '=', 'pending')
        .execute(),
    withNames: (id: string) => withNames().where('o.id', '=', id).executeTakeFirst(),
    byIdForUpdate: (id: string) =>
      db.selectFrom('payment_orders').selectAll().where('id', '=', id).forUpdate().executeTakeFirst(),
    byOutTradeNoForUpdate: (outTradeNo: string) =>
      db
        .selectFrom('payment_orders')
        .selectAll()
        .where('out_trade_no', '=', outTradeNo)
        .forUpdate()
        .executeTakeFirst(),
    byTransactionId: (transactionId: string) =>
      db
        .selectFrom('payment_orders')
        .select(['id', 'out_trade_no'])
        .where('transaction_id', '=', transactionId)
        .executeTakeFirst(),
    settle: (
      id: string,
      v: {
        state: 'paid' | 'amount_mismatch';
        transaction_id: string;
        paid_amount_fen: number;
        paid_at: Date;
        ledger_reference: string | null;
        ledger_entry_id: string | null;
        updated_at: Date;
      },
    ) =>
      db.updateTable('payment_orders').set(v).where('id', '=', id).where('state', '=', 'pending').execute(),
    touchQueried: (id: string, now: Date) =>
      db.updateTable('payment_orders').set({ last_queried_at: now }).where('id', '=', id).execute(),
    addRefunded: (id: string, amountFen: number, fullyRefunded: boolean, now: Date) =>
      db
        .updateTable('payment_orders')
        .set((eb) => ({
          refunded_fen: eb('refunded_fen', '+', String(amountFen)),
          ...(fullyRefunded ? { state: 'refunded' } : {}),
          updated_at: now,
        }))
        .where('id', '=', id)
        .execute(),
    ofMember: (memberId: string) =>
      withNames().where('o.member_id', '=', memberId).orderBy('o.created_at', 'desc').limit(100).execute(),
    list: async (
      scope: Expression<SqlBool>,
      f: { state?: string; memberId?: string; page: number; pageSize: number },
    ) => {
      let q = withNames().where(scope);
      if (f.state) q = q.where('o.state', '=', f.state);
      if (f.memberId) q = q.where('o.member_id', '=', f.memberId);
      const [items, count] = await Promise.all([
        q
          .orderBy('o.created_at', 'desc')
          .orderBy('o.id')
          .limit(f.pageSize)
          .offset((f.page - 1) * f.pageSize)
          .execute(),
        q
          .clearSelect()
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow(),
      ]);
      return { items, total: Number(count.n) };
    },
    pendingBefore: (cutoff: Date, limit: number) =>
      db
        .selectFrom('payment_orders')
        .selectAll()
        .where('state', '=', 'pending')
        .where('created_at', '<', cutoff)
        .where((eb) => eb.or([eb('last_queried_at', 'is', null), eb('last_queried_at', '<', cutoff)]))
        .orderBy('created_at')
        .limit(limit)
        .execute(),
    insertRefund: (v: {
      order_id: string;
      out_refund_no: string;
      amount_fen: number;
      reason: string;
      created_by: string | null;
      created_at: Date;
    }) =>
      db
        .insertInto('payment_refunds')
        .values({ ...v, state: 'processing' })
        .returningAll()
        .executeTakeFirstOrThrow(),
    refundByOutRefundNoForUpdate: (outRefundNo: string) =>
      db
        .selectFrom('payment_refunds')
        .selectAll()
        .where('out_refund_no', '=', outRefundNo)
        .forUpdate()
        .executeTakeFirst(),
    markRefund: (
      id: string,
      v: {
        state: 'success' | 'failed';
        refund_id: string | null;
        ledger_entry_id: string | null;
        succeeded_at: Date | null;
      },
    ) => db.updateTable('payment_refunds').set(v).where('id', '=', id).execute(),
    refundsOf: (orderId: string) =>
      db
        .selectFrom('payment_refunds')
        .selectAll()
        .where('order_id', '=', orderId)
        .orderBy('created_at')
        .execute(),
    /** Refunds accepted or in flight (counted against what is left to refund). */
    pendingRefundTotal: async (orderId: string) => {
      const r = await db
        .selectFrom('payment_refunds')
        .where('order_id', '=', orderId)
        .where('state', '=', 'processing')
        .select((eb) => eb.fn.coalesce(eb.fn.sum<string>('amount_fen'), eb.lit(0)).as('n'))
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
  };
}
