/** Order rows as the API shows them (amounts as integer fen numbers). */
import type { OrderRow, RefundRow } from './payments.repo.js';

type Named = OrderRow & { member_name: string; member_no: string; union_name: string };

export function presentOrder(o: Named, refunds: RefundRow[] = []) {
  return {
    id: o.id,
    outTradeNo: o.out_trade_no,
    memberId: o.member_id,
    memberName: o.member_name,
    memberNo: o.member_no,
    unionName: o.union_name,
    provider: o.provider,
    amountFen: Number(o.amount_fen),
    periods: o.periods,
    state: o.state,
    codeUrl: o.state === 'pending' ? o.code_url : null,
    transactionId: o.transaction_id,
    paidAmountFen: o.paid_amount_fen === null ? null : Number(o.paid_amount_fen),
    paidAt: o.paid_at?.toISOString() ?? null,
    refundedFen: Number(o.refunded_fen),
    createdAt: o.created_at.toISOString(),
    refunds: refunds.map((r) => ({
      id: r.id,
      outRefundNo: r.out_refund_no,
      amountFen: Number(r.amount_fen),
      reason: r.reason,
      state: r.state,
      createdAt: r.created_at.toISOString(),
    })),
  };
}

export type OrderView = ReturnType<typeof presentOrder>;
