/** Pure dues arithmetic: exact integer rounding, minimum and reductions in order, FIFO allocation. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addMonths,
  computeDues,
  type DuesRule,
  type LedgerEntry,
  percentToPpm,
  ppmToPercent,
  roundDiv,
  summarize,
  yuanTextToFen,
} from './dues.calc.js';

const base: DuesRule = {
  ratePpm: 5000,
  roundingUnit: 1,
  roundingMode: 'half_up',
  minimumFen: 0,
  retainedPercent: 0,
};
const ruleArb = fc.record({
  ratePpm: fc.integer({ min: 0, max: 1_000_000 }),
  roundingUnit: fc.constantFrom(1 as const, 10 as const, 100 as const),
  roundingMode: fc.constantFrom('up' as const, 'down' as const, 'half_up' as const),
  minimumFen: fc.integer({ min: 0, max: 100_000 }),
  retainedPercent: fc.integer({ min: 0, max: 100 }),
});
const wageArb = fc.integer({ min: 0, max: 100_000_000_00 });

describe('computeDues', () => {
  it('0.5% of 6,543.21 yuan in every rounding', () => {
    // 654321 fen × 0.005 = 3271.605 fen
    expect(computeDues(654321, base).grossFen).toBe(3272);
    expect(computeDues(654321, { ...base, roundingMode: 'down' }).grossFen).toBe(3271);
    expect(computeDues(654321, { ...base, roundingMode: 'up' }).grossFen).toBe(3272);
    expect(computeDues(654321, { ...base, roundingUnit: 10, roundingMode: 'down' }).grossFen).toBe(3270);
    expect(computeDues(654321, { ...base, roundingUnit: 10, roundingMode: 'up' }).grossFen).toBe(3280);
    expect(computeDues(654321, { ...base, roundingUnit: 100, roundingMode: 'half_up' }).grossFen).toBe(3300);
    expect(computeDues(654321, { ...base, roundingUnit: 100, roundingMode: 'down' }).grossFen).toBe(3200);
    // exactly half: 100 fen × 0.5% = 0.5 fen
    expect(computeDues(100, base).grossFen).toBe(1);
    expect(computeDues(100, { ...base, roundingMode: 'down' }).grossFen).toBe(0);
  });

  it('minimum before the reduction; reduction rounded in the rule mode', () => {
    const r = { ...base, minimumFen: 500 };
    expect(computeDues(10_000, r)).toEqual({ grossFen: 500, dueFen: 500, exemptionFen: 0 });
    expect(computeDues(10_000, r, 50)).toEqual({ grossFen: 500, dueFen: 250, exemptionFen: 250 });
    expect(computeDues(10_000, r, 0)).toEqual({ grossFen: 500, dueFen: 0, exemptionFen: 500 });
    // 3271.605 -> 3272; 33% -> 1079.76 -> 1080
    expect(computeDues(654321, base, 33)).toEqual({ grossFen: 3272, dueFen: 1080, exemptionFen: 2192 });
  });

  it('matches exact rational arithmetic for every rule, wage and reduction', () => {
    fc.assert(
      fc.property(ruleArb, wageArb, fc.integer({ min: 0, max: 100 }), (rule, wage, pct) => {
        const { grossFen, dueFen, exemptionFen } = computeDues(wage, rule, pct);
        const u = rule.roundingUnit;
        // reference: the exact value in millionths of a fen, compared with the rounded result
        const exact = BigInt(wage) * BigInt(rule.ratePpm); // fen × 1e6
        const g = BigInt(grossFen) * 1_000_000n;
        if (grossFen > rule.minimumFen) {
          expect(grossFen % u).toBe(0);
          const unit = BigInt(u) * 1_000_000n;
          if (rule.roundingMode === 'down') expect(g <= exact && exact - g < unit).toBe(true);
          if (rule.roundingMode === 'up') expect(g >= exact && g - exact < unit).toBe(true);
          if (rule.roundingMode === 'half_up')
            expect(2n * (g - exact) <= unit && 2n * (exact - g) < unit).toBe(true);
        } else {
          expect(grossFen).toBe(rule.minimumFen);
        }
        expect(Number.isInteger(dueFen) && dueFen >= 0 && dueFen <= grossFen).toBe(true);
        expect(exemptionFen).toBe(grossFen - dueFen);
        if (pct === 100) expect(dueFen).toBe(grossFen);
        if (pct === 0) expect(dueFen).toBe(0);
      }),
      { numRuns: 2000 },
    );
  });

  it('is monotone in the wage', () => {
    fc.assert(
      fc.property(ruleArb, wageArb, wageArb, (rule, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(computeDues(lo, rule).grossFen).toBeLessThanOrEqual(computeDues(hi, rule).grossFen);
      }),
    );
  });

  it('roundDiv never uses floats (exact for huge values)', () => {
    expect(roundDiv(10n ** 30n + 1n, 10n, 1, 'up')).toBe(10n ** 29n + 1n);
  });
});

describe('text conversions', () => {
  it('percent <-> ppm and yuan -> fen without floats', () => {
    expect(percentToPpm('0.5')).toBe(5000);
    expect(percentToPpm('0.0001')).toBe(1);
    expect(percentToPpm('100')).toBe(1_000_000);
    expect(() => percentToPpm('100.1')).toThrow();
    expect(() => percentToPpm('-1')).toThrow();
    expect(ppmToPercent(5000)).toBe('0.5');
    expect(ppmToPercent(12_345)).toBe('1.2345');
    expect(yuanTextToFen('32.7')).toBe(3270);
    expect(yuanTextToFen('0.07')).toBe(7);
    expect(yuanTextToFen('1.005')).toBeNull();
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-11', 14)).toBe('2028-01');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), (ppm) => {
        expect(percentToPpm(ppmToPercent(ppm))).toBe(ppm);
      }),
    );
  });
});

/** A random sequence of ledger operations, applied the way the service applies them. */
type Op =
  | { t: 'charge'; period: number; gross: number; due: number }
  | { t: 'pay'; amount: number }
  | { t: 'reverse'; pick: number }
  | { t: 'refund'; pick: number; amount: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc
    .record({
      period: fc.integer({ min: 0, max: 11 }),
      gross: fc.integer({ min: 1, max: 10_000 }),
      share: fc.integer({ min: 0, max: 100 }),
    })
    .map(({ period, gross, share }) => ({
      t: 'charge' as const,
      period,
      gross,
      due: Math.floor((gross * share) / 100),
    })),
  fc.record({ t: fc.constant('pay' as const), amount: fc.integer({ min: 1, max: 20_000 }) }),
  fc.record({ t: fc.constant('reverse' as const), pick: fc.nat() }),
  fc.record({
    t: fc.constant('refund' as const),
    pick: fc.nat(),
    amount: fc.integer({ min: 1, max: 20_000 }),
  }),
);

function apply(ops: Op[]): LedgerEntry[] {
  const entries: LedgerEntry[] = [];
  const charged = new Set<number>();
  const reversed = new Map<string, number>();
  let n = 0;
  const push = (e: Omit<LedgerEntry, 'id'>) => entries.push({ id: `e${n++}`, ...e });
  for (const op of ops) {
    if (op.t === 'charge' && !charged.has(op.period)) {
      charged.add(op.period);
      const period = addMonths('2026-01', op.period);
      push({ kind: 'charge', amountFen: op.gross, period, reversesId: null });
      if (op.due < op.gross)
        push({ kind: 'exemption', amountFen: op.due - op.gross, period, reversesId: null });
    } else if (op.t === 'pay') {
      push({ kind: 'payment', amountFen: -op.amount, period: null, reversesId: null });
    } else if (op.t === 'reverse' || op.t === 'refund') {
      const targets = entries.filter((e) => e.kind !== 'reversal');
      if (targets.length === 0) continue;
      const picked = targets[op.pick % targets.length]!;
      // a period's charge and exemption are reversed together (reverseEntryInTx does the same)
      const group = picked.period ? targets.filter((e) => e.period === picked.period) : [picked];
      for (const target of group) {
        const rest = -target.amountFen - (reversed.get(target.id) ?? 0);
        if (rest === 0) continue;
        const amount = op.t === 'refund' && target.kind === 'payment' ? Math.min(op.amount, rest) : rest;
        reversed.set(target.id, (reversed.get(target.id) ?? 0) + amount);
        push({ kind: 'reversal', amountFen: amount, period: target.period, reversesId: target.id });
      }
    }
  }
  return entries;
}

describe('ledger invariants', () => {
  it('balance = sum of entries; allocation never exceeds dues nor net payments; owed = dues − covered', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
        const entries = apply(ops);
        const s = summarize(entries);
        expect(s.balanceFen).toBe(entries.reduce((a, e) => a + e.amountFen, 0));
        const due = s.periods.reduce((a, p) => a + p.dueFen, 0);
        const covered = s.periods.reduce((a, p) => a + p.paidFen, 0);
        const netPaid = due - s.balanceFen;
        for (const p of s.periods) expect(p.paidFen >= 0 && p.paidFen <= p.dueFen).toBe(true);
        expect(covered).toBe(Math.min(due, Math.max(0, netPaid)));
        expect(s.owedFen).toBe(Math.max(0, due - covered));
        // FIFO: an open period is never followed by a covered one with dues
        const firstOpen = s.periods.findIndex((p) => p.paidFen < p.dueFen);
        if (firstOpen >= 0) for (const p of s.periods.slice(firstOpen + 1)) expect(p.paidFen).toBe(0);
      }),
      { numRuns: 1000 },
    );
  });

  it('a reversal cancels its entry exactly', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 30 }), fc.nat(), (ops, pick) => {
        const entries = apply(ops);
        const targets = entries.filter(
          (e) => e.kind !== 'reversal' && !entries.some((r) => r.reversesId === e.id),
        );
        if (targets.length === 0) return;
        const target = targets[pick % targets.length]!;
        const before = summarize(entries.filter((e) => e.id !== target.id));
        const after = summarize([
          ...entries,
          {
            id: 'rev',
            kind: 'reversal',
            amountFen: -target.amountFen,
            period: target.period,
            reversesId: target.id,
          },
        ]);
        expect(after.balanceFen).toBe(before.balanceFen);
        expect(after.periods.filter((p) => p.dueFen > 0)).toEqual(before.periods.filter((p) => p.dueFen > 0));
      }),
    );
  });
});
