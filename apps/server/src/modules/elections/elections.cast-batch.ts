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
 *
 * The tracking-code notifications of the casts that went in are queued in the same transaction
 * (`notifier.sendEach`, set-based: two statements per batch), in arrival order, not the shuffled
 * ballot order; castOne queues its cast's own. A cast and its notification are stored both or
 * neither; the pushes go out after the commit, before the casts are answered.
 */
import { randomInt } from 'node:crypto';
import type { Database } from '../../kernel/db/pool.js';
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import type { EachNotification } from '../../kernel/notify/notifier.js';
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
  /** The voter's account and the election title for the tracking-code notification. */
  notify: { userId: string; title: string };
};

/** What the batcher and castOne need: the pool and the notifier (read at write time). */
export type CastDeps = Pick<Deps, 'db' | 'notifier'>;

type Pending = FirstCast & { done: (err?: Error) => void };

const MAX_BATCH = 128;
const MAX_IN_FLIGHT = 2;

/** Test hook: runs inside each batch transaction after the writes (throw to make it fail). */
export type BatchHook = (trx: Database, casts: FirstCast[]) => Promise<void>;

/** The tracking-code notification of a first cast (a re-vote sends none, E13). */
function noticeOf(c: FirstCast): EachNotification {
  return {
    userId: c.notify.userId,
    template: 'election_ballot_cast',
    params: {
      title: c.notify.title,
      trackingCode: c.trackingCode,
      link: `/my/elections/${c.electionId}/board`,
    },
  };
}

/**
 * One first cast and its notification in one transaction (the path before batching, and the
 * batch's fallback).
 * @throws AppError election.already_voted, election.revote_code_required, election.duplicate_ballot
 */
export async function castOne(deps: CastDeps, c: FirstCast): Promise<void> {
  try {
    const after = await deps.db.transaction().execute(async (trx) => {
      const repo = electionsRepo(trx);
      await repo.markVoted(c.electionId, c.memberId, c.revoteOwner);
      await repo.insertBallot(c.electionId, c.trackingCode, JSON.stringify(c.ballot), c.revoteTag);
      return deps.notifier.sendEach([noticeOf(c)], trx);
    });
    await after();
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

  constructor(private readonly deps: CastDeps) {}

  /**
   * Resolves once the mark, the ballot and the notification are committed (and pushed).
   * @throws AppError as `castOne`
   */
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

  /**
   * Takes one election's casts with distinct members and codes, in arrival order; the rest stay
   * queued.
   */
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
    return batch;
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
    let done: { written: Set<string>; after: () => Promise<void> };
    try {
      done = await this.deps.db.transaction().execute(async (trx) => {
        const ids = await electionsRepo(trx).castMany(
          electionId,
          shuffle([...batch]).map((p) => ({
            member_id: p.memberId,
            tracking_code: p.trackingCode,
            ballot: p.ballot,
            revote_owner: p.revoteOwner,
            revote_tag: p.revoteTag,
          })),
        );
        const written = new Set(ids);
        // Arrival order (`batch`), not the shuffled ballot order (E3).
        const after = await this.deps.notifier.sendEach(
          batch.filter((p) => written.has(p.memberId)).map(noticeOf),
          trx,
        );
        if (this.hook) await this.hook(trx, batch);
        return { written, after };
      });
    } catch {
      // Nothing of the batch was committed: each cast on its own, with its own verdict.
      this.stats.fallbacks++;
      await Promise.all(
        batch.map((p) =>
          castOne(this.deps, p).then(
            () => p.done(),
            (err: Error) => p.done(err),
          ),
        ),
      );
      return;
    }
    await done.after().catch(() => undefined);
    this.stats.batches++;
    this.stats.casts += done.written.size;
    for (const p of batch) p.done(done.written.has(p.memberId) ? undefined : alreadyVoted(p));
  }
}

const batchers = new WeakMap<Database, CastBatcher>();

/** The process's batcher for this database (it reads `deps.notifier` at each write). */
export function castBatcher(deps: CastDeps): CastBatcher {
  let b = batchers.get(deps.db);
  if (!b) {
    b = new CastBatcher(deps);
    batchers.set(deps.db, b);
  }
  return b;
}
