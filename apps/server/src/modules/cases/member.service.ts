/**
 * The member side: file a case (optionally anonymously where the type allows), follow it, answer,
 * confirm with a rating, reopen or withdraw. A member finds their cases by a keyed index of their
 * account, so anonymous cases stay theirs without any officer-visible link to them.
 */
import type { Actor } from '../../kernel/auth/actor.js';
import { recordAudit } from '../../kernel/audit/audit.js';
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import { memberOfUser } from '../members/index.js';
import { findOrg } from '../orgs/index.js';
import { autoAssign } from './assignment.service.js';
import { analyticColumns, checkFieldValues } from './case-types.js';
import { listAttachments } from './attachments.service.js';
import { resolveType, resolveTypes, typeView } from './case-types.service.js';
import { dueColumns } from './case-state.js';
import {
  DETAILS_COLUMN,
  EVENT_BODY_COLUMN,
  IDENTITY_COLUMN,
  presentDetail,
  presentSummary,
  SUBMITTER_BIDX,
} from './cases.present.js';
import { type CaseRow, casesRepo } from './cases.repo.js';
import type { CaseDetail, MemberActionBody, SubmitCaseBody } from './cases.schemas.js';
import { notifyMember, stepCase } from './transition.service.js';
import { allowedActions } from './workflow.js';

const LIVE = new Set(['active', 'retained', 'transferring']);
const HOUR = 3_600_000;
/** Departments with fewer live members are not kept on anonymous cases. */
export const MIN_ANONYMOUS_DEPARTMENT = 5;

/** @throws AppError not_found when the account has no live member record */
async function myMembership(deps: Deps, actor: Actor) {
  const m = await memberOfUser(deps.db, actor.userId);
  if (!m || !LIVE.has(m.status)) throw new AppError('not_found');
  return m;
}

const bidxOf = (deps: Deps, actor: Actor) => deps.cipher.blindIndex(SUBMITTER_BIDX, actor.userId);

/** The case types a member of this union may file. @throws not_found */
export async function myCaseTypes(deps: Deps, actor: Actor) {
  const m = await myMembership(deps, actor);
  return { items: (await resolveTypes(deps.db, m.unionId)).map(typeView) };
}

/**
 * Files a case. Anonymous cases keep no account id in the clear; the identity is kept only encrypted.
 * @throws AppError not_found, case.unknown_type, case.anonymity_not_allowed, validation_failed
 */
export async function submitCase(deps: Deps, actor: Actor, body: SubmitCaseBody): Promise<CaseDetail> {
  const m = await myMembership(deps, actor);
  const type = await resolveType(deps.db, m.unionId, body.typeKey);
  const anonymous = body.anonymous === true;
  if (anonymous && !type.allowAnonymous) throw new AppError('case.anonymity_not_allowed');
  const checked = checkFieldValues(type, body.fields);
  if (!checked.ok) throw new AppError('validation_failed', { problems: checked.problems });
  const org = await findOrg(deps.db, m.orgId);
  if (!org) throw new AppError('not_found');
  const now = deps.clock.now();
  const dept = await casesRepo(deps.db).memberDepartment(m.id);
  // an anonymous case keeps the department only where it cannot point at the member
  const department = dept && (!anonymous || dept.size >= MIN_ANONYMOUS_DEPARTMENT) ? dept.department : null;
  const row = await deps.db.transaction().execute(async (trx) => {
    const repo = casesRepo(trx);
    const seq = await repo.nextRef();
    const clockBase = {
      created_at: now,
      paused_ms: '0',
      paused_at: null,
      first_response_at: null,
      resolved_at: null,
      closed_at: null,
      fr_budget_ms: String(Math.round(type.sla.firstResponseHours * HOUR)),
      res_budget_ms: String(Math.round(type.sla.resolutionHours * HOUR)),
    };
    const inserted = await repo.insert({
      ref: `C${now.getUTCFullYear()}-${String(seq).padStart(6, '0')}`,
      union_id: m.unionId,
      origin_org_id: org.id,
      org_id: org.id,
      org_chain: org.path.split('/').filter(Boolean),
      type_key: type.key,
      state: type.workflow.initial,
      title: body.title.trim(),
      details_enc: deps.cipher.encrypt(DETAILS_COLUMN, JSON.stringify(checked.values)),
      anonymous,
      submitter_user_id: anonymous ? null : actor.userId,
      submitter_bidx: bidxOf(deps, actor),
      identity_enc: anonymous
        ? deps.cipher.encrypt(IDENTITY_COLUMN, JSON.stringify({ userId: actor.userId, memberId: m.id }))
        : null,
      ...analyticColumns(type, checked.values),
      department,
      updated_at: now,
      remind_share: type.sla.remindAt,
      ...clockBase,
      ...dueColumns(clockBase),
    });
    await repo.insertEvent({
      case_id: inserted.id,
      at: now,
      actor_id: anonymous ? null : actor.userId,
      actor_role: 'member',
      kind: 'submitted',
      action: 'submit',
      from_state: null,
      to_state: inserted.state,
      visible_to_member: true,
      body_enc: null,
    });
    await autoAssign(trx, inserted, now, 'filed');
    // for anonymous cases the audit row names no actor and no address either
    await recordAudit(
      trx,
      {
        actorId: anonymous ? null : actor.userId,
        ip: anonymous ? null : actor.ip,
        action: 'case.submitted',
        targetType: 'case',
        targetId: inserted.id,
        orgId: org.id,
        details: { typeKey: type.key, anonymous },
      },
      now,
    );
    return inserted;
  });
  await notifyMember(deps, row, 'cases.received');
  return getMyCase(deps, actor, row.id);
}

/** @throws not_found */
export async function listMyCases(deps: Deps, actor: Actor) {
  await myMembership(deps, actor);
  return { items: (await casesRepo(deps.db).listBySubmitter(bidxOf(deps, actor))).map(presentSummary) };
}

/** @throws AppError not_found for someone else's case (same as a missing one) */
export async function loadMine(deps: Deps, actor: Actor, id: string): Promise<CaseRow> {
  await myMembership(deps, actor);
  const row = await casesRepo(deps.db).findById(id);
  if (!row || row.submitter_bidx !== bidxOf(deps, actor)) throw new AppError('not_found');
  return row;
}

/** The member's view: their fields, progress, and messages (internal notes never). @throws not_found */
export async function getMyCase(deps: Deps, actor: Actor, id: string): Promise<CaseDetail> {
  const row = await loadMine(deps, actor, id);
  const type = await resolveType(deps.db, row.union_id, row.type_key).catch(() => undefined);
  const events = await casesRepo(deps.db).events(id, true);
  return presentDetail(deps.cipher, row, type, events, await listAttachments(deps, id), {
    audience: 'member',
    showFields: true,
    actions: type ? allowedActions(type.workflow, row.state, 'member') : [],
    message: row.closed_at === null,
  });
}

/** @throws AppError not_found, case.invalid_transition, case.reason_required */
export async function memberAction(deps: Deps, actor: Actor, id: string, body: MemberActionBody) {
  const mine = await loadMine(deps, actor, id);
  const row = await deps.db.transaction().execute((trx) =>
    stepCase(
      deps,
      trx,
      id,
      body,
      {
        role: 'member',
        userId: mine.anonymous ? null : actor.userId,
        ip: mine.anonymous ? null : actor.ip,
      },
      () => {},
    ),
  );
  await notifyMember(deps, row, 'cases.progress');
  return getMyCase(deps, actor, id);
}

/** A message from the member to the handler (no state change). @throws not_found, case.closed */
export async function memberMessage(deps: Deps, actor: Actor, id: string, text: string) {
  const mine = await loadMine(deps, actor, id);
  if (mine.closed_at) throw new AppError('case.closed');
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await casesRepo(trx).insertEvent({
      case_id: id,
      at: now,
      actor_id: mine.anonymous ? null : actor.userId,
      actor_role: 'member',
      kind: 'message',
      action: null,
      from_state: null,
      to_state: null,
      visible_to_member: true,
      body_enc: deps.cipher.encrypt(EVENT_BODY_COLUMN, text),
    });
    await recordAudit(
      trx,
      {
        actorId: mine.anonymous ? null : actor.userId,
        ip: mine.anonymous ? null : actor.ip,
        action: 'case.member_message',
        targetType: 'case',
        targetId: id,
        orgId: mine.org_id,
      },
      now,
    );
  });
  return getMyCase(deps, actor, id);
}
