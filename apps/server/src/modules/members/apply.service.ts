/**
 * Online join application (网上入会): anyone may apply to a grassroots union; the union approves or
 * rejects it as a lifecycle action. The answer is the same whether or not the ID number is already
 * registered, so the form cannot be used to find out who is a member.
 */
import { randomUUID } from 'node:crypto';
import type { Static } from '@sinclair/typebox';
import type { Actor } from '../../kernel/auth/actor.js';
import { recordAudit, recordAuditStandalone } from '../../kernel/audit/audit.js';
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import { CONSENT_PURPOSES, consentRow } from './consents.js';
import { consentsRepo } from './consents.repo.js';
import { loadOrg } from './members.orgs.js';
import { cleanPerson, idNumberBidx } from './members.pii.js';
import { membersRepo } from './members.repo.js';
import { insertNewMember } from './members.service.js';
import type { JoinBody } from './portal.schemas.js';

/** @throws AppError not_found unless the id is an active grassroots union */
async function loadUnion(deps: Deps, unionId: string) {
  const union = await loadOrg(deps.db, unionId);
  if (union.kind !== 'grassroots' || union.status !== 'active') throw new AppError('not_found');
  return union;
}

export async function joinInfo(deps: Deps, unionId: string) {
  const union = await loadUnion(deps, unionId);
  return {
    unionId: union.id,
    unionName: union.name,
    consents: Object.entries(CONSENT_PURPOSES).map(([purpose, d]) => ({
      purpose,
      version: d.version,
      required: d.required,
    })),
  };
}

/**
 * Records an application with the applicant's consents, in one transaction.
 * @throws AppError not_found, member.invalid_id_number, member.invalid_phone
 */
export async function applyToJoin(
  deps: Deps,
  actor: Actor | null,
  unionId: string,
  body: Static<typeof JoinBody>,
  ip: string,
) {
  const union = await loadUnion(deps, unionId);
  const now = deps.clock.now();
  const p = cleanPerson({ gender: 'unspecified', idType: 'resident_id', ...body }, undefined, now);
  const idType = p.idType ?? 'resident_id';
  const repo = membersRepo(deps.db);
  const existing = await repo.findLiveByIdBidx(idNumberBidx(deps.cipher, idType, p.idNumberNorm!));
  const linkUser =
    actor &&
    !(await repo
      .findByUser(actor.userId)
      .then((m) => m && ['applicant', 'active', 'retained', 'transferring'].includes(m.status)));
  if (existing) {
    await recordAuditStandalone(deps.db, {
      actorId: actor?.userId ?? null,
      ip,
      action: 'member.application_duplicate',
      targetType: 'member',
      targetId: existing.id,
      orgId: union.id,
    });
    return { status: 'received' as const };
  }
  const id = randomUUID();
  await deps.db
    .transaction()
    .execute(async (trx) => {
      await insertNewMember(trx, deps, {
        id,
        unionId: union.id,
        orgId: union.id,
        userId: linkUser ? actor!.userId : null,
        status: 'applicant',
        person: p,
        idType,
        actorId: actor?.userId ?? null,
        action: 'applied',
        now,
      });
      await consentsRepo(trx).insert([
        consentRow(id, 'sensitive_pi', true, 'application', actor?.userId ?? null, now),
        ...(body.consentNotifications !== undefined
          ? [
              consentRow(
                id,
                'notifications',
                body.consentNotifications,
                'application',
                actor?.userId ?? null,
                now,
              ),
            ]
          : []),
      ]);
      await recordAudit(
        trx,
        {
          actorId: actor?.userId ?? null,
          ip,
          action: 'member.applied',
          targetType: 'member',
          targetId: id,
          orgId: union.id,
        },
        now,
      );
    })
    .catch(async (err: { code?: string }) => {
      // A concurrent application with the same number won the race: same answer, nothing stored.
      if (err.code !== '23505') throw err;
    });
  return { status: 'received' as const };
}
