/**
 * Applying what the platform reports: a verified notification or an order query. Every path is
 * idempotent: the order row is locked, a known transaction id or a settled order changes nothing, and
 * the ledger reference (`<provider>:<transaction id>`) is unique in the dues ledger. An amount that
 * differs from the order is flagged (`amount_mismatch`) and never credited.
 */
import { recordAudit, recordAuditStandalone } from '../../kernel/audit/audit.js';
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import { recordPaymentInTx, recordRefundInTx } from '../dues/index.js';
import { accountOfMember } from '../members/index.js';
import { paymentsRepo } from './payments.repo.js';
import type { PaidTransaction, RawNotification, RefundResult } from './provider.js';
import { providerFor } from './providers.js';

export type SettleOutcome = 'paid' | 'amount_mismatch' | 'duplicate' | 'ignored' | 'unknown_order';

/**
 * Verifies and applies an asynchronous notification. Refused notifications are audited and change
 * nothing else. @throws AppError payment.invalid_signature, payment.invalid_notification, not_found
 */
export async function handleNotification(
  deps: Deps,
  providerName: string,
  raw: RawNotification,
  ip: string,
): Promise<{ outcome: string }> {
  const provider = providerFor(deps, providerName);
  let n: Awaited<ReturnType<typeof provider.verifyNotification>>;
  try {
    n = await provider.verifyNotification(raw, deps.clock.now());
  } catch (e) {
    if (e instanceof AppError)
      await recordAuditStandalone(deps.db, {
        actorId: null,
        ip,
        action: 'payment.notify_refused',
        details: { provider: providerName, code: e.code, reason: e.details?.reason ?? null },
      });
    throw e;
  }
  if (n.kind === 'transaction')
    return { outcome: await applyTransaction(deps, provider.name, n.txn, 'notify', n.notificationId) };
  return { outcome: await applyRefundResult(deps, n.refund, 'notify', null) };
}

/** Applies a payment the platform confirmed (notification or query). */
export async function applyTransaction(
  deps: Deps,
  providerName: string,
  txn: PaidTransaction,
  via: 'notify' | 'query',
  notificationId: string | null,
): Promise<SettleOutcome> {
  if (txn.tradeState !== 'SUCCESS') return 'ignored';
  const now = deps.clock.now();
  let paidMemberId: string | null = null;
  const outcome = await deps.db.transaction().execute(async (trx): Promise<SettleOutcome> => {
    const repo = paymentsRepo(trx);
    const o = await repo.byOutTradeNoForUpdate(txn.outTradeNo);
    const base = { actorId: null, action: '', targetType: 'payment_order', via, notificationId };
    const audit = (action: string, details: Record<string, unknown>, order = o) =>
      recordAudit(
        trx,
        {
          ...base,
          action,
          targetId: order?.id ?? null,
          orgId: order?.org_id ?? null,
          details: { ...details, via, notificationId, transactionId: txn.transactionId },
        },
        now,
      );
    if (!o || o.provider !== providerName) {
      await audit('payment.notify_unknown_order', { outTradeNo: txn.outTradeNo }, undefined);
      return 'unknown_order';
    }
    if (o.transaction_id !== null || o.state !== 'pending') {
      await audit('payment.notify_duplicate', {
        state: o.state,
        sameTransaction: o.transaction_id === txn.transactionId,
      });
      return o.transaction_id === txn.transactionId ? 'duplicate' : 'ignored';
    }
    if (await repo.byTransactionId(txn.transactionId)) {
      await audit('payment.notify_duplicate', { state: o.state, otherOrder: true });
      return 'duplicate';
    }
    const paidAt = txn.successTime ?? now;
    if (txn.totalFen !== Number(o.amount_fen)) {
      await repo.settle(o.id, {
        state: 'amount_mismatch',
        transaction_id: txn.transactionId,
        paid_amount_fen: txn.totalFen,
        paid_at: paidAt,
        ledger_reference: null,
        ledger_entry_id: null,
        updated_at: now,
      });
      await audit('payment.amount_mismatch', { orderFen: Number(o.amount_fen), notifiedFen: txn.totalFen });
      return 'amount_mismatch';
    }
    const reference = `${providerName}:${txn.transactionId}`;
    const { entryId } = await recordPaymentInTx(trx, {
      memberId: o.member_id,
      amountFen: txn.totalFen,
      source: 'online',
      reference,
      paidAt,
      actorUserId: null,
    });
    await repo.settle(o.id, {
      state: 'paid',
      transaction_id: txn.transactionId,
      paid_amount_fen: txn.totalFen,
      paid_at: paidAt,
      ledger_reference: reference,
      ledger_entry_id: entryId,
      updated_at: now,
    });
    await audit('payment.paid', { amountFen: txn.totalFen, ledgerEntryId: entryId, periods: o.periods });
    paidMemberId = o.member_id;
    return 'paid';
  });
  if (paidMemberId) await tellMemberPaid(deps, paidMemberId, txn);
  return outcome;
}

/** After the commit: the member hears that the payment arrived (in-app, and e-mail per preferences). */
async function tellMemberPaid(deps: Deps, memberId: string, txn: PaidTransaction): Promise<void> {
  const userId = await accountOfMember(deps.db, memberId);
  if (!userId) return;
  await deps.notifier.send({
    userId,
    template: 'dues_paid',
    params: { amount: (txn.totalFen / 100).toFixed(2), order: txn.outTradeNo, link: '/my/dues' },
  });
}

/** Applies a successful refund (the refund call's answer or a refund notification), once. */
export async function applyRefundResult(
  deps: Deps,
  r: RefundResult & { outTradeNo: string },
  via: 'notify' | 'refund_call',
  actorUserId: string | null,
): Promise<string> {
  if (r.status !== 'SUCCESS') return 'ignored';
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const repo = paymentsRepo(trx);
    const refund = await repo.refundByOutRefundNoForUpdate(r.outRefundNo);
    const order = refund ? await repo.byIdForUpdate(refund.order_id) : undefined;
    const audit = (action: string, details: Record<string, unknown>) =>
      recordAudit(
        trx,
        {
          actorId: actorUserId,
          action,
          targetType: 'payment_order',
          targetId: order?.id ?? null,
          orgId: order?.org_id ?? null,
          details: { ...details, via, outRefundNo: r.outRefundNo, refundId: r.refundId },
        },
        now,
      );
    if (!refund || !order || order.out_trade_no !== r.outTradeNo) {
      await audit('payment.refund_unknown', {});
      return 'unknown_refund';
    }
    if (refund.state !== 'processing') {
      await audit('payment.refund_duplicate', { state: refund.state });
      return 'duplicate';
    }
    if (r.amountFen !== Number(refund.amount_fen)) {
      await audit('payment.refund_amount_mismatch', {
        expectedFen: Number(refund.amount_fen),
        notifiedFen: r.amountFen,
      });
      return 'amount_mismatch';
    }
    let entryId: string | null = null;
    if (order.ledger_reference) {
      entryId = (
        await recordRefundInTx(trx, {
          reference: order.ledger_reference,
          refundReference: `${order.provider}-refund:${r.refundId}`,
          amountFen: r.amountFen,
          actorUserId: refund.created_by,
        })
      ).entryId;
    }
    await repo.markRefund(refund.id, {
      state: 'success',
      refund_id: r.refundId,
      ledger_entry_id: entryId,
      succeeded_at: now,
    });
    const refunded = Number(order.refunded_fen) + r.amountFen;
    await repo.addRefunded(
      order.id,
      r.amountFen,
      refunded >= Number(order.paid_amount_fen ?? order.amount_fen),
      now,
    );
    await audit('payment.refunded', { amountFen: r.amountFen, ledgerEntryId: entryId });
    return 'refunded';
  });
}
