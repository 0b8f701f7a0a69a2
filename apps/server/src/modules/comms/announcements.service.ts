/**
 * Announcements: officers with comms.publish on an org node write sanitised rich text for that node's
 * subtree, publish now or at a time, pin, expire and withdraw; members read a feed and leave read
 * receipts; officers see read rates per org. The `comms-announce` job notifies the audience once an
 * announcement goes live (in-app + e-mail per preferences).
 */
import { sql } from 'kysely';
import { inScope, requireAccess, requirePermissionSomewhere } from '../../kernel/auth/access.js';
import type { Actor } from '../../kernel/auth/actor.js';
import { recordAudit } from '../../kernel/audit/audit.js';
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import { announcementsRepo } from './announcements.repo.js';
import { richTextToPlain, sanitizeRichText } from './sanitize.js';
import { indexDocument } from './search.service.js';

export type AnnouncementInput = {
  orgId: string;
  title: string;
  body: string;
  publish?: boolean | undefined;
  publishAt?: string | undefined;
  expiresAt?: string | null | undefined;
  pinned?: boolean | undefined;
  /** Chat groups to aim at (members of the subtree in at least one of them); none: the subtree. */
  targetRoomIds?: string[] | undefined;
};

/** Accounts per fan-out batch: one transaction of a few set-based statements each. */
export const FANOUT_BATCH = 5000;
const FANOUT_LEASE_MS = 5 * 60_000;
/** Accounts read from the audience query at a time. */
const AUDIENCE_WINDOW = 50_000;

type Row = NonNullable<Awaited<ReturnType<ReturnType<typeof announcementsRepo>['find']>>>;

function present(
  r: Row | (Omit<Row, 'notified_at'> & { reads?: string | number | null; read_at?: Date | null }),
) {
  const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);
  return {
    id: r.id,
    orgId: r.org_id,
    orgName: r.org_name,
    title: r.title,
    bodyHtml: r.body_html,
    status: r.status,
    publishAt: iso(r.publish_at),
    expiresAt: iso(r.expires_at),
    pinned: r.pinned,
    targetRoomIds: r.target_room_ids ?? [],
    createdAt: iso(r.created_at)!,
    ...('reads' in r ? { reads: Number(r.reads ?? 0) } : {}),
    ...('read_at' in r ? { readAt: iso(r.read_at) } : {}),
  };
}

function parseTime(v: string | null | undefined, field: string): Date | null {
  if (v === undefined || v === null) return null;
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) throw new AppError('validation_failed', { field });
  return d;
}

/**
 * The targeted groups must be ones the officer may aim at from `orgId` (targetableRooms).
 * @throws AppError not_found for any other room id
 */
async function checkTargets(deps: Deps, actor: Actor, orgId: string, ids: string[] | undefined) {
  const wanted = [...new Set(ids ?? [])];
  if (wanted.length === 0) return [];
  const allowed = new Set((await targetGroups(deps, actor, orgId)).items.map((r) => r.id));
  if (wanted.some((id) => !allowed.has(id))) throw new AppError('not_found');
  return wanted;
}

/** Chat groups an announcement of `orgId` may target: org groups of the subtree, own custom groups. */
export async function targetGroups(deps: Deps, actor: Actor, orgId: string) {
  await requireAccess(deps.db, actor, 'comms.publish', orgId);
  const repo = announcementsRepo(deps.db);
  const org = await repo.orgPath(orgId);
  if (!org) throw new AppError('not_found');
  const rows = await repo.targetableRooms(actor.userId, org.path);
  return {
    items: rows.map((r) => ({
      id: r.id,
      kind: r.kind as 'org' | 'custom',
      name: r.name ?? '',
      members: Number(r.members ?? 0),
    })),
  };
}

/**
 * Creates a draft, or publishes it (now, or at publishAt).
 * @throws AppError not_found (org outside scope), validation_failed (empty after sanitising, bad times)
 */
export async function createAnnouncement(deps: Deps, actor: Actor, input: AnnouncementInput) {
  await requireAccess(deps.db, actor, 'comms.publish', input.orgId);
  const body = sanitizeRichText(input.body);
  if (!body) throw new AppError('validation_failed', { field: 'body' });
  const now = deps.clock.now();
  const publishAt = input.publish ? (parseTime(input.publishAt, 'publishAt') ?? now) : null;
  const expiresAt = parseTime(input.expiresAt, 'expiresAt');
  if (expiresAt && expiresAt <= (publishAt ?? now))
    throw new AppError('validation_failed', { field: 'expiresAt' });
  const targets = await checkTargets(deps, actor, input.orgId, input.targetRoomIds);
  const id = await deps.db.transaction().execute(async (trx) => {
    const { id } = await announcementsRepo(trx).insert({
      org_id: input.orgId,
      title: input.title.trim(),
      body_html: body,
      status: input.publish ? 'published' : 'draft',
      publish_at: publishAt,
      expires_at: expiresAt,
      pinned: input.pinned ?? false,
      target_room_ids: targets,
      created_by: actor.userId,
      created_at: now,
      updated_at: now,
    });
    await indexDocument(trx, {
      kind: 'announcement',
      refId: id,
      title: input.title.trim(),
      body: richTextToPlain(body),
      at: now,
    });
    await recordAudit(
      trx,
      {
        actorId: actor.userId,
        ip: actor.ip,
        action: input.publish ? 'announcement.published' : 'announcement.created',
        targetType: 'announcement',
        targetId: id,
        orgId: input.orgId,
        details: { publishAt: publishAt?.toISOString() ?? null, targetRoomIds: targets },
      },
      now,
    );
    return id;
  });
  return getAnnouncement(deps, actor, id);
}

/** @throws AppError not_found outside the officer's scope. */
export async function loadForOfficer(deps: Deps, actor: Actor, id: string): Promise<Row> {
  const row = await announcementsRepo(deps.db).find(id);
  if (!row) throw new AppError('not_found');
  await requireAccess(deps.db, actor, 'comms.publish', row.org_id);
  return row;
}

export async function getAnnouncement(deps: Deps, actor: Actor, id: string) {
  return { ...present(await loadForOfficer(deps, actor, id)), files: await fileViews(deps, id) };
}

export const fileView = (
  announcementId: string,
  f: { id: string; file_name: string; mime: string; size_bytes: number },
) => ({
  id: f.id,
  fileName: f.file_name,
  mime: f.mime,
  sizeBytes: f.size_bytes,
  url: `/api/announcements/${announcementId}/files/${f.id}`,
});

async function fileViews(deps: Deps, id: string) {
  return (await announcementsRepo(deps.db).files(id)).map((f) => fileView(id, f));
}

export async function listAnnouncements(deps: Deps, actor: Actor) {
  await requirePermissionSomewhere(deps.db, actor, 'comms.publish');
  const rows = await announcementsRepo(deps.db).listForOfficer(
    inScope(deps.db, actor, 'comms.publish', sql.ref('a.org_id')),
    200,
  );
  return { items: rows.map(present) };
}

/**
 * Edits, publishes, pins or withdraws.
 * @throws AppError not_found (scope), conflict (withdrawn), validation_failed
 */
export async function updateAnnouncement(
  deps: Deps,
  actor: Actor,
  id: string,
  patch: {
    title?: string | undefined;
    body?: string | undefined;
    pinned?: boolean | undefined;
    expiresAt?: string | null | undefined;
    action?: 'publish' | 'withdraw' | undefined;
    publishAt?: string | undefined;
    targetRoomIds?: string[] | undefined;
  },
) {
  const row = await loadForOfficer(deps, actor, id);
  if (row.status === 'withdrawn') throw new AppError('conflict');
  // the audience is fixed once published: the fan-out may be under way
  if (patch.targetRoomIds !== undefined && row.status !== 'draft') throw new AppError('conflict');
  const now = deps.clock.now();
  const set: Parameters<ReturnType<typeof announcementsRepo>['update']>[1] = { updated_at: now };
  if (patch.title !== undefined) set.title = patch.title.trim();
  if (patch.body !== undefined) {
    set.body_html = sanitizeRichText(patch.body);
    if (!set.body_html) throw new AppError('validation_failed', { field: 'body' });
  }
  if (patch.pinned !== undefined) set.pinned = patch.pinned;
  if (patch.targetRoomIds !== undefined)
    set.target_room_ids = await checkTargets(deps, actor, row.org_id, patch.targetRoomIds);
  if (patch.expiresAt !== undefined) set.expires_at = parseTime(patch.expiresAt, 'expiresAt');
  if (patch.action === 'publish') {
    if (row.status === 'published') throw new AppError('conflict');
    set.status = 'published';
    set.publish_at = parseTime(patch.publishAt, 'publishAt') ?? now;
  } else if (patch.action === 'withdraw') set.status = 'withdrawn';
  await deps.db.transaction().execute(async (trx) => {
    await announcementsRepo(trx).update(id, set);
    if (set.title !== undefined || set.body_html !== undefined)
      await indexDocument(trx, {
        kind: 'announcement',
        refId: id,
        title: set.title ?? row.title,
        body: richTextToPlain(set.body_html ?? row.body_html),
        at: now,
      });
    await recordAudit(
      trx,
      {
        actorId: actor.userId,
        ip: actor.ip,
        action: patch.action
          ? `announcement.${patch.action === 'publish' ? 'published' : 'withdrawn'}`
          : 'announcement.updated',
        targetType: 'announcement',
        targetId: id,
        orgId: row.org_id,
        details: { fields: Object.keys(patch) },
      },
      now,
    );
  });
  return getAnnouncement(deps, actor, id);
}

/** Read rate per org node of the audience, and overall. */
export async function announcementReadRates(deps: Deps, actor: Actor, id: string) {
  await loadForOfficer(deps, actor, id);
  const rows = await announcementsRepo(deps.db).readRates(id);
  const orgs = rows.map((r) => ({
    orgId: r.org_id,
    orgName: r.org_name,
    audience: Number(r.audience),
    readers: Number(r.readers),
    rate: Number(r.audience) ? Number(r.readers) / Number(r.audience) : 0,
  }));
  const audience = orgs.reduce((s, o) => s + o.audience, 0);
  const readers = orgs.reduce((s, o) => s + o.readers, 0);
  return { audience, readers, rate: audience ? readers / audience : 0, orgs };
}

/** Members do not see which groups an announcement aimed at (group ids are not theirs to know). */
function forMember<T extends { targetRoomIds?: string[] }>(a: T): Omit<T, 'targetRoomIds'> {
  const { targetRoomIds: _hidden, ...rest } = a;
  return rest;
}

export async function myFeed(deps: Deps, actor: Actor) {
  const rows = await announcementsRepo(deps.db).feed(actor.userId, deps.clock.now(), 100);
  return { items: rows.map((r) => forMember(present(r))) };
}

/** @throws AppError not_found when the announcement is not in the caller's feed. */
export async function myAnnouncement(deps: Deps, actor: Actor, id: string) {
  const [row] = await announcementsRepo(deps.db).feed(actor.userId, deps.clock.now(), 1, id);
  if (!row) throw new AppError('not_found');
  return { ...forMember(present(row)), files: await fileViews(deps, id) };
}

/** Records the caller's read receipt. @throws AppError not_found outside the caller's feed. */
export async function markAnnouncementRead(deps: Deps, actor: Actor, id: string) {
  await myAnnouncement(deps, actor, id);
  await announcementsRepo(deps.db).markRead(id, actor.userId, deps.clock.now());
  await deps.pubsub.publish(`announcement:${id}`, { type: 'announcement_read', id }).catch(() => undefined);
  return { ok: true };
}

/**
 * Notifies the audience of every announcement that went live (job `comms-announce`): batches of
 * FANOUT_BATCH accounts, each queued set-based by the notifier (in-app rows, outbox rows, batched
 * socket pushes). Progress is saved after each batch under a lease, so a run that dies is resumed
 * by the next one from its cursor (at most its last batch is repeated).
 * @returns how many accounts were notified
 */
export async function announceDue(deps: Deps, batchSize = FANOUT_BATCH): Promise<number> {
  const repo = announcementsRepo(deps.db);
  const lease = () => new Date(deps.clock.now().getTime() + FANOUT_LEASE_MS);
  let count = 0;
  for (;;) {
    const a = await repo.claimDue(deps.clock.now(), lease());
    if (!a) return count;
    const org = await repo.find(a.id);
    const params = { title: a.title, org: org?.org_name ?? '', link: `/announcements/${a.id}` };
    let after = a.fanout_cursor;
    // the audience is read a window at a time (one query per AUDIENCE_WINDOW accounts), then sent in
    // batches; the cursor moves after each batch
    for (;;) {
      const window = (await repo.audienceIds(a.id, after, AUDIENCE_WINDOW)).map((r) => r.id);
      for (let i = 0; i < window.length; i += batchSize) {
        const batch = window.slice(i, i + batchSize);
        await deps.notifier.sendMany(batch, { template: 'announcement_published', params });
        count += batch.length;
        after = batch.at(-1)!;
        if (batch.length === batchSize) await repo.advanceFanout(a.id, after, lease());
      }
      if (window.length < AUDIENCE_WINDOW) break;
    }
    await repo.finishFanout(a.id, deps.clock.now());
  }
}
