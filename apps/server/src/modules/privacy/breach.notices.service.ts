/** Breach incidents: the regulator report, the member notices (each member once) and closing. */
import type { Actor } from '../../kernel/auth/actor.js';
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import {
  type ChainCheck,
  memberNoticeParams,
  missingFields,
  regulatorNotice,
  type Totals,
} from './breach.notice.js';
import { breachRepo } from './breach.repo.js';
import type { CloseBody, NoticeQuery, RegulatorBody } from './breach.schemas.js';
import { BREACH_NOTICE_TEMPLATE } from './breach.templates.js';
import { load, instant, notInFuture, audit, lockIn, displayOrg, isLate, reload } from './breach.shared.js';

/**
 * The regulator notice (Markdown) with every PIPL 57 / GDPR 33(3) element.
 * @throws AppError privacy.breach_incomplete with `missing` (the empty required fields)
 */
export async function regulatorNoticeOf(deps: Deps, actor: Actor, id: string, q: NoticeQuery) {
  const { b } = await load(deps, actor, id, 'view');
  const now = deps.clock.now();
  const missing = missingFields(b, isLate(b, b.regulator_notified_at ?? now));
  if (missing.length) throw new AppError('privacy.breach_incomplete', { missing });
  const lang = q.lang ?? 'zh-CN';
  const orgName = await displayOrg(deps, b);
  const text = regulatorNotice(
    { breach: b, orgName, totals: b.totals as Totals, chain: b.chain as ChainCheck, now },
    lang,
  );
  const day = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '');
  return { lang, fileName: `breach-report-${day}-${b.id.slice(0, 8)}-${lang}.md`, text };
}

/**
 * Records the report to the regulator (open/contained → notified). Needs every required field, and the
 * reasons for the delay when filed after the 72 hours.
 * @throws AppError privacy.breach_incomplete, privacy.breach_invalid_state, privacy.breach_future_time
 */
export async function notifyRegulator(deps: Deps, actor: Actor, id: string, body: RegulatorBody) {
  await load(deps, actor, id, 'manage');
  const now = deps.clock.now();
  const at = body.notifiedAt ? instant('notifiedAt', body.notifiedAt) : now;
  notInFuture('notifiedAt', at, now);
  await deps.db.transaction().execute(async (trx) => {
    const b = await lockIn(trx, id, ['open', 'contained']);
    if (at.getTime() < b.discovered_at.getTime()) throw new AppError('privacy.breach_bad_window');
    const late = isLate(b, at);
    const missing = missingFields(b, late);
    if (missing.length) throw new AppError('privacy.breach_incomplete', { missing });
    await breachRepo(trx).markRegulatorNotified(id, {
      notifiedAt: at,
      authority: body.authority.trim(),
      reference: body.reference?.trim() || null,
      at: now,
    });
    await audit(trx, actor, b, 'privacy.breach_regulator_notified', now, {
      from: b.status,
      to: 'notified',
      notifiedAt: at.toISOString(),
      authority: body.authority.trim(),
      late,
    });
  });
  return reload(deps, actor, id);
}

/**
 * Sends the PIPL 57 notice to every affected member with an account who has not had it yet (in-app and
 * e-mail, in their language). Idempotent and safe under concurrency: the incident row is locked and each
 * member is marked in the same transaction as their notification. Members without an account are counted
 * for offline notice.
 * @throws AppError privacy.breach_incomplete, privacy.breach_invalid_state
 */
export async function notifyMembers(deps: Deps, actor: Actor, id: string) {
  const { b: loaded } = await load(deps, actor, id, 'manage');
  const now = deps.clock.now();
  const orgName = await displayOrg(deps, loaded);
  let after: () => Promise<void> = async () => {};
  const result = await deps.db.transaction().execute(async (trx) => {
    const b = await lockIn(trx, id, ['open', 'contained', 'notified']);
    const missing = missingFields(b, false);
    if (missing.length) throw new AppError('privacy.breach_incomplete', { missing });
    const repo = breachRepo(trx);
    const claimed = await repo.claimNotices(id, now);
    after = await deps.notifier.sendEach(
      claimed.map((c) => ({
        userId: c.user_id,
        template: BREACH_NOTICE_TEMPLATE,
        params: memberNoticeParams(b, orgName, c.categories),
      })),
      trx,
    );
    await repo.markMembersNotified(id, now);
    const counts = await repo.noticeCounts(id);
    const out = {
      sent: claimed.length,
      alreadyNotified: Number(counts?.notified ?? 0) - claimed.length,
      offline: Number(counts?.offline ?? 0),
    };
    await audit(trx, actor, b, 'privacy.breach_members_notified', now, out);
    return out;
  });
  await after();
  return result;
}

/**
 * notified → closed. Needs the member notices sent, or the recorded reason why individuals were not
 * notified (PIPL 57: measures that effectively avoid harm).
 * @throws AppError privacy.breach_invalid_state, privacy.breach_notice_required
 */
export async function closeBreach(deps: Deps, actor: Actor, id: string, body: CloseBody) {
  await load(deps, actor, id, 'manage');
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const b = await lockIn(trx, id, ['notified']);
    const reason = b.members_notified_at ? null : (body.noMemberNoticeReason?.trim() ?? null);
    if (!b.members_notified_at && !reason) throw new AppError('privacy.breach_notice_required');
    await breachRepo(trx).close(id, { at: now, noNoticeReason: reason });
    await audit(trx, actor, b, 'privacy.breach_closed', now, {
      from: b.status,
      to: 'closed',
      membersNotified: Boolean(b.members_notified_at),
      ...(reason ? { noMemberNoticeReason: reason } : {}),
    });
  });
  return reload(deps, actor, id);
}
