/** Messages between the main thread and election workers. */
import type { EncryptedBallot } from '../ballot.js';
import type { CheckResult } from '../ballot-verify.js';
import type { BoardEntry } from '../board.js';
import type { CiphertextJson } from '../elgamal.js';
import type { ElectionParameters, Manifest, PublicContext } from '../manifest.js';

/** A task for a worker. */
export type WorkerRequest =
  | {
      id: number;
      type: 'verify';
      manifest: Manifest;
      parameters: ElectionParameters;
      start: number;
      entries: BoardEntry[];
      prev: string;
    }
  | {
      id: number;
      type: 'verify-ballots';
      manifest: Manifest;
      parameters: PublicContext;
      ballots: EncryptedBallot[];
    }
  | {
      id: number;
      type: 'simulate';
      manifest: Manifest;
      context: PublicContext;
      seed: string | undefined;
      start: number;
      end: number;
    };

/** Result of a verify task: first failure in the slice and the slice's ciphertext sums. */
export interface VerifyTaskResult {
  failure: { index: number; check: string } | null;
  sums: CiphertextJson[][];
}

/** Result of a simulate task: the ballots and their ciphertext sums. */
export interface SimulateTaskResult {
  ballots: EncryptedBallot[];
  sums: CiphertextJson[][];
}

/** Result of a verify-ballots task: one verdict per ballot, in order. */
export interface BallotsTaskResult {
  verdicts: CheckResult[];
}

/** A worker's message back. */
export type WorkerResponse =
  | { id: number; type: 'progress'; n: number }
  | { id: number; type: 'done'; result: VerifyTaskResult | SimulateTaskResult | BallotsTaskResult }
  | { id: number; type: 'error'; message: string };
