/** One member: create, read with history, edit, reveal. Access check -> transaction -> repo -> audit. */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../kernel/auth/actor.js';
import { requireAccess } from '../../kernel/auth/access.js';
import { recordAudit } from '../../kernel/audit/audit.js';
import type { Database } from '../../kernel/db/pool.js';
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import { revealWithAudit } from '../../kernel/privacy/reveal.js';
import { assertSensitiveConsent, consentRow, hasConsent } from './consents.js';
import { consentsRepo } from './consents.repo.js';
import type { IdType } from './identity-docs.js';
import { isLive } from './lifecycle.js';
import { formatMemberNo, resolvePlacement } from './members.orgs.js';
import {
  COL,
  type CleanPerson,
  cleanPerson,
  decryptOrNull,
  plainColumns,
  sensitiveColumns,
} from './members.pii.js';
import { presentEvent, presentMember } from './members.present.js';
import { type MemberRow, membersRepo } from './members.repo.js';
import type { CreateMemberBody, MemberView, PiiField, UpdateMemberBody } from './members.schemas.js';
import { nameKeys } from './name-index.js';
import { pendingTransferView } from './transfers.service.js';

const today = (deps: Deps) => deps.clock.now().toISOString().slice(0, 10);

/** @throws AppError not_found */
export async function loadMember(db: Database, id: string): Promise<MemberRow> {
  const row = await membersRepo(db).findById(id);
  if (!row) throw new AppError('not_found');
  return row;
}

/** Loads a member the actor holds `permission` on; missing and forbidden look the same (404). */
export async function loadMemberWithAccess(
  deps: Deps,
  actor: Actor,
  id: string,
  permission: 'members.read' | 'members.write' | 'members.pii.reveal',
): Promise<MemberRow> {
  const row = await membersRepo(deps.db).findById(id);
  if (!row) {
    await requireAccess(deps.db, actor, permission, []);
    throw new AppError('not_found');
  }
  await requireAccess(deps.db, actor, permission, row.org_id);
  return row;
}

export function touchesSensitive(p: CleanPerson): boolean {
  return Boolean(p.idNumberNorm || p.phoneNorm || p.address);
}

/** Maps a unique violation on the live ID-number index to its error code. */
export function duplicateIdGuard(err: unknown): never {
  const e = err as { code?: string; constraint?: string };
  if (e.code === '23505' && e.constraint === 'members_live_id_number')
    throw new AppError('member.duplicate_id_number');
  throw err;
}

/** Name keys and the plain/sensitive columns of a cleaned person. */
export function personColumns(deps: Deps, p: CleanPerson, idType: string) {
  const keys = p.name ? nameKeys(p.name) : undefined;
  return {
    ...plainColumns(p),
    ...sensitiveColumns(deps.cipher, p, idType),
    ...(keys ? { name_initials: keys.initials, name_pinyin: keys.pinyin, name_grams: keys.grams } : {}),
  };
}

/**
 * A new registry record numbered in its union, with its first history event, in the caller's
 * transaction (an officer's entry, an online application).
 */
export async function insertNewMember(
  trx: Database,
  deps: Deps,
  m: {
    id: string;
    unionId: string;
    orgId: string;
    userId?: string | null;
    status: 'active' | 'applicant';
    joinDate?: string;
    person: CleanPerson;
    idType: string;
    actorId: string | null;
    action: 'created' | 'applied';
    now: Date;
  },
) {
  const repo = membersRepo(trx);
  const seq = await repo.reserveNumbers(m.unionId, 1);
  const cols = personColumns(deps, m.person, m.idType);
  await repo.insert({
    id: m.id,
    union_id: m.unionId,
    org_id: m.orgId,
    user_id: m.userId ?? null,
    member_no: formatMemberNo(seq),
    status: m.status,
    ...(m.joinDate ? { join_date: m.joinDate } : {}),
    gender: 'unspecified',
    id_type: m.idType,
    ...cols,
    name: m.person.name!,
    name_initials: cols.name_initials!,
    name_pinyin: cols.name_pinyin!,
    name_grams: cols.name_grams!,
    created_at: m.now,
    updated_at: m.now,
  });
  await repo.insertEvents([
    {
      member_id: m.id,
      at: m.now,
      actor_id: m.actorId,
      action: m.action,
      from_status: null,
      to_status: m.status,
      union_id: m.unionId,
      org_id: m.orgId,
    },
  ]);
}

/**
 * Registers a member directly (an officer entering a paper form).
 * @throws AppError not_found, member.invalid_org, member.invalid_id_number, member.invalid_phone,
 *   member.consent_required, member.duplicate_id_number
 */
export async function createMember(deps: Deps, actor: Actor, body: CreateMemberBody): Promise<MemberView> {
  await requireAccess(deps.db, actor, 'members.write', body.orgId);
  const { org, union } = await resolvePlacement(deps.db, body.orgId);
  const now = deps.clock.now();
  const p = cleanPerson({ gender: 'unspecified', idType: 'resident_id', ...body }, undefined, now);
  if (touchesSensitive(p) && !body.sensitiveConsentAttested) {
    throw new AppError('member.consent_required', { purpose: 'sensitive_pi' });
  }
  const id = randomUUID();
  const idType = p.idType ?? 'resident_id';
  await deps.db
    .transaction()
    .execute(async (trx) => {
      await insertNewMember(trx, deps, {
        id,
        unionId: union.id,
        orgId: org.id,
        status: 'active',
        joinDate: body.joinDate ?? today(deps),
        person: p,
        idType,
        actorId: actor.userId,
        action: 'created',
        now,
      });
      if (body.sensitiveConsentAttested) {
        await consentsRepo(trx).insert([
          consentRow(id, 'sensitive_pi', true, 'officer_attested', actor.userId, now),
        ]);
      }
      await recordAudit(
        trx,
        {
          actorId: actor.userId,
          ip: actor.ip,
          action: 'member.created',
          targetType: 'member',
          targetId: id,
          orgId: org.id,
          details: { unionId: union.id, consentAttested: Boolean(body.sensitiveConsentAttested) },
        },
        now,
      );
    })
    .catch(duplicateIdGuard);
  return presentMember(deps, actor, await loadMember(deps.db, id));
}

/** @throws AppError not_found */
export async function getMember(deps: Deps, actor: Actor, id: string) {
  const row = await loadMemberWithAccess(deps, actor, id, 'members.read');
  const [member, events, pendingTransfer] = await Promise.all([
    presentMember(deps, actor, row),
    membersRepo(deps.db).events(id),
    pendingTransferView(deps, actor, id),
  ]);
  return { member, history: events.map(presentEvent), pendingTransfer };
}

/**
 * Edits a member's record. Moving to another node stays within the grassroots union (between unions
 * is a transfer). Storing sensitive data needs the member's consent or the officer's attestation.
 * @throws AppError not_found, member.invalid_org, member.invalid_transition, member.invalid_id_number,
 *   member.invalid_phone, member.consent_required, member.duplicate_id_number
 */
export async function updateMember(
  deps: Deps,
  actor: Actor,
  id: string,
  body: UpdateMemberBody,
): Promise<MemberView> {
  const row = await loadMemberWithAccess(deps, actor, id, 'members.write');
  if (body.orgId && body.orgId !== row.org_id) {
    await requireAccess(deps.db, actor, 'members.write', body.orgId);
    const target = await resolvePlacement(deps.db, body.orgId);
    if (target.union.id !== row.union_id) throw new AppError('member.invalid_org', { reason: 'other_union' });
  }
  if (!isLive(row.status) || row.status === 'transferring') {
    throw new AppError('member.invalid_transition', { status: row.status, action: 'edit' });
  }
  const now = deps.clock.now();
  const p = cleanPerson(body, { idType: row.id_type }, now);
  if (touchesSensitive(p) && !body.sensitiveConsentAttested) await assertSensitiveConsent(deps.db, id);
  const idType = (p.idType ?? row.id_type) as IdType;
  if (p.idType && p.idNumberNorm === undefined && row.id_number_enc) {
    // A new document type re-keys the existing number's blind index.
    p.idNumberNorm = await decryptOrNull(deps.cipher, COL.idNumber, row.id_number_enc);
    cleanPerson({ idType, idNumber: p.idNumberNorm }, undefined, now);
  }
  const fields = Object.keys(body).filter((k) => k !== 'sensitiveConsentAttested');
  await deps.db
    .transaction()
    .execute(async (trx) => {
      const repo = membersRepo(trx);
      await repo.update(id, {
        ...personColumns(deps, p, idType),
        ...(body.orgId ? { org_id: body.orgId } : {}),
        ...(body.joinDate ? { join_date: body.joinDate } : {}),
        updated_at: now,
      });
      await repo.insertEvents([
        {
          member_id: id,
          at: now,
          actor_id: actor.userId,
          action: body.orgId && body.orgId !== row.org_id ? 'moved' : 'updated',
          from_status: row.status,
          to_status: row.status,
          union_id: row.union_id,
          org_id: body.orgId ?? row.org_id,
          details: { fields },
        },
      ]);
      if (body.sensitiveConsentAttested && !(await hasConsent(trx, id, 'sensitive_pi'))) {
        await consentsRepo(trx).insert([
          consentRow(id, 'sensitive_pi', true, 'officer_attested', actor.userId, now),
        ]);
      }
      await recordAudit(
        trx,
        {
          actorId: actor.userId,
          ip: actor.ip,
          action: 'member.updated',
          targetType: 'member',
          targetId: id,
          orgId: body.orgId ?? row.org_id,
          details: { fields },
        },
        now,
      );
    })
    .catch(duplicateIdGuard);
  return presentMember(deps, actor, await loadMember(deps.db, id));
}

/**
 * Shows sensitive fields in clear for a stated reason; the reveal is audited with the reason.
 * @throws AppError not_found, bad_request (no field named), member.consent_required (consent withdrawn)
 */
export async function revealMember(deps: Deps, actor: Actor, id: string, fields: PiiField[], reason: string) {
  const row = await loadMemberWithAccess(deps, actor, id, 'members.pii.reveal');
  if (fields.length === 0) throw new AppError('bad_request', { reason: 'fields_required' });
  if (fields.some((f) => f !== 'email')) await assertSensitiveConsent(deps.db, id);
  // The kernel's one reveal path: scope check, then the audit row (action pii.revealed) with the reason.
  return revealWithAudit(
    deps,
    actor,
    { orgId: row.org_id, targetType: 'member', targetId: id, fields, reason },
    async () => {
      const out: Partial<Record<PiiField, string | null>> = {};
      for (const f of fields) {
        if (f === 'email') out.email = row.email;
        if (f === 'idNumber')
          out.idNumber = await decryptOrNull(deps.cipher, COL.idNumber, row.id_number_enc);
        if (f === 'phone') out.phone = await decryptOrNull(deps.cipher, COL.phone, row.phone_enc);
        if (f === 'address') out.address = await decryptOrNull(deps.cipher, COL.address, row.address_enc);
      }
      return out;
    },
  );
}
