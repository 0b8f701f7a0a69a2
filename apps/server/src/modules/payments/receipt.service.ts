/**
 * PDF receipts of paid orders: the member for their own orders, officers with dues.read in scope.
 * Every download is audited.
 */
import type { Actor } from '../../kernel/auth/actor.js';
import { requireAccess } from '../../kernel/auth/access.js';
import { recordAuditStandalone } from '../../kernel/audit/audit.js';
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import { paymentsRepo } from './payments.repo.js';
import { renderReceipt } from './receipt.pdf.js';

const RECEIPTED = new Set(['paid', 'refunded']);

/** 张三丰 -> 张*丰, 李四 -> 李*, Alice -> A***e. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(Math.min(chars.length - 2, 3))}${chars.at(-1)}`;
}

async function build(
  deps: Deps,
  actor: Actor,
  o: NonNullable<Awaited<ReturnType<ReturnType<typeof paymentsRepo>['withNames']>>>,
) {
  if (!RECEIPTED.has(o.state) || !o.transaction_id || !o.paid_at)
    throw new AppError('payment.invalid_state', { state: o.state });
  const data = await renderReceipt({
    unionName: o.union_name,
    maskedName: maskName(o.member_name),
    memberNo: o.member_no,
    periods: o.periods,
    amountFen: Number(o.paid_amount_fen ?? o.amount_fen),
    refundedFen: Number(o.refunded_fen),
    outTradeNo: o.out_trade_no,
    transactionId: o.transaction_id,
    paidAt: o.paid_at,
    receiptCode: o.receipt_code,
    qrText: `UNIONHALL-RECEIPT:${o.out_trade_no}:${o.receipt_code}`,
  });
  await recordAuditStandalone(deps.db, {
    actorId: actor.userId,
    ip: actor.ip,
    action: 'payment.receipt_downloaded',
    targetType: 'payment_order',
    targetId: o.id,
    orgId: o.org_id,
  });
  return { fileName: `会费收据-${o.out_trade_no}.pdf`, data };
}

/** @throws AppError not_found (not the caller's order), payment.invalid_state (not paid) */
export async function myReceipt(deps: Deps, actor: Actor, id: string) {
  const o = await paymentsRepo(deps.db).withNames(id);
  if (!o || o.member_user_id !== actor.userId) throw new AppError('not_found');
  return build(deps, actor, o);
}

/** @throws AppError not_found (missing or outside the officer's scope), payment.invalid_state */
export async function officerReceipt(deps: Deps, actor: Actor, id: string) {
  const o = await paymentsRepo(deps.db).withNames(id);
  if (!o) throw new AppError('not_found');
  await requireAccess(deps.db, actor, 'dues.read', o.org_id);
  return build(deps, actor, o);
}
