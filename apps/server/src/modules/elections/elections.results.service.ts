import type { Actor } from '../../kernel/auth/actor.js';
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import {
  buildRecord,
  type DecryptionShareJson,
  type ElectionParameters,
  type Manifest,
  serializeRecord,
  type TallyJson,
  type TrusteePublic,
} from './elections.crypto.js';
import { type ElectionRow, electionsRepo } from './elections.repo.js';

import { loadOr404, requireObserver } from './elections.shared.js';

/** Observers, administrators and voters on the roll may see the board. */
async function requireBoardReader(deps: Deps, actor: Actor, id: string): Promise<ElectionRow> {
  const v = await electionsRepo(deps.db).voterOfUser(id, actor.userId);
  if (v) return loadOr404(deps.db, id);
  const e = await loadOr404(deps.db, id);
  await requireObserver(deps.db, actor, e);
  return e;
}

/** Before close: tracking codes sorted; after close: the published hash-chained board. */
export async function boardOf(deps: Deps, actor: Actor, id: string) {
  const e = await requireBoardReader(deps, actor, id);
  const codes = await electionsRepo(deps.db).trackingCodes(id);
  return { trackingCodes: codes.map((c) => c.tracking_code), board: e.board };
}

/** The full election record (canonical JSON text) once tallied. @throws AppError election.invalid_state */
export async function recordOf(deps: Deps, actor: Actor, id: string): Promise<string> {
  const e = await requireBoardReader(deps, actor, id);
  if (e.status !== 'tallied') throw new AppError('election.invalid_state', { status: e.status });
  const peers = await electionsRepo(deps.db).trustees(id);
  return serializeRecord(
    buildRecord({
      manifest: e.manifest as Manifest,
      parameters: e.parameters as ElectionParameters,
      trustees: peers.map((p) => p.public as TrusteePublic),
      board: e.board as never,
      tally: e.tally as TallyJson,
      decryption: peers
        .filter((p) => p.decryption)
        .map((p) => p.decryption as DecryptionShareJson)
        .slice(0, e.threshold),
      results: e.results as never,
    }),
  );
}

/** The counting log for observers (E10): ceremony, close and tally steps, never a voter. */
export async function countingLogOf(deps: Deps, actor: Actor, id: string) {
  const e = await loadOr404(deps.db, id);
  await requireObserver(deps.db, actor, e);
  const rows = await electionsRepo(deps.db).countingLog(id);
  return rows.map((r) => ({
    seq: Number(r.seq),
    at: r.at.toISOString(),
    action: r.action,
    details: r.details,
  }));
}
