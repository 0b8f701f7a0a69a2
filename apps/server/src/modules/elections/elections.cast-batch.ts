/**
 * Group commit of first casts (issue 4). Verified first casts of one process are queued; each
 * flush writes up to MAX_BATCH of them (one election, distinct members and tracking codes) in ONE
 * transaction with one statement (elections.repo `castMany`): voted marks with ON CONFLICT, then
 * the ballots of exactly the members whose mark went in (E2, E12: each voter gets both or neither).
 * Rows are shuffled inside the batch so not even the physical row order follows arrival (E3); the
 * board is sorted by tracking code anyway.
 *
 * A batch that fails as a whole (a replayed tracking code, a check constraint, a lost connection)
 * is retried cast by cast through `castOne`, the single path with its precise error codes, so one
 * bad ballot never fails the others. A member queued twice waits for the next batch, where the
 * first cast's mark makes the second one `election.already_voted`.
 */
import { randomInt } from 'node:crypto';
import type { Database } from '../../kernel/db/pool.js';
import { AppError } from '../../kernel/http/errors.js';
import { electionsRepo } from './elections.repo.js';
import { pgCode } from './elections.shared.js';

export type FirstCast = {
  electionId: string;
  memberId: string;
  trackingCode: string;
  /** The ballot as sent (stored as jsonb). */
  ballot: unknown;
  revoteOwner: string | null;
  revoteTag: string | null;
  /** Re-voting elections answer a second cast with `election.revote_code_required`. */
  allowRevote: boolean;
};

type Pending = FirstCast & { done: (err?: Error) => void };

const MAX_BATCH = 128;
const MAX_IN_FLIGHT = 2;

/** Test hook: runs inside each batch transaction after the writes (throw to make it fail). */
export type BatchHook = (trx: Database, casts: FirstCast[]) => Promise<void>;

/**
 * One first cast in its own transaction (the path before batching, and the batch's fallback).
 * @throws AppError election.already_voted, election.revote_code_required, election.duplicate_ballot
 */
export async function castOne(db: Database, c: FirstCast): Promise<void> {
  try {
    await db.transaction().execute(async (trx) => {
      const repo = electionsRepo(trx);
      await repo.markVoted(c.electionId, c.memberId, c.revoteOwner);
      await repo.insertBallot(c.electionId, c.trackingCode, JSON.stringify(c.ballot), c.revoteTag);
    });
  } catch (err) {
    const { code, constraint } = pgCode(err);
    if (code === '23505' && constraint === 'election_votes_cast_pkey') throw alreadyVoted(c);
    if (code === '23505') throw new AppError('election.duplicate_ballot');
    throw err;
  }
}

function alreadyVoted(c: FirstCast): AppError {
  return new AppError(c.allowRevote ? 'election.revote_code_required' : 'election.already_voted');
}

function shuffle<T>(xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

export class CastBatcher {
  private queue: Pending[] = [];
  private inFlight = 0;
  private scheduled = false;
  /** Tests only. */
  hook: BatchHook | undefined;
  /** Batches written and casts in them since start (the bench and tests read these). */
  readonly stats = { batches: 0, casts: 0, fallbacks: 0 };

  constructor(private readonly db: Database) {}

  /** Resolves once the mark and the ballot are committed. @throws AppError as `castOne` */
  submit(c: FirstCast): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ...c, done: (err) => (err ? reject(err) : resolve()) });
      this.kick();
    });
  }

  private kick(): void {
    if (this.scheduled || this.inFlight >= MAX_IN_FLIGHT || this.queue.length === 0) return;
    this.scheduled = true;
    // Let the casts that arrive in this turn of the event loop join the batch.
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  /** Takes one election's casts with distinct members and codes; the rest stay queued. */
  private take(): Pending[] {
    const electionId = this.queue[0]!.electionId;
    const members = new Set<string>();
    const codes = new Set<string>();
    const batch: Pending[] = [];
    const rest: Pending[] = [];
    for (const p of this.queue) {
      if (
        batch.length < MAX_BATCH &&
        p.electionId === electionId &&
        !members.has(p.memberId) &&
        !codes.has(p.trackingCode)
      ) {
        members.add(p.memberId);
        codes.add(p.trackingCode);
        batch.push(p);
      } else rest.push(p);
    }
    this.queue = rest;
    return shuffle(batch);
  }

  private flush(): void {
    if (this.inFlight >= MAX_IN_FLIGHT || this.queue.length === 0) return;
    const batch = this.take();
    this.inFlight++;
    this.write(batch).finally(() => {
      this.inFlight--;
      this.kick();
    });
    this.kick();
  }

  private async write(batch: Pending[]): Promise<void> {
    const electionId = batch[0]!.electionId;
    let written: Set<string>;
    try {
      written = await this.db.transaction().execute(async (trx) => {
        const ids = await electionsRepo(trx).castMany(
          electionId,
          batch.map((p) => ({
            member_id: p.memberId,
            tracking_code: p.trackingCode,
            ballot: p.ballot,
            revote_owner: p.revoteOwner,
            revote_tag: p.revoteTag,
          })),
        );
        if (this.hook) await this.hook(trx, batch);
        return new Set(ids);
      });
    } catch {
      // Nothing of the batch was committed: each cast on its own, with its own verdict.
      this.stats.fallbacks++;
      await Promise.all(
        batch.map((p) =>
          castOne(this.db, p).then(
            () => p.done(),
            (err: Error) => p.done(err),
          ),
        ),
      );
      return;
    }
    this.stats.batches++;
    this.stats.casts += written.size;
    for (const p of batch) p.done(written.has(p.memberId) ? undefined : alreadyVoted(p));
  }
}

const batchers = new WeakMap<Database, CastBatcher>();

/** The process's batcher for this database. */
export function castBatcher(db: Database): CastBatcher {
  let b = batchers.get(db);
  if (!b) {
    b = new CastBatcher(db);
    batchers.set(db, b);
  }
  return b;
}
