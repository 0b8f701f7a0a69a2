/**
 * The ledger API other modules call (payments, elections): balances, payments, refunds, standing.
 * The write functions run inside the caller's transaction and do not audit: the caller audits its
 * own business event in the same transaction.
 */
import type { Database } from '../../kernel/db/pool.js';
import { AppError } from '../../kernel/http/errors.js';
import { type LedgerEntry, type PeriodDues, periodOf, summarize } from './dues.calc.js';
import { ledgerRepo } from './ledger.repo.js';

export type PaymentSource = 'online' | 'payroll' | 'cash';
export type DuesStanding = 'paid_up' | 'in_arrears' | 'exempt';
export type MemberDues = { balanceFen: number; owedFen: number; periods: PeriodDues[] };

export type PaymentInput = {
  memberId: string;
  amountFen: number;
  source: PaymentSource;
  reference: string;
  paidAt: Date;
  actorUserId: string | null;
};

export type RefundInput = {
  reference: string;
  refundReference: string;
  amountFen: number;
  actorUserId: string | null;
};

const MAX_FEN = 2_000_000_000;

function assertAmount(amountFen: number): void {
  if (!Number.isSafeInteger(amountFen) || amountFen <= 0 || amountFen > MAX_FEN) {
    throw new AppError('dues.invalid_amount');
  }
}

function assertReference(reference: string): void {
  if (typeof reference !== 'string' || reference.length < 1 || reference.length > 200) {
    throw new AppError('dues.invalid_reference');
  }
}

/** Balance (sum of entries), what is owed, and every scheduled period with its FIFO-covered share. */
export async function getMemberDues(db: Database, memberId: string): Promise<MemberDues> {
  const { balanceFen, owedFen, periods } = summarize(await ledgerRepo(db).entries(memberId));
  return { balanceFen, owedFen, periods };
}

/**
 * Books a payment (negative entry). Idempotent by `reference`: the same reference again returns the
 * first entry with `duplicate: true`. Net payments cover the oldest open periods first.
 * @throws AppError dues.invalid_amount, dues.invalid_reference, not_found (member),
 *   dues.reference_conflict (reference used for another member, amount or kind).
 */
export async function recordPaymentInTx(
  trx: Database,
  input: PaymentInput,
): Promise<{ entryId: string; duplicate: boolean }> {
  assertAmount(input.amountFen);
  assertReference(input.reference);
  if (!['online', 'payroll', 'cash'].includes(input.source)) throw new AppError('bad_request');
  const repo = ledgerRepo(trx);
  if (!(await repo.lockMember(input.memberId))) throw new AppError('not_found');
  const existing = await repo.byReference(input.reference);
  if (existing) {
    if (
      existing.kind !== 'payment' ||
      existing.member_id !== input.memberId ||
      existing.amount_fen !== -input.amountFen
    ) {
      throw new AppError('dues.reference_conflict');
    }
    return { entryId: existing.id, duplicate: true };
  }
  const entryId = await repo.insert({
    member_id: input.memberId,
    kind: 'payment',
    amount_fen: -input.amountFen,
    period: null,
    source: input.source,
    reference: input.reference,
    reverses_id: null,
    actor_id: input.actorUserId,
    at: input.paidAt,
  });
  return { entryId, duplicate: false };
}

/**
 * Books a refund of (part of) a payment as a reversal entry. Idempotent by `refundReference`.
 * @throws AppError dues.payment_not_found, dues.refund_exceeds_payment, dues.invalid_amount,
 *   dues.reference_conflict (refundReference already used for something else).
 */
export async function recordRefundInTx(trx: Database, input: RefundInput): Promise<{ entryId: string }> {
  assertAmount(input.amountFen);
  assertReference(input.reference);
  assertReference(input.refundReference);
  const repo = ledgerRepo(trx);
  const payment = await repo.byReference(input.reference);
  if (payment?.kind !== 'payment') throw new AppError('dues.payment_not_found');
  await repo.lockMember(payment.member_id);
  const existing = await repo.byReference(input.refundReference);
  if (existing) {
    if (existing.reverses_id !== payment.id || existing.amount_fen !== input.amountFen) {
      throw new AppError('dues.reference_conflict');
    }
    return { entryId: existing.id };
  }
  const already = await repo.reversedSum(payment.id);
  if (already + input.amountFen > -payment.amount_fen) throw new AppError('dues.refund_exceeds_payment');
  const entryId = await repo.insert({
    member_id: payment.member_id,
    kind: 'reversal',
    amount_fen: input.amountFen,
    period: null,
    source: null,
    reference: input.refundReference,
    reverses_id: payment.id,
    actor_id: input.actorUserId,
  });
  return { entryId };
}

/**
 * Reverses an entry completely (officer correction). A charge or an exemption is reversed together with
 * the other entries of its period (charge and exemption always go together, so a period's due never
 * turns negative); a payment is reversed for what has not been refunded yet.
 * @throws AppError not_found, dues.already_reversed.
 */
export async function reverseEntryInTx(
  trx: Database,
  entryId: string,
  actorUserId: string | null,
): Promise<{ entryIds: string[]; memberId: string }> {
  const repo = ledgerRepo(trx);
  const picked = await repo.byId(entryId);
  if (!picked) throw new AppError('not_found');
  await repo.lockMember(picked.member_id);
  if (picked.kind === 'reversal') throw new AppError('dues.already_reversed');
  const targets = picked.period ? await repo.periodEntries(picked.member_id, picked.period) : [picked];
  const entryIds: string[] = [];
  for (const t of targets) {
    const rest = -t.amount_fen - (await repo.reversedSum(t.id));
    if (rest === 0) continue;
    entryIds.push(
      await repo.insert({
        member_id: t.member_id,
        kind: 'reversal',
        amount_fen: rest,
        period: t.period,
        source: null,
        reference: null,
        reverses_id: t.id,
        actor_id: actorUserId,
      }),
    );
  }
  if (entryIds.length === 0) throw new AppError('dues.already_reversed');
  return { entryIds, memberId: picked.member_id };
}

/** Standing of members on a date, for election rolls (see docs/dues.md). */
export async function duesStanding(
  db: Database,
  memberIds: string[],
  asOf: Date,
): Promise<Map<string, DuesStanding>> {
  const ids = [...new Set(memberIds)];
  const out = new Map<string, DuesStanding>();
  if (ids.length === 0) return out;
  const repo = ledgerRepo(db);
  const current = periodOf(asOf);
  const byMember = new Map<string, LedgerEntry[]>();
  const rows = [];
  for (let i = 0; i < ids.length; i += 5000)
    rows.push(...(await repo.entriesOfMembers(ids.slice(i, i + 5000))));
  for (const r of rows) {
    const list = byMember.get(r.member_id) ?? [];
    list.push({
      id: r.id,
      kind: r.kind,
      amountFen: r.amount_fen,
      period: r.period,
      reversesId: r.reverses_id,
    });
    byMember.set(r.member_id, list);
  }
  const latest = new Map<string, { due_fen: number; exemption: string | null }>();
  for (let i = 0; i < ids.length; i += 5000) {
    for (const r of await repo.latestSchedule(ids.slice(i, i + 5000), current)) latest.set(r.member_id, r);
  }
  for (const id of ids) {
    const { periods } = summarize(byMember.get(id) ?? []);
    const arrears = periods.some((p) => p.period < current && p.paidFen < p.dueFen);
    const last = latest.get(id);
    if (arrears) out.set(id, 'in_arrears');
    else if (last && last.due_fen === 0 && last.exemption !== null) out.set(id, 'exempt');
    else out.set(id, 'paid_up');
  }
  return out;
}
