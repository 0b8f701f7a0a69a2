/**
 * Ballot verification off the event loop (issue 4, server ingest): a small pool of worker threads
 * (ELECTION_VERIFY_WORKERS, default one per core up to four). Ballots cast at the same time in the
 * same election are checked together: an idle worker takes everything queued for one election (up to
 * MAX_BATCH) and verifies it with one multi-scalar multiplication (elections.verify-worker.ts), so
 * under load the cost per ballot drops several times while a lone ballot still goes straight to a
 * worker. Every ballot still gets its own verdict, the same check name `ballotProblem` gives.
 * With ELECTION_VERIFY_WORKERS=0, or if a worker cannot start, ballots are verified in the calling
 * thread with `ballotProblem`.
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '@unionhall/election-crypto/node';
import {
  ballotProblem,
  type ElectionParameters,
  type EncryptedBallot,
  type Manifest,
} from './elections.crypto.js';
import type { VerifyBatchRequest, VerifyBatchResponse } from './elections.verify-worker.js';

/** Largest batch one worker takes at once (about 45 ms of work for six-option ballots). */
const MAX_BATCH = 32;

/** Contexts a worker keeps (elections.verify-worker.ts MAX_CONTEXTS); fewer here, so never stale. */
const KNOWN_CONTEXTS = 12;

type Pending = {
  key: string;
  manifest: Manifest;
  parameters: ElectionParameters;
  ballot: EncryptedBallot;
  resolve: (problem: string | null) => void;
};
/** `known`: the election contexts this worker already holds (sent once, then referenced by key). */
type Slot = { worker: Worker; busy: Pending[] | null; id: number; known: Set<string> };

/** Default pool size: one worker per core, at most four. */
export function defaultVerifyWorkers(): number {
  return Math.min(4, Math.max(1, availableParallelism()));
}

/** One verification worker (elections.verify-worker.js, or the .ts source under tests and tsx). */
const startWorker = () =>
  startModuleWorker(import.meta.url, 'elections.verify-worker', {
    workerData: { mark: 'unionhall-election-verifier' },
  });

export class BallotVerifyPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private broken = false;
  /** Batches answered by a worker, and batches a worker could not answer (verified here instead). */
  readonly stats = { batches: 0, refused: 0 };

  constructor(size: number) {
    try {
      for (let i = 0; i < size; i++) this.slots.push(this.spawn());
    } catch {
      this.broken = true;
    }
  }

  /** null if the ballot verifies, else the name of its first failing check. */
  check(manifest: Manifest, parameters: ElectionParameters, ballot: EncryptedBallot): Promise<string | null> {
    if (this.broken || this.slots.length === 0)
      return Promise.resolve(ballotProblem(manifest, parameters, ballot));
    return new Promise((resolve) => {
      const key = `${manifest.election_id}:${parameters.parameter_hash}`;
      this.queue.push({ key, manifest, parameters, ballot, resolve });
      this.pump();
    });
  }

  /** True while ballots go to worker threads (false with no workers, after close or a worker failure). */
  get usingWorkers(): boolean {
    return !this.broken && this.slots.length > 0;
  }

  /** Stop the workers; ballots still queued are verified in this thread. */
  async close(): Promise<void> {
    this.broken = true;
    this.drainInline();
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.slots.length = 0;
  }

  private spawn(): Slot {
    const slot: Slot = { worker: startWorker(), busy: null, id: 0, known: new Set() };
    slot.worker.unref();
    slot.worker.on('message', (m: VerifyBatchResponse) => this.done(slot, m));
    slot.worker.on('error', () => this.fail(slot));
    slot.worker.on('exit', () => this.fail(slot));
    return slot;
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.busy) continue;
      // The oldest ballot's election, and everything else queued for it, up to MAX_BATCH.
      const key = this.queue[0]!.key;
      const batch: Pending[] = [];
      for (let i = 0; i < this.queue.length && batch.length < MAX_BATCH; ) {
        if (this.queue[i]!.key === key) batch.push(this.queue.splice(i, 1)[0]!);
        else i++;
      }
      slot.busy = batch;
      slot.id = this.nextId++;
      // The manifest and parameters are cloned to a worker once per election, not with every batch
      // (the worker keeps the newest 16; the pool forgets its record of older ones the same way).
      const fresh = !slot.known.has(key);
      if (fresh) {
        slot.known.add(key);
        if (slot.known.size > KNOWN_CONTEXTS) slot.known.delete(slot.known.values().next().value!);
      }
      const msg: VerifyBatchRequest = {
        id: slot.id,
        key,
        ...(fresh ? { context: { manifest: batch[0]!.manifest, parameters: batch[0]!.parameters } } : {}),
        // One string per batch: cloning it is a copy, where cloning the ballot objects costs the
        // main thread more than the worker's JSON.parse does.
        ballots: JSON.stringify(batch.map((p) => p.ballot)),
      };
      slot.worker.postMessage(msg);
    }
  }

  private done(slot: Slot, m: VerifyBatchResponse): void {
    const batch = slot.busy;
    if (!batch || m.id !== slot.id) return;
    slot.busy = null;
    // A verdict for every ballot, or the whole batch is checked again here (never approve by default).
    const verdicts = 'problems' in m && m.problems.length === batch.length ? m.problems : null;
    if (verdicts) this.stats.batches++;
    else this.stats.refused++;
    batch.forEach((p, k) => {
      p.resolve(
        verdicts ? (verdicts[k] as string | null) : ballotProblem(p.manifest, p.parameters, p.ballot),
      );
    });
    this.pump();
  }

  /** A worker died: its batch and everything after it is verified in this thread. */
  private fail(slot: Slot): void {
    const batch = slot.busy;
    slot.busy = null;
    if (!this.broken) {
      this.broken = true;
      for (const s of this.slots) if (s !== slot) void s.worker.terminate();
    }
    for (const p of batch ?? []) p.resolve(ballotProblem(p.manifest, p.parameters, p.ballot));
    this.drainInline();
  }

  private drainInline(): void {
    for (const p of this.queue.splice(0)) p.resolve(ballotProblem(p.manifest, p.parameters, p.ballot));
  }
}

let shared: BallotVerifyPool | null = null;

/**
 * The process's pool, started on the first cast with `workers` threads (0: verify in this thread).
 * Later calls reuse it whatever they pass.
 */
export function ballotVerifyPool(workers: number): BallotVerifyPool {
  shared ??= new BallotVerifyPool(workers);
  return shared;
}
