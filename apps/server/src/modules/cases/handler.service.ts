/**
 * The handler side: the queue (cases on nodes in the caller's scope), the case page, workflow actions,
 * messages to the member vs internal notes, and the audited reveal of an anonymous submitter.
 */
import type { Actor } from '../../kernel/auth/actor.js';
import { assertMfaSatisfied, requireAccess, requirePermissionSomewhere } from '../../kernel/auth/access.js';
import { recordAudit } from '../../kernel/audit/audit.js';
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import { revealWithAudit } from '../../kernel/privacy/reveal.js';
import { listAttachments } from './attachments.service.js';
import { validWindow } from './analytics/analytics.service.js';
import { resolveType } from './case-types.service.js';
import { EVENT_BODY_COLUMN, IDENTITY_COLUMN, presentDetail, presentSummary } from './cases.present.js';
import { type CaseRow, COUNT_CAP, casesRepo, type HandlerListFilter, underPaths } from './cases.repo.js';
import { rollupRepo } from './analytics/rollup.repo.js';
import type { CaseDetail, CaseListQuery, HandlerActionBody } from './cases.schemas.js';
import { notifyMember, stepCase } from './transition.service.js';
import { allowedActions } from './workflow.js';

/** A drill-down window: a calendar month (UTC) or from/to. */
function monthWindow(q: CaseListQuery): { from?: Date; to?: Date } {
  if (q.month) {
    const [y, m] = q.month.split('-').map(Number) as [number, number];
    return { from: new Date(Date.UTC(y, m - 1, 1)), to: new Date(Date.UTC(y, m, 1)) };
  }
  return { from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined };
}

/** The list filters of a queue query (shared by the queue and the export), scoped to cases.read. */
export async function handlerFilter(deps: Deps, actor: Actor, q: CaseListQuery): Promise<HandlerListFilter> {
  const window = monthWindow(q);
  if (!validWindow(window.from, window.to))
    throw new AppError('validation_failed', { from: q.from, to: q.to });
  assertMfaSatisfied(actor);
  const paths = await rollupRepo(deps.db).topPaths(actor.userId, 'cases.read');
  // no grant anywhere: refused (and audited) like every scoped list
  if (paths.length === 0) await requirePermissionSomewhere(deps.db, actor, 'cases.read');
  return {
    scope: underPaths(deps.db, paths),
    state: q.state,
    open: q.open,
    typeKey: q.typeKey,
    orgId: q.orgId,
    assigneeId: q.mine ? actor.userId : undefined,
    originOrgId: q.originOrgId,
    ...window,
    location: q.location,
    bodyPart: q.bodyPart,
    department: q.department,
    breached: q.breached,
  };
}

/** A keyset cursor: the last row's created_at (as PostgreSQL prints it, microseconds kept) and id. */
export function encodeCursor(row: { cursor_at: string; id: string }): string {
  return Buffer.from(JSON.stringify([row.cursor_at, row.id])).toString('base64url');
}

/** @throws AppError validation_failed for a cursor this server did not make */
export function decodeCursor(cursor: string): { createdAt: string; id: string } {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string') {
      const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/.exec(v[0]);
      const [y, mo, d, h, mi, se] = (m?.slice(1, 7) ?? []).map(Number) as number[];
      // a timestamp PostgreSQL can read back (never a 500 on a made-up cursor) and a well-formed uuid
      const valid =
        m !== null &&
        y! >= 1900 &&
        new Date(Date.UTC(y!, mo! - 1, d!)).getUTCMonth() === mo! - 1 &&
        new Date(Date.UTC(y!, mo! - 1, d!)).getUTCDate() === d &&
        h! < 24 &&
        mi! < 60 &&
        se! < 60;
      if (valid && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(v[1]))
        return { createdAt: v[0], id: v[1] };
    }
  } catch {
    // falls through to the validation error
  }
  throw new AppError('validation_failed', { cursor: 'invalid' });
}

/**
 * The handler queue, filtered to the caller's cases.read scope: by page or after a keyset cursor; the
 * total is exact up to COUNT_CAP rows (`totalCapped` says when it is only a lower bound).
 * @throws forbidden, validation_failed
 */
export async function listCases(deps: Deps, actor: Actor, q: CaseListQuery) {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 50;
  const filter = await handlerFilter(deps, actor, q);
  const after = q.cursor ? decodeCursor(q.cursor) : undefined;
  const { items, total } = await casesRepo(deps.db).listForHandler(filter, {
    page,
    pageSize,
    after,
  });
  const last = items[items.length - 1];
  return {
    items: items.map(presentSummary),
    total: Math.min(total, COUNT_CAP),
    totalCapped: total > COUNT_CAP,
    page,
    pageSize,
    nextCursor: items.length === pageSize && last ? encodeCursor(last) : null,
  };
}

/** @throws AppError not_found (missing or outside the caller's scope) */
async function loadWithAccess(
  deps: Deps,
  actor: Actor,
  id: string,
  permission: 'cases.read' | 'cases.handle',
) {
  const row = await casesRepo(deps.db).findById(id);
  if (!row) throw new AppError('not_found');
  // a foreign case answers exactly like a missing one (and the refusal is audited)
  await requireAccess(deps.db, actor, permission, row.org_id);
  return row;
}

async function canHandle(deps: Deps, actor: Actor, row: CaseRow): Promise<boolean> {
  return requireAccess(deps.db, actor, 'cases.handle', row.org_id).then(
    () => true,
    () => false,
  );
}

/** The case page. Field values are shown to those who may handle the case, masked otherwise. */
export async function getCase(deps: Deps, actor: Actor, id: string): Promise<CaseDetail> {
  const row = await loadWithAccess(deps, actor, id, 'cases.read');
  const handle = await canHandle(deps, actor, row);
  const type = await resolveType(deps.db, row.union_id, row.type_key).catch(() => undefined);
  const events = await casesRepo(deps.db).events(id, false);
  return presentDetail(deps.cipher, row, type, events, await listAttachments(deps, id), {
    audience: 'handler',
    showFields: handle,
    actions: handle && type ? allowedActions(type.workflow, row.state, 'handler') : [],
    message: handle,
  });
}

/** A workflow action by a handler (take, ask the member, pause, resolve, stage moves...). */
export async function handlerAction(deps: Deps, actor: Actor, id: string, body: HandlerActionBody) {
  const before = await loadWithAccess(deps, actor, id, 'cases.handle');
  const row = await deps.db.transaction().execute((trx) =>
    stepCase(deps, trx, id, body, { role: 'handler', userId: actor.userId, ip: actor.ip }, (locked) => {
      if (locked.org_id !== before.org_id) throw new AppError('conflict');
    }),
  );
  await notifyMember(deps, row, 'cases.progress');
  return getCase(deps, actor, id);
}

/**
 * A message to the member (counts as the first response) or an internal note the member never sees.
 * @throws AppError not_found, case.closed
 */
export async function addMessage(
  deps: Deps,
  actor: Actor,
  id: string,
  body: { body: string; toMember: boolean },
) {
  await loadWithAccess(deps, actor, id, 'cases.handle');
  const now = deps.clock.now();
  const row = await deps.db.transaction().execute(async (trx) => {
    const repo = casesRepo(trx);
    const locked = await repo.findForUpdate(id);
    if (!locked) throw new AppError('not_found');
    if (locked.closed_at && body.toMember) throw new AppError('case.closed');
    await repo.insertEvent({
      case_id: id,
      at: now,
      actor_id: actor.userId,
      actor_role: 'handler',
      kind: body.toMember ? 'message' : 'note',
      action: null,
      from_state: null,
      to_state: null,
      visible_to_member: body.toMember,
      body_enc: deps.cipher.encrypt(EVENT_BODY_COLUMN, body.body),
    });
    let saved = locked;
    if (body.toMember && !locked.first_response_at) {
      saved = await repo.update(id, { first_response_at: now, fr_due_at: null, updated_at: now });
    }
    await recordAudit(
      trx,
      {
        actorId: actor.userId,
        ip: actor.ip,
        action: body.toMember ? 'case.message' : 'case.note',
        targetType: 'case',
        targetId: id,
        orgId: locked.org_id,
      },
      now,
    );
    return saved;
  });
  if (body.toMember) await notifyMember(deps, row, 'cases.message');
  return getCase(deps, actor, id);
}

/**
 * Reveals who filed an anonymous case: needs members.pii.reveal on the case's node and a reason, and
 * is audited (kernel revealWithAudit). Named cases simply return their submitter.
 * @throws AppError not_found
 */
export async function revealIdentity(deps: Deps, actor: Actor, id: string, reason: string) {
  const row = await loadWithAccess(deps, actor, id, 'cases.read');
  return revealWithAudit(
    deps,
    actor,
    { orgId: row.org_id, targetType: 'case', targetId: id, fields: ['submitter'], reason },
    async () => {
      if (!row.anonymous) return { userId: row.submitter_user_id, memberId: null };
      if (!row.identity_enc) return { userId: null, memberId: null };
      const v = JSON.parse(await deps.cipher.decrypt(IDENTITY_COLUMN, row.identity_enc)) as {
        userId: string;
        memberId: string;
      };
      return { userId: v.userId, memberId: v.memberId };
    },
  );
}
