/**
 * Single transferable vote (docs/polls.md): Droop quota, Gregory fractional surplus transfers in exact
 * rational arithmetic, one action per round (elect, transfer one surplus, or eliminate the lowest).
 * Pure and deterministic; with one seat it elects the IRV winner.
 */
import {
  add,
  cmp,
  div,
  mul,
  ONE,
  type Rational,
  rat,
  ratNumber,
  ratString,
  sub,
  ZERO,
} from './polls.rational.js';
import { groupBallots, orderDescending, pickHighest, pickLowest, type TieBreak } from './polls.tiebreak.js';

export type StvRound = {
  round: number;
  action: 'elect' | 'surplus' | 'eliminate';
  tallies: Record<string, number>;
  exactTallies: Record<string, string>;
  exhausted: number;
  exactExhausted: string;
  elected: string[];
  eliminated: string | null;
  transferFrom: string | null;
  transferValue: string | null;
  tieBreak: TieBreak;
};
export type StvResult = {
  seats: number;
  quota: number;
  valid: number;
  elected: string[];
  rounds: StvRound[];
};

type Parcel = { ranking: string[]; count: number; weight: Rational; pos: number };
type State = 'hopeful' | 'elected' | 'eliminated';

/** @param options option ids in question order; @param ballots rankings, most preferred first */
export function countStv(
  options: string[],
  ballots: readonly (readonly string[])[],
  seats: number,
): StvResult {
  const groups = groupBallots(options, ballots);
  const valid = groups.reduce((s, g) => s + g.count, 0);
  const wanted = Math.max(1, Math.min(seats, options.length));
  if (valid === 0) return { seats: wanted, quota: 0, valid: 0, elected: [], rounds: [] };
  const quotaN = Math.floor(valid / (wanted + 1)) + 1;
  const quota = rat(quotaN);
  const order = new Map(options.map((id, i) => [id, i]));
  const state = new Map<string, State>(options.map((o) => [o, 'hopeful']));
  const piles = new Map<string, Parcel[]>(options.map((o) => [o, []]));
  const value = new Map<string, Rational>(options.map((o) => [o, ZERO]));
  let exhausted = ZERO;
  const elected: string[] = [];
  const pending: string[] = [];
  const history: Map<string, Rational>[] = [];
  const rounds: StvRound[] = [];

  /** Moves a parcel to its next hopeful preference (or the exhausted pile). */
  const place = (p: Parcel) => {
    let pos = p.pos + 1;
    while (pos < p.ranking.length && state.get(p.ranking[pos]!) !== 'hopeful') pos++;
    const moved = mul(rat(p.count), p.weight);
    if (pos >= p.ranking.length) {
      exhausted = add(exhausted, moved);
      return;
    }
    const to = p.ranking[pos]!;
    piles.get(to)!.push({ ...p, pos });
    value.set(to, add(value.get(to)!, moved));
  };
  for (const g of groups) place({ ranking: g.ranking, count: g.count, weight: ONE, pos: -1 });

  const hopefuls = () => options.filter((o) => state.get(o) === 'hopeful');
  const tieArgs = (candidates: string[]) => ({
    candidates,
    current: new Map(value),
    history,
    order,
    compare: cmp,
  });
  const record = (
    r: Omit<StvRound, 'round' | 'tallies' | 'exactTallies' | 'exhausted' | 'exactExhausted'>,
  ) => {
    rounds.push({
      round: rounds.length + 1,
      tallies: Object.fromEntries(options.map((o) => [o, ratNumber(value.get(o)!)])),
      exactTallies: Object.fromEntries(options.map((o) => [o, ratString(value.get(o)!)])),
      exhausted: ratNumber(exhausted),
      exactExhausted: ratString(exhausted),
      ...r,
    });
    history.push(new Map(value));
  };
  const none = { eliminated: null, transferFrom: null, transferValue: null };

  while (elected.length < wanted) {
    const left = hopefuls();
    if (left.length <= wanted - elected.length) {
      const { ids, tieBreak } = orderDescending(tieArgs(left));
      for (const id of ids) state.set(id, 'elected');
      elected.push(...ids);
      record({ action: 'elect', elected: ids, tieBreak, ...none });
      break;
    }
    const reached = left.filter((o) => cmp(value.get(o)!, quota) >= 0);
    if (reached.length > 0) {
      const { ids, tieBreak } = orderDescending(tieArgs(reached));
      const take = ids.slice(0, wanted - elected.length);
      for (const id of take) {
        state.set(id, 'elected');
        if (cmp(value.get(id)!, quota) > 0) pending.push(id);
      }
      elected.push(...take);
      record({ action: 'elect', elected: take, tieBreak, ...none });
      continue;
    }
    if (pending.length > 0) {
      const surplusOf = new Map(pending.map((id) => [id, sub(value.get(id)!, quota)]));
      const from = pickHighest({ ...tieArgs(pending), current: surplusOf });
      pending.splice(pending.indexOf(from.id), 1);
      const total = value.get(from.id)!;
      const ratio = div(surplusOf.get(from.id)!, total);
      record({
        action: 'surplus',
        elected: [],
        eliminated: null,
        transferFrom: from.id,
        transferValue: ratString(ratio),
        tieBreak: from.tieBreak,
      });
      const parcels = piles.get(from.id)!;
      piles.set(from.id, []);
      value.set(from.id, quota);
      for (const p of parcels) place({ ...p, weight: mul(p.weight, ratio) });
      continue;
    }
    const out = pickLowest(tieArgs(left));
    record({
      action: 'eliminate',
      elected: [],
      eliminated: out.id,
      transferFrom: out.id,
      transferValue: '1',
      tieBreak: out.tieBreak,
    });
    state.set(out.id, 'eliminated');
    const parcels = piles.get(out.id)!;
    piles.set(out.id, []);
    value.set(out.id, ZERO);
    for (const p of parcels) place(p);
  }
  return { seats: wanted, quota: quotaN, valid, elected, rounds };
}
