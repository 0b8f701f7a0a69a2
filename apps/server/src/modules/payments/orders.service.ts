/**
 * Orders: a member pays open dues online (one order = one member, the periods and amount it pays);
 * members see their own orders, finance officers the orders of their org subtree.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Actor } from '../../kernel/auth/actor.js';
import { inScope, requireAccess, requirePermissionSomewhere } from '../../kernel/auth/access.js';
import { recordAudit } from '../../kernel/audit/audit.js';
import type { Database } from '../../kernel/db/pool.js';
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import { getMemberDues } from '../dues/index.js';
import { memberOfUser } from '../members/index.js';
import { presentOrder } from './payments.present.js';
import { paymentsRepo } from './payments.repo.js';
import { defaultProvider, notifyUrl } from './providers.js';

const LIVE = new Set(['active', 'retained', 'transferring']);
const ORDER_LIFETIME_MS = 2 * 3_600_000;
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** The caller's live member record. @throws AppError not_found */
export async function myMember(deps: Deps, actor: Actor) {
  const m = await memberOfUser(deps.db, actor.userId);
  if (!m || !LIVE.has(m.status)) throw new AppError('not_found');
  return m;
}

function randomCode(n: number): string {
  const bytes = randomBytes(n);
  return [...bytes].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
}

function outTradeNo(now: Date): string {
  const day = now.toISOString().slice(0, 10).replaceAll('-', '');
  return `UH${day}${randomBytes(8).toString('hex').toUpperCase()}`;
}

/**
 * Creates an order for the given open periods (default: everything owed) and the QR code to pay it.
 * @throws AppError not_found, payment.nothing_owed, payment.invalid_period, payment.unavailable
 */
export async function createMyOrder(deps: Deps, actor: Actor, body: { periods?: string[] }) {
  const m = await myMember(deps, actor);
  const provider = defaultProvider(deps);
  const dues = await getMemberDues(deps.db, m.id);
  const open = dues.periods.filter((p) => p.dueFen > p.paidFen);
  let periods: string[];
  let amountFen: number;
  if (body.periods && body.periods.length > 0) {
    const wanted = new Set(body.periods);
    const chosen = open.filter((p) => wanted.has(p.period));
    if (chosen.length !== wanted.size) throw new AppError('payment.invalid_period');
    periods = chosen.map((p) => p.period);
    amountFen = Math.min(
      chosen.reduce((s, p) => s + (p.dueFen - p.paidFen), 0),
      dues.owedFen,
    );
  } else {
    periods = open.map((p) => p.period);
    amountFen = dues.owedFen;
  }
  if (amountFen <= 0) throw new AppError('payment.nothing_owed');
  const now = deps.clock.now();
  const range = periods.length > 1 ? `${periods[0]}—${periods.at(-1)}` : (periods[0] ?? '');
  const description = `工会会费 ${range}`.trim().slice(0, 120);
  const order = await deps.db.transaction().execute(async (trx) => {
    const o = await paymentsRepo(trx).insertOrder({
      out_trade_no: outTradeNo(now),
      member_id: m.id,
      union_id: m.unionId,
      org_id: m.orgId,
      provider: provider.name,
      amount_fen: amountFen,
      periods,
      description,
      receipt_code: randomCode(10),
      created_by: actor.userId,
      created_at: now,
    });
    await recordAudit(
      trx,
      {
        actorId: actor.userId,
        ip: actor.ip,
        action: 'payment.order_created',
        targetType: 'payment_order',
        targetId: o.id,
        orgId: m.orgId,
        details: { amountFen, periods, provider: provider.name },
      },
      now,
    );
    return o;
  });
  try {
    const created = await provider.createOrder({
      outTradeNo: order.out_trade_no,
      amountFen,
      description,
      notifyUrl: notifyUrl(deps, provider.name),
      expiresAt: new Date(now.getTime() + ORDER_LIFETIME_MS),
    });
    await paymentsRepo(deps.db).setPrepay(order.id, created.prepayId, created.codeUrl, now);
  } catch (e) {
    await paymentsRepo(deps.db).close(order.id, now);
    throw e;
  }
  return orderView(deps.db, order.id);
}

export async function orderView(db: Database, id: string) {
  const repo = paymentsRepo(db);
  const o = await repo.withNames(id);
  if (!o) throw new AppError('not_found');
  return presentOrder(o, await repo.refundsOf(id));
}

/** The caller's own orders (newest first). */
export async function listMyOrders(deps: Deps, actor: Actor) {
  const m = await memberOfUser(deps.db, actor.userId);
  if (!m) return { items: [] };
  return { items: (await paymentsRepo(deps.db).ofMember(m.id)).map((o) => presentOrder(o)) };
}

/** One of the caller's own orders; anyone else's answers like a missing one. @throws not_found */
export async function getMyOrder(deps: Deps, actor: Actor, id: string) {
  const o = await paymentsRepo(deps.db).withNames(id);
  if (!o || o.member_user_id !== actor.userId) throw new AppError('not_found');
  return orderView(deps.db, id);
}

/** An order in the officer's scope (dues.read). @throws not_found */
export async function getOrder(deps: Deps, actor: Actor, id: string) {
  const o = await paymentsRepo(deps.db).withNames(id);
  if (!o) throw new AppError('not_found');
  await requireAccess(deps.db, actor, 'dues.read', o.org_id);
  return orderView(deps.db, id);
}

/** Orders in the officer's scope, filtered by state (e.g. `amount_mismatch`) or member. */
export async function listOrders(
  deps: Deps,
  actor: Actor,
  q: { state?: string; memberId?: string; page?: number; pageSize?: number },
) {
  await requirePermissionSomewhere(deps.db, actor, 'dues.read');
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 50;
  const scope = inScope(deps.db, actor, 'dues.read', sql.ref('o.org_id'));
  const { items, total } = await paymentsRepo(deps.db).list(scope, { ...q, page, pageSize });
  return { items: items.map((o) => presentOrder(o)), total, page, pageSize };
}
