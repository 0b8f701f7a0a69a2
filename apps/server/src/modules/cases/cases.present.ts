/**
 * Case rows to API views. The submitter of an anonymous case is never part of any view: the summary
 * has no submitter at all, the detail's submitterId is null, and member events carry no actor id.
 */
import type { FieldCipher } from '../../kernel/crypto/field.js';
import type { ResolvedType } from './case-types.service.js';
import type { CaseEventRow, CaseRow } from './cases.repo.js';
import type { CaseDetail, CaseSummary } from './cases.schemas.js';

export const DETAILS_COLUMN = 'cases.details';
export const IDENTITY_COLUMN = 'cases.identity';
export const EVENT_BODY_COLUMN = 'case_events.body';
export const SUBMITTER_BIDX = 'cases.submitter';

type SummaryRow = Pick<
  CaseRow,
  | 'id'
  | 'ref'
  | 'type_key'
  | 'state'
  | 'title'
  | 'anonymous'
  | 'org_id'
  | 'assignee_id'
  | 'created_at'
  | 'updated_at'
  | 'fr_due_at'
  | 'res_due_at'
  | 'fr_breached_at'
  | 'res_breached_at'
  | 'paused_at'
  | 'escalation_level'
>;

export function presentSummary(r: SummaryRow): CaseSummary {
  return {
    id: r.id,
    ref: r.ref,
    typeKey: r.type_key,
    state: r.state,
    title: r.title,
    anonymous: r.anonymous,
    orgId: r.org_id,
    assigneeId: r.assignee_id,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    firstResponseDueAt: r.fr_due_at?.toISOString() ?? null,
    resolutionDueAt: r.res_due_at?.toISOString() ?? null,
    firstResponseBreached: r.fr_breached_at !== null,
    resolutionBreached: r.res_breached_at !== null,
    paused: r.paused_at !== null,
    escalationLevel: r.escalation_level,
  };
}

export async function presentDetail(
  cipher: FieldCipher,
  row: CaseRow,
  type: ResolvedType | undefined,
  events: CaseEventRow[],
  attachments: CaseDetail['attachments'],
  view: { audience: 'member' | 'handler'; showFields: boolean; actions: string[]; message: boolean },
): Promise<CaseDetail> {
  const fields = view.showFields
    ? (JSON.parse(await cipher.decrypt(DETAILS_COLUMN, row.details_enc)) as Record<string, string | number>)
    : {};
  const presentedEvents = [];
  for (const e of events) {
    presentedEvents.push({
      id: String(e.id),
      at: e.at.toISOString(),
      actorRole: e.actor_role,
      // a member's own events carry no account id: for anonymous cases there is none to show
      actorId: e.actor_role === 'handler' ? e.actor_id : null,
      kind: e.kind,
      action: e.action,
      fromState: e.from_state,
      toState: e.to_state,
      visibleToMember: e.visible_to_member,
      body: e.body_enc ? await cipher.decrypt(EVENT_BODY_COLUMN, e.body_enc) : null,
      details: e.details,
    });
  }
  return {
    ...presentSummary(row),
    stage: type?.workflow.states.find((s) => s.key === row.state)?.stage ?? null,
    fields,
    fieldsMasked: !view.showFields,
    submitterId: view.audience === 'handler' && !row.anonymous ? row.submitter_user_id : null,
    pauseReason: row.pause_reason,
    firstResponseAt: row.first_response_at?.toISOString() ?? null,
    resolvedAt: row.resolved_at?.toISOString() ?? null,
    closedAt: row.closed_at?.toISOString() ?? null,
    satisfaction: row.satisfaction,
    events: presentedEvents,
    attachments,
    abilities: { actions: view.actions, message: view.message },
  };
}
