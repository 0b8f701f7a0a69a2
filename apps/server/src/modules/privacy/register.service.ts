/**
 * The register of processing activities (PIPL 55 and the record-keeping of GB/T 35273 §11.3), per
 * union, kept by officers holding `security.admin` on the union. Every change appends a version
 * (never rewritten) and is audited in the same transaction; entries not reviewed for 12 months are
 * flagged. Built-in activities derived from this installation can be adopted as a first version.
 */
import type { Actor } from '../../kernel/auth/actor.js';
import { requireAccess, requirePermissionSomewhere } from '../../kernel/auth/access.js';
import { recordAudit } from '../../kernel/audit/audit.js';
import type { Database } from '../../kernel/db/pool.js';
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import { builtinActivities } from './register.builtins.js';
import { effectiveContact } from './contact.service.js';
import { registerCsv, registerMarkdown } from './register.export.js';
import { type ActivityRow, registerRepo, type UnionRow } from './register.repo.js';
import type {
  AdoptBody,
  Content,
  ContentInput,
  CreateBody,
  ExportQuery,
  Lang,
  ReviewBody,
  UpdateBody,
} from './register.schemas.js';
import { unionInScope } from './register.scope.js';

/** An entry is due for review when its last review is this many months old (or it has none). */
export const REVIEW_MONTHS = 12;

/** The calendar date in China (UTC+8) at `now`, YYYY-MM-DD. */
export function chinaDate(now: Date): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** The date REVIEW_MONTHS before today in China: a review on or before it is due again. */
export function reviewCutoff(now: Date): string {
  const [y, m, d] = chinaDate(now).split('-').map(Number) as [number, number, number];
  const back = new Date(Date.UTC(y, m - 1 - REVIEW_MONTHS, 1));
  const last = new Date(Date.UTC(back.getUTCFullYear(), back.getUTCMonth() + 1, 0)).getUTCDate();
  back.setUTCDate(Math.min(d, last));
  return back.toISOString().slice(0, 10);
}

const reviewDue = (c: Content, cutoff: string) =>
  !c.retired && (c.reviewedOn === null || c.reviewedOn <= cutoff);

/** Fields an entry should have before a regulator sees it; shown as "to complete". */
const COMPLETE: Array<keyof Content> = [
  'individuals',
  'dataCategories',
  'source',
  'retention',
  'securityMeasures',
  'responsible',
];
export function missingFields(c: Content): string[] {
  return COMPLETE.filter((k) => {
    const v = c[k];
    return Array.isArray(v) ? v.length === 0 : v === '';
  });
}

/** Lone UTF-16 surrogates cannot be stored in jsonb: replaced by U+FFFD like text columns do. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const clean = (s: string | undefined | null) => (s ?? '').replace(LONE_SURROGATE, '\ufffd').trim();
const cleanList = (xs: string[] | undefined) => [...new Set((xs ?? []).map(clean).filter(Boolean))];

function required(value: string, field: string): string {
  if (!value) throw new AppError('privacy.field_required', { field });
  return value;
}

/** A real calendar date, not after today in China. @throws privacy.review_date_invalid */
function reviewDate(v: string | null | undefined, now: Date): string | null {
  if (!v) return null;
  const d = new Date(`${v}T00:00:00Z`);
  if (
    Number.isNaN(d.getTime()) ||
    d.toISOString().slice(0, 10) !== v ||
    v > chinaDate(now) ||
    v < '2000-01-01'
  )
    throw new AppError('privacy.review_date_invalid', { reviewedOn: v });
  return v;
}

/**
 * Trims and checks an entry. A cross-border processor (PIPL 38) needs the country it sits in (not
 * CN) and the transfer mechanism; a processor outside CN must be marked cross-border.
 * @throws privacy.field_required, privacy.processor_country_required,
 *   privacy.processor_country_mismatch, privacy.transfer_mechanism_required, privacy.review_date_invalid
 */
export function normaliseContent(input: ContentInput, now: Date): Content {
  const processors = (input.processors ?? []).map((p, i) => {
    const country = clean(p.country);
    if (p.crossBorder) {
      if (!country) throw new AppError('privacy.processor_country_required', { index: i });
      if (country === 'CN') throw new AppError('privacy.processor_country_mismatch', { index: i, country });
      if (!p.transferMechanism) throw new AppError('privacy.transfer_mechanism_required', { index: i });
    } else if (country && country !== 'CN') {
      throw new AppError('privacy.processor_country_mismatch', { index: i, country });
    }
    return {
      name: required(clean(p.name), `processors.${i}.name`),
      role: p.role,
      service: clean(p.service),
      country,
      contractRef: clean(p.contractRef),
      crossBorder: p.crossBorder,
      transferMechanism: p.crossBorder ? (p.transferMechanism ?? null) : null,
    };
  });
  return {
    name: required(clean(input.name), 'name'),
    purpose: required(clean(input.purpose), 'purpose'),
    legalBasis: input.legalBasis,
    legalBasisNote: clean(input.legalBasisNote),
    individuals: cleanList(input.individuals),
    dataCategories: cleanList(input.dataCategories),
    sensitive: [...new Set(input.sensitive ?? [])],
    source: clean(input.source),
    recipients: clean(input.recipients),
    processors,
    retention: clean(input.retention),
    securityMeasures: clean(input.securityMeasures),
    responsible: clean(input.responsible),
    reviewedOn: reviewDate(input.reviewedOn, now),
    retired: input.retired ?? false,
  };
}

/** Top-level fields that differ between two versions (for the audit entry: names only). */
function changedFields(before: Content | undefined, after: Content): string[] {
  return (Object.keys(after) as Array<keyof Content>).filter(
    (k) => !before || JSON.stringify(before[k]) !== JSON.stringify(after[k]),
  );
}

/** The entry after checking the actor holds security.admin on its union. @throws not_found */
async function entryInScope(db: Database, actor: Actor, id: string): Promise<ActivityRow> {
  const a = await registerRepo(db).activity(id);
  if (!a) throw new AppError('not_found');
  await requireAccess(db, actor, 'security.admin', a.union_id);
  return a;
}

const unionRef = (u: UnionRow) => ({ id: u.id, name: u.name, kind: u.kind });

async function audit(
  trx: Database,
  actor: Actor,
  action: string,
  a: { id: string; union_id: string },
  details: Record<string, unknown>,
  now: Date,
) {
  await recordAudit(
    trx,
    {
      actorId: actor.userId,
      ip: actor.ip,
      action,
      targetType: 'privacy_activity',
      targetId: a.id,
      orgId: a.union_id,
      details,
    },
    now,
  );
}

/** Unions where the actor keeps the register, with contact status and counts. @throws forbidden */
export async function listUnions(deps: Deps, actor: Actor) {
  await requirePermissionSomewhere(deps.db, actor, 'security.admin');
  const rows = await registerRepo(deps.db).unionsInScope(actor.userId, reviewCutoff(deps.clock.now()));
  return {
    items: rows.map((r) => ({
      id: r.id,
      name: r.name,
      kind: r.kind,
      depth: r.depth,
      contact: r.own ? ('own' as const) : r.any ? ('inherited' as const) : ('none' as const),
      entries: r.entries,
      reviewDue: r.review_due,
    })),
  };
}

/** The union's register: the current version of each entry, with review and completeness flags. */
export async function getRegister(deps: Deps, actor: Actor, unionId: string) {
  const union = await unionInScope(deps.db, actor, unionId);
  const cutoff = reviewCutoff(deps.clock.now());
  const rows = await registerRepo(deps.db).current(union.id);
  return {
    union: unionRef(union),
    reviewMonths: REVIEW_MONTHS,
    items: rows.map((r) => ({
      id: r.id,
      builtinKey: r.builtin_key,
      version: r.current_version,
      name: r.content.name,
      legalBasis: r.content.legalBasis,
      sensitive: r.content.sensitive,
      processors: r.content.processors.length,
      crossBorder: r.content.processors.some((p) => p.crossBorder),
      reviewedOn: r.content.reviewedOn,
      reviewDue: reviewDue(r.content, cutoff),
      missing: missingFields(r.content),
      retired: r.content.retired,
      updatedAt: r.updated_at.toISOString(),
    })),
  };
}

/** One entry with its whole history, newest version first. @throws not_found */
export async function getEntry(deps: Deps, actor: Actor, id: string) {
  const a = await entryInScope(deps.db, actor, id);
  return present(deps, a);
}

async function present(deps: Deps, a: ActivityRow, db: Database = deps.db) {
  const repo = registerRepo(db);
  const union = (await repo.union(a.union_id)) ?? {
    id: a.union_id,
    name: '',
    kind: '',
    path: '',
    depth: 0,
    status: 'closed',
  };
  const versions = await repo.versions(a.id);
  const current = versions[0]!;
  return {
    id: a.id,
    union: unionRef(union),
    builtinKey: a.builtin_key,
    version: current.version,
    content: current.content,
    reviewDue: reviewDue(current.content, reviewCutoff(deps.clock.now())),
    missing: missingFields(current.content),
    createdAt: a.created_at.toISOString(),
    updatedAt: current.created_at.toISOString(),
    history: versions.map((v) => ({
      version: v.version,
      content: v.content,
      changeNote: v.change_note,
      createdAt: v.created_at.toISOString(),
      createdBy: v.created_by_name,
    })),
  };
}

/** Writes version 1 of a new entry (by hand or adopted from a built-in). */
async function insertEntry(
  deps: Deps,
  actor: Actor,
  union: UnionRow,
  content: Content,
  builtinKey: string | null,
  changeNote: string | null,
) {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const repo = registerRepo(trx);
    const a = await repo.insertActivity({
      union_id: union.id,
      builtin_key: builtinKey,
      at: now,
      by: actor.userId,
    });
    if (!a) throw new AppError('privacy.builtin_adopted', { key: builtinKey });
    await repo.insertVersion({
      activity_id: a.id,
      version: 1,
      content,
      change_note: changeNote,
      at: now,
      by: actor.userId,
    });
    await audit(
      trx,
      actor,
      'privacy.activity_created',
      a,
      { version: 1, builtinKey, name: content.name },
      now,
    );
    return present(deps, a, trx);
  });
}

/** A new entry written by hand. @throws not_found, privacy.not_a_union, validation codes */
export async function createEntry(deps: Deps, actor: Actor, unionId: string, body: CreateBody) {
  const union = await unionInScope(deps.db, actor, unionId);
  const { changeNote, ...input } = body;
  const content = normaliseContent(input, deps.clock.now());
  return insertEntry(deps, actor, union, content, null, clean(changeNote) || null);
}

/**
 * Appends version N+1 when the entry is still at `baseVersion`.
 * @throws not_found, privacy.register_stale (someone saved first), validation codes
 */
async function appendVersion(
  deps: Deps,
  actor: Actor,
  id: string,
  baseVersion: number,
  next: (current: Content, now: Date) => Content,
  changeNote: string | null,
  action: string,
) {
  const a = await entryInScope(deps.db, actor, id);
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const repo = registerRepo(trx);
    const current = (await repo.versions(a.id))[0]!;
    const content = next(current.content, now);
    const version = await repo.bumpVersion(a.id, baseVersion);
    if (version === undefined)
      throw new AppError('privacy.register_stale', { baseVersion, currentVersion: a.current_version });
    await repo.insertVersion({
      activity_id: a.id,
      version,
      content,
      change_note: changeNote,
      at: now,
      by: actor.userId,
    });
    await audit(trx, actor, action, a, { version, changed: changedFields(current.content, content) }, now);
    return present(deps, { ...a, current_version: version }, trx);
  });
}

/** An edit: the whole content replaced in a new version (the old one stays in the history). */
export async function updateEntry(deps: Deps, actor: Actor, id: string, body: UpdateBody) {
  const { baseVersion, changeNote, ...input } = body;
  return appendVersion(
    deps,
    actor,
    id,
    baseVersion,
    (_, now) => normaliseContent(input, now),
    clean(changeNote) || null,
    'privacy.activity_updated',
  );
}

/** "Reviewed, still accurate": a new version with today's review date and nothing else changed. */
export async function reviewEntry(deps: Deps, actor: Actor, id: string, body: ReviewBody) {
  return appendVersion(
    deps,
    actor,
    id,
    body.baseVersion,
    (c, now) => ({ ...c, reviewedOn: chinaDate(now) }),
    clean(body.changeNote) || null,
    'privacy.activity_reviewed',
  );
}

/** The built-in activities of this installation and whether the union adopted each already. */
export async function listBuiltins(deps: Deps, actor: Actor, unionId: string, lang: Lang = 'zh-CN') {
  const union = await unionInScope(deps.db, actor, unionId);
  const adopted = new Map(
    (await registerRepo(deps.db).builtinAdoptions(union.id)).map((r) => [r.builtin_key, r.id]),
  );
  return {
    items: builtinActivities(deps.config, lang).map((b) => ({
      key: b.key,
      content: b.content,
      derivedFrom: b.derivedFrom,
      adoptedId: adopted.get(b.key) ?? null,
    })),
  };
}

/** Adopts a built-in activity as version 1 of a new entry. @throws privacy.builtin_adopted */
export async function adoptBuiltin(deps: Deps, actor: Actor, unionId: string, body: AdoptBody) {
  const union = await unionInScope(deps.db, actor, unionId);
  const b = builtinActivities(deps.config, body.lang ?? 'zh-CN').find((x) => x.key === body.key);
  if (!b) throw new AppError('not_found');
  const note = body.lang === 'en' ? 'Adopted from the built-in activities' : '由内置处理活动生成';
  return insertEntry(deps, actor, union, b.content, b.key, note);
}

/** The register as CSV or Markdown for a regulator; audited. */
export async function exportRegister(deps: Deps, actor: Actor, unionId: string, q: ExportQuery) {
  const union = await unionInScope(deps.db, actor, unionId);
  const format = q.format ?? 'csv';
  const lang = q.lang ?? 'zh-CN';
  const now = deps.clock.now();
  const rows = await registerRepo(deps.db).current(union.id);
  const entries = rows.map((r) => ({
    version: r.current_version,
    content: r.content,
    updatedAt: r.updated_at,
  }));
  await deps.db.transaction().execute((trx) =>
    recordAudit(
      trx,
      {
        actorId: actor.userId,
        ip: actor.ip,
        action: 'privacy.register_exported',
        targetType: 'org',
        targetId: union.id,
        orgId: union.id,
        details: { format, lang, entries: entries.length },
      },
      now,
    ),
  );
  const stamp = chinaDate(now).replaceAll('-', '');
  if (format === 'csv')
    return {
      body: registerCsv(entries, lang),
      fileName: `processing-register-${stamp}.csv`,
      contentType: 'text/csv; charset=utf-8',
    };
  const c = await effectiveContact(deps.db, union);
  return {
    body: registerMarkdown(
      {
        unionName: union.name,
        generatedAt: now,
        contact: c.contact,
        contactFrom: c.source?.inherited ? c.source.unionName : null,
      },
      entries,
      lang,
    ),
    fileName: `processing-register-${stamp}.md`,
    contentType: 'text/markdown; charset=utf-8',
  };
}
