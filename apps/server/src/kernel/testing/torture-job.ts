/** What the kill -9 torture (kernel/db/durability.test.ts) hands its writer (torture-writer.ts). */
export type TorturePerson = { userId: string; orgId: string };

export type TortureJob = {
  /** This writer's generation (the keys of its commits start with it). */
  gen: number;
  electionId: string;
  candidates: string[];
  voters: TorturePerson[];
  /** Voters before this index were handled by earlier writers. */
  voterStart: number;
  payers: Array<TorturePerson & { memberId: string; memberNo: string }>;
  finance: TorturePerson;
  unionId: string;
  /** Months firstPeriod..nextPeriod-1 (counted from 2001-01) are scheduled or were being scheduled. */
  firstPeriod: number;
  nextPeriod: number;
  /**
   * The writer's clock is the system clock, held at this time (ms) once it is reached: the last
   * minutes of the election's voting window, for runs longer than the window.
   */
  clockUntil: number;
  /** Writer loops running at once. */
  concurrency: number;
};

/** The month `i` months after 2001-01 ('YYYY-MM'). */
export function torturePeriod(i: number): string {
  return `${2001 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}
