/**
 * The member's own view: profile (editing only what the union allows; other fields are ignored),
 * membership history across transfers, and the consent ledger.
 */
import type { Actor } from '../../kernel/auth/actor.js';
import { recordAudit } from '../../kernel/audit/audit.js';
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import { assertSensitiveConsent, CONSENT_PURPOSES, type ConsentPurpose, consentRow } from './consents.js';
import { consentsRepo } from './consents.repo.js';
import { isLive } from './lifecycle.js';
import { cleanPerson, type PersonInput } from './members.pii.js';
import { presentEvent, presentMember } from './members.present.js';
import { type MemberRow, membersRepo } from './members.repo.js';
import { type MyProfileBody, SELF_EDITABLE_FIELDS, type SelfEditableField } from './members.schemas.js';
import { loadMember, personColumns, touchesSensitive } from './members.service.js';

export const DEFAULT_SELF_EDITABLE: SelfEditableField[] = ['phone', 'email', 'address', 'education'];

/** @throws AppError not_found when the account has no member record */
async function myRecord(deps: Deps, actor: Actor): Promise<MemberRow> {
  const row = await membersRepo(deps.db).findByUser(actor.userId);
  if (!row) throw new AppError('not_found');
  return row;
}

export async function selfEditable(deps: Deps, unionId: string): Promise<SelfEditableField[]> {
  const s = await membersRepo(deps.db).settings(unionId);
  return (s?.self_editable as SelfEditableField[] | undefined) ?? DEFAULT_SELF_EDITABLE;
}

async function consentStates(deps: Deps, memberId: string) {
  const current = await consentsRepo(deps.db).current(memberId);
  return Object.entries(CONSENT_PURPOSES).map(([purpose, def]) => {
    const c = current.find((r) => r.purpose === purpose);
    return {
      purpose,
      currentVersion: def.version,
      required: def.required,
      granted: c?.granted ?? false,
      version: c?.version ?? null,
      at: c?.at.toISOString() ?? null,
    };
  });
}

/** @throws AppError not_found */
export async function getMyProfile(deps: Deps, actor: Actor) {
  const row = await myRecord(deps, actor);
  return {
    member: await presentMember(deps, null, row),
    editable: await selfEditable(deps, row.union_id),
    consents: await consentStates(deps, row.id),
  };
}

/**
 * Applies the fields the union lets members edit; every other field in the body is ignored and listed.
 * @throws AppError not_found, member.invalid_phone, member.consent_required, member.invalid_transition
 */
export async function updateMyProfile(deps: Deps, actor: Actor, body: MyProfileBody) {
  const row = await myRecord(deps, actor);
  const allowed = new Set<string>(await selfEditable(deps, row.union_id));
  const input: Record<string, unknown> = {};
  const applied: string[] = [];
  const ignored: string[] = [];
  for (const key of Object.keys(body)) {
    const value = (body as Record<string, unknown>)[key];
    if (allowed.has(key) && (SELF_EDITABLE_FIELDS as readonly string[]).includes(key)) {
      input[key] = value;
      applied.push(key);
    } else ignored.push(key);
  }
  if (applied.length > 0) {
    if (!isLive(row.status) || row.status === 'transferring') {
      throw new AppError('member.invalid_transition', { status: row.status, action: 'edit' });
    }
    const now = deps.clock.now();
    const p = cleanPerson(input as PersonInput, { idType: row.id_type }, now);
    if (touchesSensitive(p)) await assertSensitiveConsent(deps.db, row.id);
    await deps.db.transaction().execute(async (trx) => {
      await membersRepo(trx).update(row.id, { ...personColumns(deps, p, row.id_type), updated_at: now });
      await membersRepo(trx).insertEvents([
        {
          member_id: row.id,
          at: now,
          actor_id: actor.userId,
          action: 'self_updated',
          from_status: row.status,
          to_status: row.status,
          union_id: row.union_id,
          org_id: row.org_id,
          details: { fields: applied },
        },
      ]);
      await recordAudit(
        trx,
        {
          actorId: actor.userId,
          ip: actor.ip,
          action: 'member.self_updated',
          targetType: 'member',
          targetId: row.id,
          orgId: row.org_id,
          details: { fields: applied, ignored },
        },
        now,
      );
    });
  }
  return { member: await presentMember(deps, null, await loadMember(deps.db, row.id)), applied, ignored };
}

/** The member's history, following transfers back through earlier unions' records. */
export async function getMyHistory(deps: Deps, actor: Actor) {
  let row: MemberRow | undefined = await myRecord(deps, actor);
  const items = [];
  for (let hops = 0; row && hops < 20; hops++) {
    items.unshift(...(await membersRepo(deps.db).events(row.id)).map(presentEvent));
    row = row.previous_member_id ? await membersRepo(deps.db).findById(row.previous_member_id) : undefined;
  }
  return { items };
}

export async function getMyConsents(deps: Deps, actor: Actor) {
  const row = await myRecord(deps, actor);
  const history = await consentsRepo(deps.db).history(row.id);
  return {
    purposes: await consentStates(deps, row.id),
    history: history.map((h) => ({ ...h, at: h.at.toISOString() })),
  };
}

/**
 * Grants or withdraws consent for a purpose (current version). Withdrawal applies from the next
 * processing on: reveals, unmasked exports and new sensitive values are refused.
 * @throws AppError not_found
 */
export async function setMyConsent(deps: Deps, actor: Actor, purpose: ConsentPurpose, granted: boolean) {
  const row = await myRecord(deps, actor);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await consentsRepo(trx).insert([consentRow(row.id, purpose, granted, 'portal', actor.userId, now)]);
    await recordAudit(
      trx,
      {
        actorId: actor.userId,
        ip: actor.ip,
        action: granted ? 'member.consent_granted' : 'member.consent_withdrawn',
        targetType: 'member',
        targetId: row.id,
        orgId: row.org_id,
        details: { purpose, version: CONSENT_PURPOSES[purpose].version },
      },
      now,
    );
  });
  return getMyConsents(deps, actor);
}
