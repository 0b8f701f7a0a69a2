/**
 * Org groups from the tree: every member placed on an org node (active, retained or transferring in
 * the registry) belongs to that node's org chat room; after activation or a transfer they join the new
 * node's room, after leaving, expulsion or a completed transfer they leave the old one. The
 * `comms-org-rooms` job reconciles the whole registry every minute; the same function reconciles one
 * account when it opens the chat page. Idempotent: a second run changes nothing.
 */
import type { Deps } from '../../kernel/deps.js';
import type { JobDefinition } from '../../kernel/jobs/jobs.js';
import { orgSyncRepo } from './orgsync.repo.js';

export type OrgSyncResult = { roomsCreated: number; joined: number; left: number };

/** Reconciles org-room membership with the registry (all accounts, or only `userIds`). */
export async function syncOrgRooms(deps: Deps, userIds?: string[]): Promise<OrgSyncResult> {
  const { created, joined, left } = await deps.db.transaction().execute(async (trx) => {
    const repo = orgSyncRepo(trx);
    const created = await repo.createMissingRooms(userIds);
    const joined = await repo.joinMissing(userIds);
    const left = await repo.removeStale(userIds);
    return { created, joined, left };
  });
  for (const j of joined)
    await deps.pubsub
      .publish(`user:${j.user_id}`, { type: 'room_added', roomId: j.room_id })
      .catch(() => undefined);
  for (const l of left)
    await deps.pubsub
      .publish(`user:${l.user_id}`, { type: 'room_removed', roomId: l.room_id })
      .catch(() => undefined);
  return { roomsCreated: created, joined: joined.length, left: left.length };
}

/** Whether the member registry decides this account's org group (it has a member record). */
export function isRegistryAccount(deps: Deps, userId: string): Promise<boolean> {
  return orgSyncRepo(deps.db).isRegistryAccount(userId);
}

/** The org room the registry places the account in, after reconciling that account. */
export async function placedOrgRoom(deps: Deps, userId: string): Promise<string | undefined> {
  await syncOrgRooms(deps, [userId]);
  return (await orgSyncRepo(deps.db).placedRoom(userId))?.id;
}

export const orgRoomJobs: JobDefinition[] = [
  {
    name: 'comms-org-rooms',
    cron: '* * * * *',
    handler: async (deps) => {
      await syncOrgRooms(deps);
    },
  },
];
