/** Rule profiles applied to decrypted counts (DOMAIN.md "Elections"). Pure, no database. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyRules, type ContestDef, minimumCandidates, PROFILES, resolveRules } from './elections.rules.js';

const committee: ContestDef = {
  id: 'c',
  kind: 'multi',
  title: 'c',
  seats: 2,
  minSelections: 0,
  maxSelections: 2,
  candidates: ['a', 'b', 'c'].map((id) => ({ id, name: id })),
};
const question: ContestDef = {
  id: 'q',
  kind: 'yes_no',
  title: 'q',
  seats: 1,
  minSelections: 1,
  maxSelections: 1,
  candidates: ['yes', 'no', 'abstain'].map((id) => ({ id, name: id })),
};

describe('rule profiles', () => {
  const cn = PROFILES.cn_grassroots;

  it('cn_grassroots: quorum over 2/3 of those entitled, elected with over half of those entitled', () => {
    // 10 entitled, 7 voted (> 2/3): a needs > 5 votes.
    const out = applyRules(cn, [committee], { c: { a: 6, b: 5, c: 3 } }, 7, 10);
    expect(out[0]!.status).toBe('decided');
    expect(out[0]!.options.map((o) => o.status)).toEqual(['elected', 'not_elected', 'not_elected']);
    // Exactly 2/3 is not a quorum.
    expect(applyRules(cn, [committee], { c: { a: 6 } }, 6, 9)[0]!.status).toBe('quorum_failed');
  });

  it('marks a tie across the last seat and decides yes/no questions', () => {
    const rules = resolveRules('custom', { majorityBase: 'voting', quorumOfEntitled: 0 });
    const out = applyRules(
      rules,
      [committee, question],
      { c: { a: 9, b: 6, c: 6 }, q: { yes: 6, no: 4 } },
      10,
      10,
    );
    expect(out[0]!.options.map((o) => o.status)).toEqual(['elected', 'tie', 'tie']);
    expect(out[1]!.carried).toBe(true);
  });

  it('uk_statutory: turnout below half fails the ballot', () => {
    expect(applyRules(PROFILES.uk_statutory, [question], { q: { yes: 4 } }, 4, 10)[0]!.status).toBe(
      'turnout_failed',
    );
    expect(applyRules(PROFILES.uk_statutory, [question], { q: { yes: 4 } }, 5, 10)[0]!.carried).toBe(true);
  });

  it('requires more candidates than seats where the profile asks for a surplus', () => {
    expect(minimumCandidates(cn, 2)).toBe(3);
    expect(minimumCandidates(cn, 40)).toBe(42);
    expect(minimumCandidates(PROFILES.us_lmrda, 2)).toBe(2);
  });

  it('never elects more candidates than seats, nor anyone below the threshold', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(50), { minLength: 3, maxLength: 3 }),
        fc.integer({ min: 1, max: 60 }),
        (v, extra) => {
          const voted = Math.max(...v) + extra;
          const out = applyRules(cn, [committee], { c: { a: v[0]!, b: v[1]!, c: v[2]! } }, voted, voted);
          const elected = out[0]!.options.filter((o) => o.status === 'elected');
          expect(elected.length).toBeLessThanOrEqual(2);
          for (const o of elected) expect(o.votes).toBeGreaterThan(voted / 2);
        },
      ),
    );
  });
});
