/**
 * Instant-runoff voting for one winner (docs/polls.md): each round counts continuing ballots for their
 * highest continuing option; more than half of the continuing ballots wins, else the lowest option is
 * eliminated (tie-break: polls.tiebreak.ts). Pure and deterministic.
 */
import { groupBallots, pickLowest, type TieBreak } from './polls.tiebreak.js';

export type IrvRound = {
  round: number;
  tallies: Record<string, number>;
  continuing: number;
  exhausted: number;
  eliminated: string | null;
  tieBreak: TieBreak;
  winner: string | null;
};
export type IrvResult = { winner: string | null; rounds: IrvRound[] };

/** @param options option ids in question order; @param ballots rankings, most preferred first */
export function countIrv(options: string[], ballots: readonly (readonly string[])[]): IrvResult {
  const groups = groupBallots(options, ballots);
  if (groups.length === 0 || options.length === 0) return { winner: null, rounds: [] };
  const order = new Map(options.map((id, i) => [id, i]));
  const continuing = new Set(options);
  const history: Map<string, number>[] = [];
  const rounds: IrvRound[] = [];
  for (let round = 1; ; round++) {
    const tallies = new Map<string, number>(options.filter((o) => continuing.has(o)).map((o) => [o, 0]));
    let exhausted = 0;
    for (const g of groups) {
      const top = g.ranking.find((id) => continuing.has(id));
      if (top === undefined) exhausted += g.count;
      else tallies.set(top, tallies.get(top)! + g.count);
    }
    const total = [...tallies.values()].reduce((s, n) => s + n, 0);
    const record: IrvRound = {
      round,
      tallies: Object.fromEntries(tallies),
      continuing: total,
      exhausted,
      eliminated: null,
      tieBreak: null,
      winner: null,
    };
    rounds.push(record);
    const [leader, votes] = [...tallies.entries()].reduce((a, b) => (b[1] > a[1] ? b : a));
    if (continuing.size === 1 || votes * 2 > total) {
      record.winner = continuing.size === 1 ? [...continuing][0]! : leader;
      return { winner: record.winner, rounds };
    }
    const out = pickLowest({
      candidates: [...continuing],
      current: tallies,
      history,
      order,
      compare: (a, b) => a - b,
    });
    record.eliminated = out.id;
    record.tieBreak = out.tieBreak;
    continuing.delete(out.id);
    history.push(tallies);
  }
}
