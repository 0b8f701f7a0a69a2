/**
 * The one deterministic tie-break of ranked counts (docs/polls.md), independent of ballot order:
 * among tied options, look back at the most recent earlier round where their counts differed; if they
 * never differed, the option order of the question decides.
 */
export type TieBreak = 'previous_rounds' | 'option_order' | null;

type Pick<V> = {
  candidates: string[];
  current: Map<string, V>;
  /** Earlier rounds' counts, oldest first. */
  history: Map<string, V>[];
  /** Position of each option in the question. */
  order: Map<string, number>;
  compare: (a: V, b: V) => number;
};

function narrow<V>(ids: string[], values: Map<string, V>, compare: Pick<V>['compare'], lowest: boolean) {
  let best: V | undefined;
  for (const id of ids) {
    const v = values.get(id);
    if (v === undefined) continue;
    if (best === undefined || (lowest ? compare(v, best) < 0 : compare(v, best) > 0)) best = v;
  }
  if (best === undefined) return ids;
  const b = best;
  return ids.filter((id) => {
    const v = values.get(id);
    return v !== undefined && compare(v, b) === 0;
  });
}

function pick<V>(p: Pick<V>, lowest: boolean): { id: string; tieBreak: TieBreak } {
  let tied = narrow(p.candidates, p.current, p.compare, lowest);
  if (tied.length === 1) return { id: tied[0]!, tieBreak: null };
  for (let i = p.history.length - 1; i >= 0; i--) {
    tied = narrow(tied, p.history[i]!, p.compare, lowest);
    if (tied.length === 1) return { id: tied[0]!, tieBreak: 'previous_rounds' };
  }
  const pos = (id: string) => p.order.get(id) ?? Number.MAX_SAFE_INTEGER;
  // lowest: the option listed last goes; highest: the option listed first comes first
  tied.sort((a, b) => (lowest ? pos(b) - pos(a) : pos(a) - pos(b)));
  return { id: tied[0]!, tieBreak: 'option_order' };
}

/** The option to eliminate. */
export function pickLowest<V>(p: Pick<V>) {
  return pick(p, true);
}

/** The option to take first (election order, largest surplus). */
export function pickHighest<V>(p: Pick<V>) {
  return pick(p, false);
}

/** Options in descending order of count, ties broken as above. */
export function orderDescending<V>(p: Pick<V>): { ids: string[]; tieBreak: TieBreak } {
  const left = [...p.candidates];
  const ids: string[] = [];
  let tieBreak: TieBreak = null;
  while (left.length > 0) {
    const next = pickHighest({ ...p, candidates: left });
    if (next.tieBreak && !tieBreak) tieBreak = next.tieBreak;
    ids.push(next.id);
    left.splice(left.indexOf(next.id), 1);
  }
  return { ids, tieBreak };
}

/** Identical rankings grouped (a count per distinct ranking): only known, first occurrences kept. */
export function groupBallots(options: string[], ballots: readonly (readonly string[])[]) {
  const known = new Set(options);
  const groups = new Map<string, { ranking: string[]; count: number }>();
  for (const b of ballots) {
    const seen = new Set<string>();
    const ranking = b.filter((id) => known.has(id) && !seen.has(id) && seen.add(id));
    if (ranking.length === 0) continue;
    const key = ranking.join('\u0000');
    const g = groups.get(key);
    if (g) g.count++;
    else groups.set(key, { ranking, count: 1 });
  }
  // a canonical order, so the count never depends on the order ballots arrived in
  return [...groups.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map((e) => e[1]);
}
