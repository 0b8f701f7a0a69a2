/**
 * Officer side of dues: rules per union, declared wages (ciphertext only, masked in answers),
 * exemptions, a member's ledger, cash payments and corrections by reversal. Everything audited.
 */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../kernel/auth/actor.js';
import { requireAccess } from '../../kernel/auth/access.js';
import { recordAudit } from '../../kernel/audit/audit.js';
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import { isIsoDate, isPeriod, percentToPpm, ppmToPercent, summarize } from './dues.calc.js';
import { duesRepo } from './dues.repo.js';
import { ledgerRepo } from './ledger.repo.js';
import { recordPaymentInTx, reverseEntryInTx } from './ledger.service.js';

export const WAGE_COLUMN = 'dues_wages.wage';
const MASK = '******';

type RuleInput = {
  unionId: string;
  effectiveFrom: string;
  ratePercent: string;
  roundingUnit: 1 | 10 | 100;
  roundingMode: 'up' | 'down' | 'half_up';
  minimumFen: number;
  retainedPercent: number;
};

async function unionOrThrow(deps: Deps, unionId: string) {
  const org = await duesRepo(deps.db).org(unionId);
  if (!org) throw new AppError('not_found');
  return org;
}

function ruleView(r: Awaited<ReturnType<ReturnType<typeof duesRepo>['rules']>>[number]) {
  return {
    id: r.id,
    unionId: r.union_id,
    effectiveFrom: r.effective_from,
    ratePercent: ppmToPercent(r.rate_ppm),
    roundingUnit: r.rounding_unit as 1 | 10 | 100,
    roundingMode: r.rounding_mode,
    minimumFen: r.minimum_fen,
    retainedPercent: r.retained_percent,
    createdAt: r.created_at.toISOString(),
  };
}

export async function listRules(deps: Deps, actor: Actor, unionId: string = actor.orgId) {
  await requireAccess(deps.db, actor, 'dues.read', unionId);
  await unionOrThrow(deps, unionId);
  return { items: (await duesRepo(deps.db).rules(unionId)).map(ruleView) };
}

/** A new rule from its effective date on; earlier rules stay as history. */
export async function createRule(deps: Deps, actor: Actor, input: RuleInput) {
  await requireAccess(deps.db, actor, 'finance.manage', input.unionId);
  const org = await unionOrThrow(deps, input.unionId);
  if (org.kind !== 'grassroots') throw new AppError('dues.invalid_rule', { field: 'unionId' });
  if (!isIsoDate(input.effectiveFrom)) throw new AppError('dues.invalid_rule', { field: 'effectiveFrom' });
  let ratePpm: number;
  try {
    ratePpm = percentToPpm(input.ratePercent);
  } catch {
    throw new AppError('dues.invalid_rule', { field: 'ratePercent' });
  }
  return deps.db.transaction().execute(async (trx) => {
    const id = await duesRepo(trx).insertRule({
      union_id: input.unionId,
      effective_from: input.effectiveFrom,
      rate_ppm: ratePpm,
      rounding_unit: input.roundingUnit,
      rounding_mode: input.roundingMode,
      minimum_fen: input.minimumFen,
      retained_percent: input.retainedPercent,
      created_by: actor.userId,
    });
    if (!id) throw new AppError('dues.rule_exists');
    await recordAudit(trx, {
      actorId: actor.userId,
      ip: actor.ip,
      action: 'dues.rule_created',
      targetType: 'dues_rule',
      targetId: id,
      orgId: input.unionId,
      details: {
        effectiveFrom: input.effectiveFrom,
        ratePpm,
        roundingUnit: input.roundingUnit,
        roundingMode: input.roundingMode,
        minimumFen: input.minimumFen,
        retainedPercent: input.retainedPercent,
      },
    });
    return { items: (await duesRepo(trx).rules(input.unionId)).map(ruleView) };
  });
}

/** The member record an officer asks about, checked against the actor's scope (404 outside). */
async function memberInScope(
  deps: Deps,
  actor: Actor,
  memberId: string,
  permission: 'dues.read' | 'finance.manage',
) {
  const m = await ledgerRepo(deps.db).member(memberId);
  if (!m) throw new AppError('not_found');
  await requireAccess(deps.db, actor, permission, m.org_id);
  return m;
}

/** A member's dues for officers: position, periods, ledger, wages (masked) and exemptions. */
export async function memberDuesDetail(deps: Deps, actor: Actor, memberId: string) {
  const m = await memberInScope(deps, actor, memberId, 'dues.read');
  const repo = duesRepo(deps.db);
  const lr = ledgerRepo(deps.db);
  const summary = summarize(await lr.entries(memberId));
  return {
    member: { id: m.id, name: m.name, memberNo: m.member_no, status: m.status, orgId: m.org_id },
    balanceFen: summary.balanceFen,
    owedFen: summary.owedFen,
    periods: summary.periods,
    entries: (await lr.history(memberId, 200)).map(entryView),
    wages: (await repo.wages(memberId)).map((w) => ({ effectiveFrom: w.effective_from, wage: MASK })),
    exemptions: (await repo.exemptions(memberId)).map((e) => ({
      id: e.id,
      kind: e.kind,
      percentPayable: e.percent_payable,
      fromPeriod: e.from_period,
      toPeriod: e.to_period,
      reason: e.reason,
    })),
  };
}

export function entryView(e: {
  id: string;
  kind: string;
  amount_fen: number;
  period: string | null;
  source: string | null;
  reference: string | null;
  reverses_id: string | null;
  at: Date;
}) {
  return {
    id: e.id,
    kind: e.kind,
    amountFen: e.amount_fen,
    period: e.period,
    source: e.source,
    reference: e.reference,
    reversesId: e.reverses_id,
    at: e.at.toISOString(),
  };
}

/** Sets the declared monthly wage from a date on (same date again replaces it); encrypted at rest. */
export async function setWage(
  deps: Deps,
  actor: Actor,
  memberId: string,
  input: { effectiveFrom: string; wageFen: number },
) {
  const m = await memberInScope(deps, actor, memberId, 'finance.manage');
  if (!isIsoDate(input.effectiveFrom)) throw new AppError('dues.invalid_period', { field: 'effectiveFrom' });
  const enc = deps.cipher.encrypt(WAGE_COLUMN, String(input.wageFen));
  await deps.db.transaction().execute(async (trx) => {
    await duesRepo(trx).upsertWage(memberId, input.effectiveFrom, enc, actor.userId);
    await recordAudit(trx, {
      actorId: actor.userId,
      ip: actor.ip,
      action: 'dues.wage_set',
      targetType: 'member',
      targetId: memberId,
      orgId: m.org_id,
      details: { effectiveFrom: input.effectiveFrom },
    });
  });
  return memberDuesDetail(deps, actor, memberId);
}

/** Clear wage history for a finance officer, with a reason, audited in the same transaction. */
export async function revealWages(deps: Deps, actor: Actor, memberId: string, reason: string) {
  const m = await memberInScope(deps, actor, memberId, 'finance.manage');
  const rows = await duesRepo(deps.db).wages(memberId);
  const items = await Promise.all(
    rows.map(async (w) => ({
      effectiveFrom: w.effective_from,
      wageFen: Number(await deps.cipher.decrypt(WAGE_COLUMN, w.wage_enc)),
    })),
  );
  await deps.db.transaction().execute((trx) =>
    recordAudit(trx, {
      actorId: actor.userId,
      ip: actor.ip,
      action: 'pii.revealed',
      targetType: 'member',
      targetId: memberId,
      orgId: m.org_id,
      details: { fields: ['wage'], reason },
    }),
  );
  return { items };
}

export async function addExemption(
  deps: Deps,
  actor: Actor,
  memberId: string,
  input: {
    kind: 'hardship' | 'other';
    percentPayable: number;
    fromPeriod: string;
    toPeriod?: string;
    reason: string;
  },
) {
  const m = await memberInScope(deps, actor, memberId, 'finance.manage');
  if (
    !isPeriod(input.fromPeriod) ||
    (input.toPeriod && (!isPeriod(input.toPeriod) || input.toPeriod < input.fromPeriod))
  ) {
    throw new AppError('dues.invalid_period');
  }
  await deps.db.transaction().execute(async (trx) => {
    const { id } = await duesRepo(trx).insertExemption({
      member_id: memberId,
      kind: input.kind,
      percent_payable: input.percentPayable,
      from_period: input.fromPeriod,
      to_period: input.toPeriod ?? null,
      reason: input.reason,
      created_by: actor.userId,
    });
    await recordAudit(trx, {
      actorId: actor.userId,
      ip: actor.ip,
      action: 'dues.exemption_added',
      targetType: 'member',
      targetId: memberId,
      orgId: m.org_id,
      details: {
        exemptionId: id,
        kind: input.kind,
        percentPayable: input.percentPayable,
        fromPeriod: input.fromPeriod,
        toPeriod: input.toPeriod ?? null,
      },
    });
  });
  return memberDuesDetail(deps, actor, memberId);
}

/** A cash payment taken by the finance officer (reference optional: a receipt number makes it idempotent). */
export async function recordCash(
  deps: Deps,
  actor: Actor,
  memberId: string,
  input: { amountFen: number; reference?: string },
) {
  const m = await memberInScope(deps, actor, memberId, 'finance.manage');
  const reference = input.reference ? `cash:${input.reference}` : `cash:${randomUUID()}`;
  await deps.db.transaction().execute(async (trx) => {
    const r = await recordPaymentInTx(trx, {
      memberId,
      amountFen: input.amountFen,
      source: 'cash',
      reference,
      paidAt: deps.clock.now(),
      actorUserId: actor.userId,
    });
    if (!r.duplicate) {
      await recordAudit(trx, {
        actorId: actor.userId,
        ip: actor.ip,
        action: 'dues.payment_recorded',
        targetType: 'member',
        targetId: memberId,
        orgId: m.org_id,
        details: { entryId: r.entryId, source: 'cash', amountFen: input.amountFen, reference },
      });
    }
  });
  return memberDuesDetail(deps, actor, memberId);
}

/** Corrects a ledger entry by a reversal entry (the ledger itself never changes). */
export async function reverseEntry(deps: Deps, actor: Actor, entryId: string, reason: string) {
  const entry = await ledgerRepo(deps.db).byId(entryId);
  if (!entry) throw new AppError('not_found');
  const m = await memberInScope(deps, actor, entry.member_id, 'finance.manage');
  await deps.db.transaction().execute(async (trx) => {
    const r = await reverseEntryInTx(trx, entryId, actor.userId);
    await recordAudit(trx, {
      actorId: actor.userId,
      ip: actor.ip,
      action: 'dues.entry_reversed',
      targetType: 'member',
      targetId: m.id,
      orgId: m.org_id,
      details: { entryId, reversalIds: r.entryIds, reason },
    });
  });
  return memberDuesDetail(deps, actor, m.id);
}
