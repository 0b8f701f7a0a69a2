/** SQL for accounts, recovery codes, one-time tokens, throttling, roles and grants. */
import { sql } from 'kysely';
import { scopeOrgIds } from '../../kernel/auth/access.js';
import type { Database } from '../../kernel/db/pool.js';

export type UserRow = {
  id: string;
  username: string;
  display_name: string;
  email: string | null;
  phone_enc: Buffer | null;
  org_id: string;
  password_hash: string;
  status: 'active' | 'disabled';
  mfa_secret_enc: Buffer | null;
  mfa_pending_secret_enc: Buffer | null;
  mfa_enabled: boolean;
  mfa_last_step: number;
};

const USER_COLUMNS = [
  'id',
  'username',
  'display_name',
  'email',
  'phone_enc',
  'org_id',
  'password_hash',
  'status',
  'mfa_secret_enc',
  'mfa_pending_secret_enc',
  'mfa_enabled',
  'mfa_last_step',
] as const;

export function identityRepo(db: Database) {
  return {
    userById: (id: string): Promise<UserRow | undefined> =>
      db.selectFrom('users').select(USER_COLUMNS).where('id', '=', id).executeTakeFirst(),

    userByUsername: (username: string): Promise<UserRow | undefined> =>
      db
        .selectFrom('users')
        .select(USER_COLUMNS)
        .where(sql`lower(username)`, '=', username.toLowerCase())
        .executeTakeFirst(),

    countUsers: async (): Promise<number> =>
      Number(
        (
          await db
            .selectFrom('users')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),

    insertUser: (u: {
      id?: string;
      username: string;
      display_name: string;
      email: string | null;
      org_id: string;
      password_hash: string;
    }) => db.insertInto('users').values(u).returning(USER_COLUMNS).executeTakeFirstOrThrow(),

    updateUser: (
      id: string,
      set: Partial<{
        password_hash: string;
        password_changed_at: Date;
        status: 'active' | 'disabled';
        mfa_secret_enc: Buffer | null;
        mfa_pending_secret_enc: Buffer | null;
        mfa_enabled: boolean;
        mfa_last_step: number;
        email: string | null;
        phone_enc: Buffer | null;
        phone_bidx: string | null;
        display_name: string;
      }>,
    ) => db.updateTable('users').set(set).where('id', '=', id).execute(),

    /** Moves the accepted TOTP step forward only if nobody used this or a later step meanwhile. */
    claimTotpStep: async (id: string, step: number): Promise<boolean> => {
      const r = await db
        .updateTable('users')
        .set({ mfa_last_step: step })
        .where('id', '=', id)
        .where('mfa_last_step', '<', step)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    replaceRecoveryCodes: async (userId: string, hashes: string[]) => {
      await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
      if (hashes.length) {
        await db
          .insertInto('recovery_codes')
          .values(hashes.map((h) => ({ user_id: userId, code_hash: h })))
          .execute();
      }
    },

    useRecoveryCode: async (userId: string, hash: string, at: Date): Promise<boolean> => {
      const r = await db
        .updateTable('recovery_codes')
        .set({ used_at: at })
        .where('user_id', '=', userId)
        .where('code_hash', '=', hash)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    insertToken: (t: {
      token_hash: string;
      purpose: 'setup' | 'password_reset';
      user_id: string | null;
      expires_at: Date;
    }) => db.insertInto('one_time_tokens').values(t).execute(),

    /** Marks a valid token used and returns it; null when unknown, expired or used. */
    consumeToken: (hash: string, purpose: 'setup' | 'password_reset', at: Date) =>
      db
        .updateTable('one_time_tokens')
        .set({ used_at: at })
        .where('token_hash', '=', hash)
        .where('purpose', '=', purpose)
        .where('used_at', 'is', null)
        .where('expires_at', '>', at)
        .returning(['user_id'])
        .executeTakeFirst(),

    peekToken: (hash: string, purpose: 'setup' | 'password_reset', at: Date) =>
      db
        .selectFrom('one_time_tokens')
        .select('user_id')
        .where('token_hash', '=', hash)
        .where('purpose', '=', purpose)
        .where('used_at', 'is', null)
        .where('expires_at', '>', at)
        .executeTakeFirst(),

    /** Failures in the current window for a throttle key (0 once the window has passed). */
    throttleFailures: async (
      key: string,
      windowStart: Date,
    ): Promise<{ failures: number; since: Date | null }> => {
      const r = await db
        .selectFrom('auth_throttle')
        .select(['failures', 'window_start'])
        .where('key', '=', key)
        .executeTakeFirst();
      if (!r || r.window_start < windowStart) return { failures: 0, since: null };
      return { failures: r.failures, since: r.window_start };
    },

    recordThrottleFailure: (key: string, now: Date, windowStart: Date) =>
      sql`INSERT INTO auth_throttle (key, failures, window_start) VALUES (${key}, 1, ${now})
          ON CONFLICT (key) DO UPDATE SET
            failures = CASE WHEN auth_throttle.window_start < ${windowStart} THEN 1 ELSE auth_throttle.failures + 1 END,
            window_start = CASE WHEN auth_throttle.window_start < ${windowStart} THEN ${now} ELSE auth_throttle.window_start END`.execute(
        db,
      ),

    clearThrottle: (key: string) => db.deleteFrom('auth_throttle').where('key', '=', key).execute(),

    roles: () => db.selectFrom('roles').select(['key', 'permissions']).orderBy('key').execute(),

    upsertRole: (key: string, permissions: string[]) =>
      db
        .insertInto('roles')
        .values({ key, permissions, builtin: true })
        .onConflict((oc) => oc.column('key').doUpdateSet({ permissions }))
        .execute(),

    insertGrant: (g: { user_id: string; role_key: string; org_id: string; created_by: string | null }) =>
      db
        .insertInto('grants')
        .values(g)
        .onConflict((oc) => oc.columns(['user_id', 'role_key', 'org_id']).doNothing())
        .returning(['id', 'user_id', 'role_key', 'org_id'])
        .executeTakeFirst(),

    grantById: (id: string) =>
      db
        .selectFrom('grants')
        .select(['id', 'user_id', 'role_key', 'org_id'])
        .where('id', '=', id)
        .executeTakeFirst(),

    deleteGrant: (id: string) => db.deleteFrom('grants').where('id', '=', id).execute(),

    grantsOfUser: (userId: string) =>
      db
        .selectFrom('grants as g')
        .innerJoin('orgs as o', 'o.id', 'g.org_id')
        .select(['g.id', 'g.role_key as roleKey', 'g.org_id as orgId', 'o.name as orgName'])
        .where('g.user_id', '=', userId)
        .orderBy('o.depth')
        .execute(),
  };
}

export type UserListFilter = { actorId: string; orgId?: string; q?: string; page: number; pageSize: number };

/** Paged, scoped user list (the scope is a SQL subquery of org ids). */
export async function listUsersPage(db: Database, f: UserListFilter) {
  let q = db
    .selectFrom('users as u')
    .innerJoin('orgs as o', 'o.id', 'u.org_id')
    .where('u.org_id', 'in', scopeOrgIds(db, f.actorId, 'users.manage'));
  if (f.orgId) {
    const orgId = f.orgId;
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('orgs as anc')
          .select('anc.id')
          .where('anc.id', '=', orgId)
          .where(sql<boolean>`o.path LIKE anc.path || '%'`),
      ),
    );
  }
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('u.username', 'ilike', like), eb('u.display_name', 'ilike', like)]));
  }
  const [{ n }, items] = await Promise.all([
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    q
      .select([
        'u.id',
        'u.username',
        'u.display_name as displayName',
        'u.email',
        'u.org_id as orgId',
        'o.name as orgName',
        'u.status',
        'u.mfa_enabled as mfaEnabled',
        sql<boolean>`EXISTS (SELECT 1 FROM grants g WHERE g.user_id = u.id)`.as('isOfficer'),
      ])
      .orderBy('u.username')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
  ]);
  return { total: Number(n), items };
}

/**
 * Retention (privacy retention job, docs/privacy.md "Retention"): deletes MFA recovery codes used
 * before `cutoff`. A used code can never be used again; unused codes are kept however old.
 * @returns how many rows were deleted
 */
export async function purgeRecoveryCodesUsedBefore(db: Database, cutoff: Date): Promise<number> {
  const r = await db
    .deleteFrom('recovery_codes')
    .where('used_at', 'is not', null)
    .where('used_at', '<', cutoff)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
