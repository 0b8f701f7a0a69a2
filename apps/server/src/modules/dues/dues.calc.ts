/**
 * Pure dues arithmetic in integer fen. Percentages are computed with BigInt on exact integers (the
 * rate is parts per million), so there is no floating point anywhere.
 *
 * Order (documented in docs/dues.md):
 *   1. gross = wage × rate_ppm / 1,000,000, rounded to the rule's unit (fen / jiao / yuan) in its mode;
 *   2. gross = max(gross, minimum) — the minimum applies to the full dues;
 *   3. reduction: payable = gross × percent_payable / 100, rounded to the same unit in the same mode
 *      (the most favourable reduction wins: hardship / other exemption, retained membership);
 *   4. the exemption entry is gross − payable.
 */

export type RoundingMode = 'up' | 'down' | 'half_up';
export type RoundingUnit = 1 | 10 | 100;

export type DuesRule = {
  ratePpm: number;
  roundingUnit: RoundingUnit;
  roundingMode: RoundingMode;
  minimumFen: number;
  retainedPercent: number;
};

/** numerator / denominator (both non-negative) rounded to a multiple of `unit`, exact. */
export function roundDiv(
  numerator: bigint,
  denominator: bigint,
  unit: RoundingUnit,
  mode: RoundingMode,
): bigint {
  if (numerator < 0n || denominator <= 0n)
    throw new RangeError('roundDiv: non-negative numerator, positive denominator');
  const d = denominator * BigInt(unit);
  const q = numerator / d;
  const r = numerator % d;
  let n = q;
  if (mode === 'up' && r > 0n) n = q + 1n;
  if (mode === 'half_up' && 2n * r >= d) n = q + 1n;
  return n * BigInt(unit);
}

function assertFen(v: number, what: string): void {
  if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`${what} must be a non-negative integer`);
}

export type DuesAmount = { grossFen: number; dueFen: number; exemptionFen: number };

/** The dues of one month for a declared wage, with the payable share in percent (100 = no reduction). */
export function computeDues(wageFen: number, rule: DuesRule, percentPayable = 100): DuesAmount {
  assertFen(wageFen, 'wage');
  assertFen(rule.minimumFen, 'minimum');
  if (!Number.isInteger(rule.ratePpm) || rule.ratePpm < 0 || rule.ratePpm > 1_000_000)
    throw new RangeError('rate');
  if (!Number.isInteger(percentPayable) || percentPayable < 0 || percentPayable > 100)
    throw new RangeError('percent');
  const unit = rule.roundingUnit;
  let gross = roundDiv(BigInt(wageFen) * BigInt(rule.ratePpm), 1_000_000n, unit, rule.roundingMode);
  if (gross < BigInt(rule.minimumFen)) gross = BigInt(rule.minimumFen);
  let due =
    percentPayable === 100 ? gross : roundDiv(gross * BigInt(percentPayable), 100n, unit, rule.roundingMode);
  if (due > gross) due = gross; // rounding up a reduced share can never exceed the full dues
  const grossFen = Number(gross);
  const dueFen = Number(due);
  return { grossFen, dueFen, exemptionFen: grossFen - dueFen };
}

export type Reduction = { percentPayable: number; kind: 'hardship' | 'other' | 'retained' } | null;

/** The most favourable reduction among the member's exemptions and retained membership. */
export function pickReduction(
  status: string,
  rule: DuesRule,
  exemptions: Array<{ kind: 'hardship' | 'other'; percentPayable: number }>,
): Reduction {
  let best: Reduction = null;
  if (status === 'retained') best = { percentPayable: rule.retainedPercent, kind: 'retained' };
  for (const e of exemptions) {
    if (!best || e.percentPayable < best.percentPayable)
      best = { percentPayable: e.percentPayable, kind: e.kind };
  }
  return best && best.percentPayable < 100 ? best : null;
}

/** "0.5" (percent, up to 4 decimals) -> 5000 ppm, by string arithmetic. */
export function percentToPpm(percent: string): number {
  const m = /^(\d{1,3})(?:\.(\d{1,4}))?$/.exec(percent);
  if (!m) throw new RangeError('percent');
  const ppm = Number(m[1]) * 10_000 + Number((m[2] ?? '').padEnd(4, '0'));
  if (ppm > 1_000_000) throw new RangeError('percent');
  return ppm;
}

/** 5000 ppm -> "0.5". */
export function ppmToPercent(ppm: number): string {
  const int = Math.floor(ppm / 10_000);
  const frac = String(ppm % 10_000)
    .padStart(4, '0')
    .replace(/0+$/, '');
  return frac ? `${int}.${frac}` : String(int);
}

/** "123.45" yuan or "12345" fen text -> fen; null when not a valid amount. */
export function yuanTextToFen(text: string): number | null {
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

export type LedgerKind = 'charge' | 'exemption' | 'payment' | 'reversal';
export type LedgerEntry = {
  id: string;
  kind: LedgerKind;
  amountFen: number;
  period: string | null;
  reversesId: string | null;
};

export type PeriodDues = { period: string; dueFen: number; paidFen: number };

/**
 * The member's position from the ledger alone: balance = sum of entries; per period the due
 * (charges, exemptions and their reversals) and what the net payments cover, oldest period first.
 */
export function summarize(entries: readonly LedgerEntry[]): {
  balanceFen: number;
  owedFen: number;
  creditFen: number;
  periods: PeriodDues[];
} {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const due = new Map<string, number>();
  let paid = 0;
  let balance = 0;
  for (const e of entries) {
    balance += e.amountFen;
    const target = e.kind === 'reversal' && e.reversesId ? byId.get(e.reversesId) : e;
    if (!target) continue;
    if (target.kind === 'payment') paid -= e.amountFen;
    else if (target.period) due.set(target.period, (due.get(target.period) ?? 0) + e.amountFen);
  }
  let left = paid;
  const periods = [...due.keys()].sort().map((period) => {
    const d = Math.max(0, due.get(period) ?? 0);
    const p = Math.max(0, Math.min(d, left));
    left -= p;
    return { period, dueFen: d, paidFen: p };
  });
  return { balanceFen: balance, owedFen: Math.max(balance, 0), creditFen: Math.max(-balance, 0), periods };
}

/** Open periods (due not fully covered), oldest first. */
export function openPeriods(periods: readonly PeriodDues[]): PeriodDues[] {
  return periods.filter((p) => p.paidFen < p.dueFen);
}

/** "YYYY-MM" of a date in UTC. */
export function periodOf(d: Date): string {
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The first day of a period as 'YYYY-MM-DD'. */
export function periodStart(period: string): string {
  return `${period}-01`;
}

/** A real calendar date 'YYYY-MM-DD'. */
export function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

export function isPeriod(s: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(s);
}

/** The period `n` months after `period` (n may be negative). */
export function addMonths(period: string, n: number): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  const idx = y * 12 + (m - 1) + n;
  return `${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}`;
}
