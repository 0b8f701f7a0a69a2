import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { toCreateBody } from './createBody';

const base = {
  orgId: '7d3c1f0e-1111-4aaa-8bbb-222233334444',
  title: '  换届选举 ',
  opensAt: dayjs('2026-12-01T08:00:00Z'),
  closesAt: dayjs('2026-12-01T10:00:00Z'),
  trusteeUserIds: ['a', 'b', 'c'],
  threshold: 2,
};

describe('toCreateBody', () => {
  it('gives contests and candidates slug ids and keeps only what each kind takes', () => {
    const body = toCreateBody({
      ...base,
      profile: 'cn_grassroots',
      noticeDays: 0,
      contests: [
        { kind: 'single', title: '主席', candidates: ['张三', ' ', ' 李四 '] },
        { kind: 'multi', title: '委员', seats: 3, minSelections: 1, maxSelections: 2, candidates: ['甲'] },
        { kind: 'yes_no', title: '是否同意', candidates: ['ignored'] },
      ],
    });
    expect(body.title).toBe('换届选举');
    expect(body.rules).toBeUndefined();
    expect(body.opensAt).toBe('2026-12-01T08:00:00.000Z');
    expect(body.contests).toEqual([
      {
        id: 'c1',
        kind: 'single',
        title: '主席',
        candidates: [
          { id: 'k1', name: '张三' },
          { id: 'k2', name: '李四' },
        ],
      },
      {
        id: 'c2',
        kind: 'multi',
        title: '委员',
        seats: 3,
        minSelections: 1,
        maxSelections: 2,
        candidates: [{ id: 'k1', name: '甲' }],
      },
      { id: 'c3', kind: 'yes_no', title: '是否同意' },
    ]);
  });

  it('sends custom rules as fractions, with no surplus requirement', () => {
    const body = toCreateBody({
      ...base,
      profile: 'custom',
      noticeDays: 3,
      quorum: 50,
      turnout: 40,
      majorityBase: 'entitled',
      duesStanding: 'not_in_arrears',
      allowRevote: true,
      contests: [{ kind: 'yes_no', title: 'q' }],
    });
    expect(body.rules).toEqual({
      noticeDays: 3,
      quorumOfEntitled: 0.5,
      majorityBase: 'entitled',
      turnoutMin: 0.4,
      duesStanding: 'not_in_arrears',
      minCandidateSurplus: 0,
      allowRevote: true,
    });
    // Re-voting stays off unless the officer switches it on.
    expect(toCreateBody({ ...base, profile: 'custom', contests: [] }).rules?.allowRevote).toBe(false);
  });
});
