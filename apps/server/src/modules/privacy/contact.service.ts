/**
 * The published contact of a union's personal-information protection officer (个人信息保护负责人,
 * PIPL art. 52; the handler's contact method of art. 17). Officers holding `security.admin` on the
 * union set it (audited); anyone can read it without signing in. A union that names no officer of its
 * own shows the nearest ancestor's (a city federation may name one officer for its unions), and says
 * which union that is.
 */
import type { Actor } from '../../kernel/auth/actor.js';
import { recordAudit } from '../../kernel/audit/audit.js';
import type { Database } from '../../kernel/db/pool.js';
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import { memberOfUser } from '../members/index.js';
import { type ContactRow, registerRepo, type UnionRow } from './register.repo.js';
import type { ContactBody } from './register.schemas.js';
import { unionInScope } from './register.scope.js';

const FIELDS = ['name', 'title', 'phone', 'email', 'postalAddress'] as const;

const published = (c: ContactRow) => ({
  name: c.name,
  title: c.title,
  phone: c.phone,
  email: c.email,
  postalAddress: c.postal_address,
});

/** The contact that applies to `union`: its own, else the nearest ancestor's, else none. */
export async function effectiveContact(db: Database, union: Pick<UnionRow, 'id' | 'name' | 'path'>) {
  const c = await registerRepo(db).effectiveContact(union.path);
  return {
    union: { id: union.id, name: union.name },
    contact: c ? published(c) : null,
    source: c ? { unionId: c.union_id, unionName: c.union_name, inherited: c.union_id !== union.id } : null,
    updatedAt: c?.updated_at.toISOString() ?? null,
  };
}

const NONE = { union: null, contact: null, source: null, updatedAt: null };

/** Public: the contact of an active union. @throws not_found for an unknown node or one that is no union */
export async function publicContact(deps: Deps, unionId: string) {
  const union = await registerRepo(deps.db).union(unionId);
  if (!union) throw new AppError('not_found');
  return effectiveContact(deps.db, union);
}

/** Public: the contacts of the installation's top-level unions (the operator). */
export async function publicRootContacts(deps: Deps) {
  const roots = await registerRepo(deps.db).rootUnions();
  return { items: await Promise.all(roots.map((u) => effectiveContact(deps.db, u))) };
}

/** The signed-in person's own union: their live member record's union, else their account's node. */
export async function myContact(deps: Deps, actor: Actor) {
  const repo = registerRepo(deps.db);
  const member = await memberOfUser(deps.db, actor.userId);
  const union =
    (member && (await repo.union(member.unionId))) ?? (await repo.unionOfNode(member?.orgId ?? actor.orgId));
  return union ? effectiveContact(deps.db, union) : NONE;
}

async function officerView(db: Database, union: UnionRow) {
  const own = await registerRepo(db).contact(union.id);
  return {
    union: { id: union.id, name: union.name, kind: union.kind },
    own: own
      ? { ...published(own), updatedAt: own.updated_at.toISOString(), updatedBy: own.updated_by_name }
      : null,
    effective: await effectiveContact(db, union),
  };
}

/** The union's own contact and the one that applies to it. @throws not_found, privacy.not_a_union */
export async function getContact(deps: Deps, actor: Actor, unionId: string) {
  const union = await unionInScope(deps.db, actor, unionId);
  return officerView(deps.db, union);
}

const clean = (s: string | null | undefined) => (s ?? '').trim();

/**
 * Names or changes the union's officer; audited with the names of the changed fields (the values
 * are the published contact, not repeated in the audit trail).
 * @throws not_found, privacy.not_a_union, privacy.field_required
 */
export async function setContact(deps: Deps, actor: Actor, unionId: string, body: ContactBody) {
  const union = await unionInScope(deps.db, actor, unionId);
  const v = {
    name: clean(body.name),
    title: clean(body.title),
    phone: clean(body.phone),
    email: clean(body.email),
    postalAddress: clean(body.postalAddress) || null,
  };
  for (const f of ['name', 'title', 'phone', 'email'] as const)
    if (!v[f]) throw new AppError('privacy.field_required', { field: f });
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const repo = registerRepo(trx);
    const before = await repo.contactForUpdate(union.id);
    const changed = FIELDS.filter((f) => !before || published(before)[f] !== v[f]);
    await repo.upsertContact({
      union_id: union.id,
      name: v.name,
      title: v.title,
      phone: v.phone,
      email: v.email,
      postal_address: v.postalAddress,
      updated_by: actor.userId,
      at: now,
    });
    await recordAudit(
      trx,
      {
        actorId: actor.userId,
        ip: actor.ip,
        action: 'privacy.contact_set',
        targetType: 'org',
        targetId: union.id,
        orgId: union.id,
        details: { created: !before, changed },
      },
      now,
    );
    return officerView(trx, union);
  });
}

/** Removes the union's own contact (it then inherits the nearest ancestor's); audited when one existed. */
export async function clearContact(deps: Deps, actor: Actor, unionId: string) {
  const union = await unionInScope(deps.db, actor, unionId);
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    if ((await registerRepo(trx).deleteContact(union.id)) > 0)
      await recordAudit(
        trx,
        {
          actorId: actor.userId,
          ip: actor.ip,
          action: 'privacy.contact_cleared',
          targetType: 'org',
          targetId: union.id,
          orgId: union.id,
        },
        now,
      );
    return officerView(trx, union);
  });
}
