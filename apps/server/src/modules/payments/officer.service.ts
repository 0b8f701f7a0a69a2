/**
 * Finance officers' actions on orders in their scope (finance.manage): refund (full or partial) and a
 * query at the platform; and the scheduled reconciliation of pending orders whose notification never
 * arrived.
 */
import { randomBytes } from 'node:crypto';
import type { Actor } from '../../kernel/auth/actor.js';
import { requireAccess } from '../../kernel/auth/access.js';
import { recordAudit, recordAuditStandalone } from '../../kernel/audit/audit.js';
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import type { JobDefinition } from '../../kernel/jobs/jobs.js';
import { orderView } from './orders.service.js';
import { type OrderRow, paymentsRepo } from './payments.repo.js';
import { providerFor } from './providers.js';
import { applyRefundResult, applyTransaction } from './settle.service.js';

const REFUNDABLE = new Set(['paid', 'amount_mismatch', 'refunded']);
/** A pending order unpaid this long after creation is closed by reconciliation. */
const CLOSE_AFTER_MS = 3 * 3_600_000;

async function officerOrder(deps: Deps, actor: Actor, id: string) {
  const o = await paymentsRepo(deps.db).withNames(id);
  if (!o) throw new AppError('not_found');
  await requireAccess(deps.db, actor, 'finance.manage', o.org_id);
  return o;
}

/**
 * Refunds `amountFen` of a paid order; the ledger gets a reversal entry once the platform confirms.
 * @throws AppError not_found, payment.invalid_state, payment.invalid_amount
 */
export async function refundOrder(
  deps: Deps,
  actor: Actor,
  id: string,
  body: { amountFen: number; reason: string },
) {
  const o = await officerOrder(deps, actor, id);
  const now = deps.clock.now();
  const refund = await deps.db.transaction().execute(async (trx) => {
    const repo = paymentsRepo(trx);
    const order = (await repo.byIdForUpdate(id))!;
    if (!REFUNDABLE.has(order.state)) throw new AppError('payment.invalid_state', { state: order.state });
    const left =
      Number(order.paid_amount_fen ?? 0) - Number(order.refunded_fen) - (await repo.pendingRefundTotal(id));
    if (body.amountFen > left) throw new AppError('payment.invalid_amount', { refundableFen: left });
    const r = await repo.insertRefund({
      order_id: id,
      out_refund_no: `RF${now.toISOString().slice(0, 10).replaceAll('-', '')}${randomBytes(8).toString('hex').toUpperCase()}`,
      amount_fen: body.amountFen,
      reason: body.reason,
      created_by: actor.userId,
      created_at: now,
    });
    await recordAudit(
      trx,
      {
        actorId: actor.userId,
        ip: actor.ip,
        action: 'payment.refund_requested',
        targetType: 'payment_order',
        targetId: id,
        orgId: order.org_id,
        details: { amountFen: body.amountFen, reason: body.reason, outRefundNo: r.out_refund_no },
      },
      now,
    );
    return r;
  });
  const provider = providerFor(deps, o.provider);
  let result: Awaited<ReturnType<typeof provider.refund>>;
  try {
    result = await provider.refund({
      outTradeNo: o.out_trade_no,
      outRefundNo: refund.out_refund_no,
      amountFen: body.amountFen,
      totalFen: Number(o.paid_amount_fen ?? o.amount_fen),
      reason: body.reason,
    });
  } catch (e) {
    await deps.db.transaction().execute(async (trx) => {
      await paymentsRepo(trx).markRefund(refund.id, {
        state: 'failed',
        refund_id: null,
        ledger_entry_id: null,
        succeeded_at: null,
      });
      await recordAudit(trx, {
        actorId: actor.userId,
        ip: actor.ip,
        action: 'payment.refund_failed',
        targetType: 'payment_order',
        targetId: id,
        orgId: o.org_id,
        details: {
          outRefundNo: refund.out_refund_no,
          code: e instanceof AppError ? e.code : 'provider_error',
        },
      });
    });
    throw e;
  }
  await applyRefundResult(deps, { ...result, outTradeNo: o.out_trade_no }, 'refund_call', actor.userId);
  return orderView(deps.db, id);
}

/** Asks the platform about one order and applies the answer (a missed notification). */
async function reconcile(deps: Deps, o: OrderRow, actorId: string | null): Promise<string> {
  const now = deps.clock.now();
  const provider = providerFor(deps, o.provider);
  const txn = await provider.queryOrder(o.out_trade_no);
  await paymentsRepo(deps.db).touchQueried(o.id, now);
  if (txn?.tradeState === 'SUCCESS') return applyTransaction(deps, o.provider, txn, 'query', null);
  if (o.state === 'pending' && now.getTime() - o.created_at.getTime() > CLOSE_AFTER_MS) {
    await deps.db.transaction().execute(async (trx) => {
      await paymentsRepo(trx).close(o.id, now);
      await recordAudit(
        trx,
        {
          actorId,
          action: 'payment.order_closed',
          targetType: 'payment_order',
          targetId: o.id,
          orgId: o.org_id,
          details: { tradeState: txn?.tradeState ?? 'UNKNOWN' },
        },
        now,
      );
    });
    return 'closed';
  }
  return 'unchanged';
}

/** Officer: query the platform for one order now. @throws not_found */
export async function queryOrderNow(deps: Deps, actor: Actor, id: string) {
  await officerOrder(deps, actor, id);
  const row = (await paymentsRepo(deps.db).byIdForUpdate(id))!;
  const outcome = row.state === 'pending' ? await reconcile(deps, row, actor.userId) : 'unchanged';
  await recordAuditStandalone(deps.db, {
    actorId: actor.userId,
    ip: actor.ip,
    action: 'payment.order_queried',
    targetType: 'payment_order',
    targetId: id,
    orgId: row.org_id,
    details: { outcome },
  });
  return { outcome, order: await orderView(deps.db, id) };
}

/** Job: pending orders older than the configured minutes are queried at their provider. */
export async function reconcilePendingOrders(deps: Deps): Promise<Record<string, number>> {
  const now = deps.clock.now();
  const cutoff = new Date(now.getTime() - deps.config.paymentReconcileAfterMinutes * 60_000);
  const counts: Record<string, number> = {};
  for (const o of await paymentsRepo(deps.db).pendingBefore(cutoff, 200)) {
    if (!deps.config.paymentProviders.includes(o.provider)) continue;
    const outcome = await reconcile(deps, o, null);
    counts[outcome] = (counts[outcome] ?? 0) + 1;
  }
  return counts;
}

export const paymentsJobs: JobDefinition[] = [
  {
    name: 'payments-reconcile',
    cron: '*/5 * * * *',
    handler: async (deps) => void (await reconcilePendingOrders(deps)),
  },
];
