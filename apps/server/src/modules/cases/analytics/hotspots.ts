/**
 * Hotspot maths (pure): rates per 100 members with gamma-Poisson empirical-Bayes smoothing, an exact
 * Poisson test for "above expected", and a conditional binomial test for "rising against the previous
 * period". A unit of 5 members with 1 report is shrunk hard towards the overall rate; a unit of 500
 * with 40 keeps most of its own rate.
 */

export type UnitCounts = { key: string; label: string; members: number; count: number; previous: number };

export type Prior = { rate: number; alpha: number; beta: number } | { rate: number; alpha: null; beta: null };

/**
 * Method-of-moments gamma prior (Clayton and Kaldor 1987) over units with exposure n_i (in hundreds of
 * members) and counts y_i: overall rate r = Σy/Σn; between-unit variance τ² = s² − r/n̄ where
 * s² = Σ n_i (y_i/n_i − r)² / Σ n_i; α = r²/τ², β = r/τ². With τ² ≤ 0 every unit shrinks to r.
 */
export function gammaPrior(units: { members: number; count: number }[]): Prior {
  const live = units.filter((u) => u.members > 0);
  const n = live.map((u) => u.members / 100);
  const sumN = n.reduce((a, b) => a + b, 0);
  const sumY = live.reduce((a, u) => a + u.count, 0);
  if (sumN === 0) return { rate: 0, alpha: null, beta: null };
  const r = sumY / sumN;
  const s2 = live.reduce((a, u, i) => a + n[i]! * (u.count / n[i]! - r) ** 2, 0) / sumN;
  const tau2 = s2 - r / (sumN / live.length);
  if (!(tau2 > 0) || r === 0) return { rate: r, alpha: null, beta: null };
  return { rate: r, alpha: (r * r) / tau2, beta: r / tau2 };
}

/** Posterior mean rate per 100 members: (α + y) / (β + n), or the overall rate when τ² ≤ 0. */
export function smoothedRate(prior: Prior, members: number, count: number): number {
  if (prior.alpha === null) return prior.rate;
  return (prior.alpha + count) / (prior.beta + members / 100);
}

/** P(Y ≥ y) for Y ~ Poisson(mean), summed exactly in log space. */
export function poissonUpperTail(y: number, mean: number): number {
  if (y <= 0) return 1;
  if (mean <= 0) return 0;
  // P(Y >= y) = 1 - Σ_{k<y} e^-m m^k / k!
  let term = Math.exp(-mean);
  let cdf = 0;
  for (let k = 0; k < y; k++) {
    if (k > 0) term *= mean / k;
    cdf += term;
  }
  return Math.max(0, Math.min(1, 1 - cdf));
}

/** P(X ≥ x) for X ~ Binomial(n, p). */
export function binomialUpperTail(x: number, n: number, p: number): number {
  if (x <= 0) return 1;
  if (x > n) return 0;
  let total = 0;
  let logC = 0; // log C(n, 0)
  for (let k = 0; k <= n; k++) {
    if (k > 0) logC += Math.log(n - k + 1) - Math.log(k);
    if (k >= x) total += Math.exp(logC + k * Math.log(p) + (n - k) * Math.log(1 - p));
  }
  return Math.min(1, total);
}

export type Hotspot = UnitCounts & {
  rate: number;
  smoothed: number;
  expected: number;
  ratio: number;
  pAbove: number;
  pRising: number;
  above: boolean;
  rising: boolean;
  explanation: { zh: string; en: string };
};

const NONE = { zh: '', en: '' };
const fmt = (v: number) => (Math.round(v * 10) / 10).toFixed(1);

/**
 * Ranks units by smoothed rate and flags those significantly above expected (exact Poisson, one-sided,
 * p < alpha) and those rising against the previous period of equal length (binomial on the split of
 * current + previous counts, p < alpha, at least 3 reports now). With `explain` false the explanations
 * are left empty for the caller to write for the items it shows.
 */
export function findHotspots(
  units: UnitCounts[],
  alpha = 0.05,
  explain = true,
): { prior: Prior; items: Hotspot[] } {
  const prior = gammaPrior(units);
  const items = units
    .filter((u) => u.members > 0)
    .map((u): Hotspot => {
      const expected = (prior.rate * u.members) / 100;
      const rate = (u.count * 100) / u.members;
      const smoothed = smoothedRate(prior, u.members, u.count);
      const pAbove = poissonUpperTail(u.count, expected);
      const pRising = binomialUpperTail(u.count, u.count + u.previous, 0.5);
      const above = u.count > expected && pAbove < alpha;
      const rising = u.count >= 3 && u.count > u.previous && pRising < alpha;
      const ratio = prior.rate > 0 ? smoothed / prior.rate : 0;
      const h: Hotspot = {
        ...u,
        rate,
        smoothed,
        expected,
        ratio,
        pAbove,
        pRising,
        above,
        rising,
        explanation: NONE,
      };
      // wording thousands of units costs more than all the maths: callers that show a few explain those
      if (explain) h.explanation = explainHotspot(h, prior.rate);
      return h;
    })
    .sort((a, b) => b.smoothed - a.smoothed || b.count - a.count);
  return { prior, items };
}

/** The plain-language explanation of one unit's figures (zh-CN and en). */
export function explainHotspot(h: Omit<Hotspot, 'explanation'>, overall: number): { zh: string; en: string } {
  const pct = h.pAbove < 0.001 ? '<0.1%' : `${fmt(h.pAbove * 100)}%`;
  const zh: string[] = [
    `${h.label}：${h.members} 名会员，本期 ${h.count} 起（每百人 ${fmt(h.rate)} 起，平滑后 ${fmt(h.smoothed)}），总体每百人 ${fmt(overall)} 起，按人数预期 ${fmt(h.expected)} 起。`,
  ];
  const en: string[] = [
    `${h.label}: ${h.members} members, ${h.count} reports this period (${fmt(h.rate)} per 100, ${fmt(h.smoothed)} after smoothing); overall ${fmt(overall)} per 100, so ${fmt(h.expected)} expected.`,
  ];
  if (h.above) {
    zh.push(`明显高于预期（偶然出现的概率约 ${pct}）。`);
    en.push(`Clearly above expected (a chance of about ${pct} of seeing this many by luck).`);
  }
  if (h.rising) {
    zh.push(`较上期 ${h.previous} 起明显上升。`);
    en.push(`Rising clearly from ${h.previous} in the previous period.`);
  }
  return { zh: zh.join(''), en: en.join(' ') };
}
