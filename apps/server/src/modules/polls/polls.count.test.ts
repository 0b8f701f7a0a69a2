/** Ranked-choice counting (docs/polls.md): IRV and STV properties and published worked examples. Pure. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countIrv } from './polls.irv.js';
import { add, rat, ratString, ZERO } from './polls.rational.js';
import { countStv } from './polls.stv.js';

const ALL = ['a', 'b', 'c', 'd', 'e', 'f'];
/** Options in question order plus ballots ranking some of them. */
const election = fc.integer({ min: 2, max: 6 }).chain((n) =>
  fc.record({
    options: fc.constant(ALL.slice(0, n)),
    ballots: fc.array(fc.shuffledSubarray(ALL.slice(0, n), { minLength: 1 }), { maxLength: 60 }),
  }),
);
const repeat = (n: number, ranking: string[]) => Array.from({ length: n }, () => ranking);
const parse = (s: string) => {
  const [n, d] = s.split('/');
  return rat(BigInt(n!), BigInt(d ?? '1'));
};

describe('IRV properties', () => {
  it('the winner holds a strict majority of the continuing ballots in the final round', () => {
    fc.assert(
      fc.property(election, ({ options, ballots }) => {
        const r = countIrv(options, ballots);
        if (ballots.length === 0) return r.winner === null && r.rounds.length === 0;
        const last = r.rounds.at(-1)!;
        return r.winner !== null && last.winner === r.winner && last.tallies[r.winner]! * 2 > last.continuing;
      }),
    );
  });

  it('an option with more than half of the first preferences wins in round 1', () => {
    fc.assert(
      fc.property(election, ({ options, ballots }) => {
        const first = new Map<string, number>();
        for (const b of ballots) first.set(b[0]!, (first.get(b[0]!) ?? 0) + 1);
        const major = [...first].find(([, n]) => n * 2 > ballots.length);
        fc.pre(major !== undefined);
        const r = countIrv(options, ballots);
        return r.winner === major![0] && r.rounds.length === 1;
      }),
    );
  });

  it('every round accounts for every ballot (continuing + exhausted)', () => {
    fc.assert(
      fc.property(election, ({ options, ballots }) =>
        countIrv(options, ballots).rounds.every(
          (r) =>
            r.continuing + r.exhausted === ballots.length &&
            Object.values(r.tallies).reduce((s, n) => s + n, 0) === r.continuing,
        ),
      ),
    );
  });
});

describe('STV properties', () => {
  it('with one seat it elects the IRV winner', () => {
    fc.assert(
      fc.property(election, ({ options, ballots }) => {
        const irv = countIrv(options, ballots);
        const stv = countStv(options, ballots, 1);
        return irv.winner === null ? stv.elected.length === 0 : stv.elected.join() === irv.winner;
      }),
    );
  });

  it('conserves the total vote value exactly in every round (options + exhausted = valid)', () => {
    fc.assert(
      fc.property(election, fc.integer({ min: 1, max: 4 }), ({ options, ballots }, seats) => {
        const r = countStv(options, ballots, seats);
        return r.rounds.every((round) => {
          let total = parse(round.exactExhausted);
          for (const v of Object.values(round.exactTallies)) total = add(total, parse(v));
          return ratString(total) === String(r.valid);
        });
      }),
    );
  });

  it('fills min(seats, options) seats with distinct options when there are ballots', () => {
    fc.assert(
      fc.property(election, fc.integer({ min: 1, max: 4 }), ({ options, ballots }, seats) => {
        const r = countStv(options, ballots, seats);
        if (ballots.length === 0) return r.elected.length === 0;
        const want = Math.min(seats, options.length);
        return r.elected.length === want && new Set(r.elected).size === want;
      }),
    );
  });

  it('after a surplus transfer the elected option keeps exactly the quota', () => {
    fc.assert(
      fc.property(election, fc.integer({ min: 1, max: 3 }), ({ options, ballots }, seats) => {
        const r = countStv(options, ballots, seats);
        return r.rounds.every((round, i) => {
          if (round.action !== 'surplus') return true;
          const next = r.rounds[i + 1];
          return !next || next.exactTallies[round.transferFrom!] === String(r.quota);
        });
      }),
    );
  });
});

describe('ballot order does not matter', () => {
  it('IRV and STV give the same result for any permutation of the ballots', () => {
    fc.assert(
      fc.property(
        election.chain((e) =>
          fc.record({
            e: fc.constant(e),
            shuffled: fc.shuffledSubarray(e.ballots, { minLength: e.ballots.length }),
          }),
        ),
        fc.integer({ min: 1, max: 3 }),
        ({ e, shuffled }, seats) => {
          expect(countIrv(e.options, shuffled)).toEqual(countIrv(e.options, e.ballots));
          expect(countStv(e.options, shuffled, seats)).toEqual(countStv(e.options, e.ballots, seats));
        },
      ),
    );
  });
});

describe('worked examples', () => {
  it('IRV: the Tennessee capital example elects Knoxville in round 3', () => {
    // Wikipedia "Instant-runoff voting": Memphis 42%, Nashville 26%, Chattanooga 15%, Knoxville 17%.
    const [m, n, c, k] = ['memphis', 'nashville', 'chattanooga', 'knoxville'];
    const ballots = [
      ...repeat(42, [m!, n!, c!, k!]),
      ...repeat(26, [n!, c!, k!, m!]),
      ...repeat(15, [c!, k!, n!, m!]),
      ...repeat(17, [k!, c!, n!, m!]),
    ];
    const r = countIrv([m!, n!, c!, k!], ballots);
    expect(r.winner).toBe(k);
    expect(r.rounds.map((x) => x.eliminated)).toEqual([c, n, null]);
    expect(r.rounds[1]!.tallies).toEqual({ memphis: 42, nashville: 26, knoxville: 32 });
    expect(r.rounds[2]!.tallies).toEqual({ memphis: 42, knoxville: 58 });
  });

  it('STV: the Wikipedia food election elects chocolate, oranges and strawberries', () => {
    // Wikipedia "Single transferable vote", 20 voters, 3 seats, Droop quota 6.
    const ballots = [
      ...repeat(4, ['oranges']),
      ...repeat(2, ['pears', 'oranges']),
      ...repeat(8, ['chocolate', 'strawberries']),
      ...repeat(4, ['chocolate', 'sweets']),
      ...repeat(1, ['strawberries']),
      ...repeat(1, ['sweets']),
    ];
    const options = ['oranges', 'pears', 'chocolate', 'strawberries', 'sweets'];
    const r = countStv(options, ballots, 3);
    expect(r.quota).toBe(6);
    expect(r.elected).toEqual(['chocolate', 'oranges', 'strawberries']);
    expect(r.rounds.map((x) => x.action)).toEqual([
      'elect',
      'surplus',
      'eliminate',
      'elect',
      'eliminate',
      'elect',
    ]);
    expect(r.rounds[1]!.transferValue).toBe('1/2');
    // after chocolate's surplus: strawberries 1 + 8/2, sweets 1 + 4/2
    expect(r.rounds[2]!.exactTallies).toMatchObject({ strawberries: '5', sweets: '3', chocolate: '6' });
    expect(r.rounds[4]!.eliminated).toBe('sweets');
    expect(r.rounds[5]!.exactExhausted).toBe('3');
  });

  it('STV: fractional transfers stay exact (thirds)', () => {
    // 7 ballots, 2 seats, quota 3: a has 5 (surplus 2, value 2/5 each), split 3 to b and 2 to c.
    const ballots = [
      ...repeat(3, ['a', 'b']),
      ...repeat(2, ['a', 'c']),
      ...repeat(1, ['b']),
      ...repeat(1, ['c']),
    ];
    const r = countStv(['a', 'b', 'c'], ballots, 2);
    expect(r.rounds[1]!.transferValue).toBe('2/5');
    expect(r.rounds[2]!.exactTallies).toMatchObject({ a: '3', b: '11/5', c: '9/5' });
    expect(r.elected).toEqual(['a', 'b']);
  });

  it('tie-break: previous rounds first, then the option listed last is eliminated', () => {
    // a, b, c at 1, 1, 2: a and b tie with no earlier round, b is listed after a and goes
    const byOrder = countIrv(['a', 'b', 'c'], [['a'], ['b'], ['c'], ['c']]);
    expect(byOrder.rounds[0]!.eliminated).toBe('b');
    expect(byOrder.rounds[0]!.tieBreak).toBe('option_order');
    // round 1: c 4, b 2, a 1, d 1 (d listed last goes); round 2: a and b tie at 2, a had fewer in round 1
    const byHistory = countIrv(
      ['a', 'b', 'c', 'd'],
      [['c'], ['c'], ['c'], ['b'], ['b'], ['a'], ['d', 'a'], ['c']],
    );
    expect(byHistory.rounds[0]!.eliminated).toBe('d');
    expect(byHistory.rounds[1]!.tallies).toMatchObject({ a: 2, b: 2 });
    expect(byHistory.rounds[1]!.eliminated).toBe('a');
    expect(byHistory.rounds[1]!.tieBreak).toBe('previous_rounds');
  });

  it('no ballots: no winner', () => {
    expect(countIrv(['a', 'b'], [])).toEqual({ winner: null, rounds: [] });
    expect(countStv(['a', 'b'], [], 1).elected).toEqual([]);
  });

  it('rationals reduce', () => {
    expect(ratString(add(rat(1, 6), rat(1, 3)))).toBe('1/2');
    expect(ratString(add(ZERO, rat(4, 2)))).toBe('2');
  });
});
