import type { Actor } from '../../kernel/auth/actor.js';
import {
  assertMfaSatisfied,
  listGrantsWithPaths,
  permissionsAt,
  requireAccess,
} from '../../kernel/auth/access.js';
import { REAUTH_WINDOW_MS } from '../../kernel/auth/sessions.js';
import type { Database } from '../../kernel/db/pool.js';
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import { findOrg } from '../orgs/index.js';
import { type ElectionRow, electionsRepo } from './elections.repo.js';
import type { ContestDef } from './elections.rules.js';
import type { CreateElectionBody, ElectionView } from './elections.schemas.js';

export const DAY_MS = 86_400_000;

export function phaseOf(e: Pick<ElectionRow, 'status' | 'opens_at' | 'closes_at'>, now: Date): string {
  if (e.status !== 'ready') return e.status;
  if (now < e.opens_at) return 'scheduled';
  return now < e.closes_at ? 'open' : 'voting_ended';
}

/** A `date` column as YYYY-MM-DD (node-postgres parses it to a local-midnight Date). */
function dateText(d: unknown): string | null {
  if (d === null || d === undefined) return null;
  if (!(d instanceof Date)) return String(d).slice(0, 10);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
}

export async function present(db: Database, e: ElectionRow, now: Date): Promise<ElectionView> {
  const repo = electionsRepo(db);
  const counts = await repo.counts(e.id);
  const trustees = await repo.trustees(e.id);
  const dealers = new Set((await repo.sharesOf(e.id, {})).map((s) => s.dealer));
  return {
    id: e.id,
    orgId: e.org_id,
    title: e.title,
    profile: e.profile,
    status: e.status,
    phase: phaseOf(e, now),
    rules: e.rules,
    contests: e.contests,
    opensAt: e.opens_at.toISOString(),
    closesAt: e.closes_at.toISOString(),
    trustees: e.trustees_n,
    threshold: e.threshold,
    eligibleVoters: e.eligible_count,
    ballotsCast: counts.ballots,
    parameters: e.parameters,
    outcome: e.outcome,
    retainUntil: dateText(e.retain_until),
    recordsDisposedAt: e.records_disposed_at?.toISOString() ?? null,
    ceremony: {
      keys: trustees.filter((t) => t.public !== null).length,
      shares: dealers.size,
      decryptions: trustees.filter((t) => t.decryption !== null).length,
    },
  };
}

export function pgCode(err: unknown): { code?: string; constraint?: string } {
  return (err ?? {}) as { code?: string; constraint?: string };
}

/** @throws AppError election.invalid_definition */
export function contestDefs(body: CreateElectionBody): ContestDef[] {
  const ids = new Set<string>();
  return body.contests.map((c) => {
    if (ids.has(c.id))
      throw new AppError('election.invalid_definition', { contest: c.id, problem: 'duplicate' });
    ids.add(c.id);
    if (c.kind === 'yes_no') {
      return {
        id: c.id,
        kind: c.kind,
        title: c.title,
        seats: 1,
        minSelections: 1,
        maxSelections: 1,
        candidates: [
          { id: 'yes', name: 'yes' },
          { id: 'no', name: 'no' },
          { id: 'abstain', name: 'abstain' },
        ],
      };
    }
    const candidates = c.candidates ?? [];
    const seats = c.kind === 'single' ? 1 : (c.seats ?? 1);
    const maxSelections = c.kind === 'single' ? 1 : (c.maxSelections ?? seats);
    const minSelections = c.minSelections ?? 0;
    const cids = new Set(candidates.map((o) => o.id));
    if (cids.size !== candidates.length || minSelections > maxSelections || maxSelections > seats) {
      throw new AppError('election.invalid_definition', { contest: c.id });
    }
    // Candidates listed at creation stand as accepted (the officer holds their consent forms).
    const listed = candidates.map((o) => ({ ...o, accepted: true }));
    return {
      id: c.id,
      kind: c.kind,
      title: c.title,
      seats,
      minSelections,
      maxSelections,
      candidates: listed,
    };
  });
}

export async function loadOr404(db: Database, id: string): Promise<ElectionRow> {
  const e = await electionsRepo(db).findById(id);
  if (!e) throw new AppError('not_found');
  return e;
}

/** Administrators or observers of the election's org (E10). @throws AppError not_found */
export async function requireObserver(db: Database, actor: Actor, e: ElectionRow): Promise<void> {
  assertMfaSatisfied(actor);
  const org = await findOrg(db, e.org_id);
  const perms = org
    ? permissionsAt(await listGrantsWithPaths(db, actor.userId), org.path)
    : new Set<string>();
  const permission = perms.has('elections.administer') ? 'elections.administer' : 'elections.observe';
  await requireAccess(db, actor, permission, e.org_id);
}

/** @throws AppError auth.reauth_required unless the session authenticated recently (E4). */
export function assertFreshAuth(deps: Deps, actor: Actor): void {
  if (actor.mfaEnabled && !actor.mfaPassed) throw new AppError('auth.mfa_required');
  const at = actor.reauthAt?.getTime() ?? 0;
  if (deps.clock.now().getTime() - at > REAUTH_WINDOW_MS) throw new AppError('auth.reauth_required');
}
