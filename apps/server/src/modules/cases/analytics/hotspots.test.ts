/** Hotspot maths against small examples computed by hand. */
import { describe, expect, it } from 'vitest';
import { binomialUpperTail, findHotspots, gammaPrior, poissonUpperTail, smoothedRate } from './hotspots.js';

describe('gamma-Poisson smoothing', () => {
  it('matches a hand-computed prior', () => {
    // units (members, reports): A (100, 2), B (100, 6), C (200, 4)  -> n = 1, 1, 2 hundreds
    // r = 12 / 4 = 3; s² = [1·(2−3)² + 1·(6−3)² + 2·(2−3)²] / 4 = (1 + 9 + 2) / 4 = 3
    // n̄ = 4/3; τ² = 3 − 3 / (4/3) = 3 − 2.25 = 0.75; α = 9 / 0.75 = 12; β = 3 / 0.75 = 4
    const prior = gammaPrior([
      { members: 100, count: 2 },
      { members: 100, count: 6 },
      { members: 200, count: 4 },
    ]);
    expect(prior.rate).toBeCloseTo(3, 12);
    expect(prior.alpha).toBeCloseTo(12, 10);
    expect(prior.beta).toBeCloseTo(4, 10);
    // B: (12 + 6) / (4 + 1) = 3.6 per 100; C: (12 + 4) / (4 + 2) = 2.666…
    expect(smoothedRate(prior, 100, 6)).toBeCloseTo(3.6, 10);
    expect(smoothedRate(prior, 200, 4)).toBeCloseTo(16 / 6, 10);
  });

  it('shrinks everything to the overall rate when units differ less than chance', () => {
    const prior = gammaPrior([
      { members: 100, count: 3 },
      { members: 100, count: 3 },
    ]);
    expect(prior.alpha).toBeNull();
    expect(smoothedRate(prior, 100, 3)).toBe(3);
  });

  it('does not rank a unit of 5 with 1 report above a unit of 500 with 40', () => {
    const { items } = findHotspots([
      { key: 'tiny', label: '小组', members: 5, count: 1, previous: 0 },
      { key: 'big', label: '大车间', members: 500, count: 40, previous: 20 },
      { key: 'mid1', label: '甲', members: 400, count: 8, previous: 8 },
      { key: 'mid2', label: '乙', members: 400, count: 6, previous: 7 },
      { key: 'mid3', label: '丙', members: 300, count: 5, previous: 4 },
    ]);
    // raw: tiny 20 per 100, big 8 per 100; smoothed puts big first
    expect(items[0]!.key).toBe('big');
    const tiny = items.find((i) => i.key === 'tiny')!;
    expect(tiny.rate).toBe(20);
    expect(tiny.smoothed).toBeLessThan(items[0]!.smoothed);
    expect(tiny.above).toBe(false);
    const big = items[0]!;
    expect(big.above).toBe(true);
    expect(big.rising).toBe(true);
    expect(big.explanation.zh).toContain('明显高于预期');
    expect(big.explanation.en).toContain('Rising clearly from 20');
  });
});

describe('tail probabilities', () => {
  it('Poisson: P(Y ≥ 3 | mean 1) = 1 − e⁻¹(1 + 1 + 1/2)', () => {
    expect(poissonUpperTail(3, 1)).toBeCloseTo(1 - Math.exp(-1) * 2.5, 12);
    expect(poissonUpperTail(0, 5)).toBe(1);
  });
  it('Binomial: P(X ≥ 4 | n 4, p ½) = 1/16; P(X ≥ 3 | n 4, p ½) = 5/16', () => {
    expect(binomialUpperTail(4, 4, 0.5)).toBeCloseTo(1 / 16, 12);
    expect(binomialUpperTail(3, 4, 0.5)).toBeCloseTo(5 / 16, 12);
  });
});
