/**
 * `--demo`: fills an empty database with a realistic, deterministic demo union (see tree.ts and
 * people.ts). Refused in production by config.ts; skipped when the database already has accounts.
 */
import { hashPassword, verifyPassword } from '../../kernel/auth/passwords.js';
import { recordAudit } from '../../kernel/audit/audit.js';
import { advisoryXactLock } from '../../kernel/db/locks.js';
import type { Deps } from '../../kernel/deps.js';
import { identityRepoForSeeding } from '../identity/index.js';
import { findRootOrg } from '../orgs/index.js';
import { seededRng } from './names.js';
import { type PlannedAccount, planMembers, planOfficers, ROLE_TITLES, writePeople } from './people.js';
import { type DemoLogin, type DemoMemberLogin, printDemoLogins } from './print.js';
import { DEMO_TREE, type PlannedOrg, planTree, writeTree } from './tree.js';

export const DEMO_SEED = 20_240_501;
export const DEMO_MEMBER_COUNT = 2000;
/** Shared demo passwords (demo only; production refuses --demo). */
export const DEMO_PASSWORDS = { officer: 'Demo-Officer-2024!', member: 'Demo-Member-2024!' } as const;

export type DemoPlan = { tree: PlannedOrg[]; officers: PlannedAccount[]; members: PlannedAccount[] };

/** Everything the seed will write, as a pure function of the seed (no ids, no secrets). */
export function planDemo(seed: number = DEMO_SEED, memberCount: number = DEMO_MEMBER_COUNT): DemoPlan {
  const rng = seededRng(seed);
  return { tree: planTree(DEMO_TREE), officers: planOfficers(rng), members: planMembers(rng, memberCount) };
}

export type DemoResult = {
  status: 'seeded' | 'already_seeded' | 'database_in_use';
  counts: { orgs: number; officers: number; members: number; grants: number };
  officers: DemoLogin[];
  members: DemoMemberLogin[];
  elapsedMs: number;
};

const EMPTY_COUNTS = { orgs: 0, officers: 0, members: 0, grants: 0 };

/** Members shown in the printout: the first two union-group members of each grassroots union. */
function sampleMembers(plan: DemoPlan, orgName: (key: string) => string): DemoMemberLogin[] {
  const perUnion = new Map<string, number>();
  const out: DemoMemberLogin[] = [];
  for (const m of plan.members) {
    const union = m.orgKey.split('.')[0]!;
    const shown = perUnion.get(union) ?? 0;
    if (shown >= 2 || !/\.g\d+$/.test(m.orgKey)) continue;
    perUnion.set(union, shown + 1);
    out.push({
      username: m.username,
      displayName: m.displayName,
      orgName: orgName(m.orgKey),
      password: DEMO_PASSWORDS.member,
    });
  }
  return out;
}

/**
 * Re-reads the officers of an earlier demo seed so a restart with --demo can show the logins again.
 * Only accounts that still have the published demo password are shown: a database that merely looks
 * like the demo, or an officer who changed their password, never has a TOTP secret printed.
 */
async function existingDemoLogins(deps: Deps, plan: DemoPlan): Promise<DemoLogin[] | null> {
  const root = await findRootOrg(deps.db);
  const repo = identityRepoForSeeding(deps.db);
  const admin = await repo.userByUsername(plan.officers[0]!.username);
  if (root?.name !== DEMO_TREE.federation || !admin) return null;
  // The seed gives every officer the same hash string, so one argon2 check covers them all.
  if (!(await verifyPassword(admin.password_hash, DEMO_PASSWORDS.officer))) return null;
  const out: DemoLogin[] = [];
  for (const o of plan.officers) {
    const user = await repo.userByUsername(o.username);
    if (!user?.mfa_secret_enc || !user.mfa_enabled || user.password_hash !== admin.password_hash) continue;
    const grants = await repo.grantsOfUser(user.id);
    out.push({
      username: user.username,
      displayName: user.display_name,
      roles: grants.map((g) => ({
        role: g.roleKey,
        title: ROLE_TITLES[g.roleKey] ?? g.roleKey,
        orgName: g.orgName,
      })),
      password: DEMO_PASSWORDS.officer,
      totpSecret: await deps.cipher.decrypt('users.mfa_secret', user.mfa_secret_enc),
    });
  }
  return out;
}

/**
 * Seeds the demo data in one transaction when the database has no account yet, then prints the demo
 * sign-in details. With accounts present it writes nothing: it reprints the logins of an earlier demo
 * seed, or says the database is in use.
 * @throws Error when a write fails (nothing is left half-written).
 */
export async function seedDemo(
  deps: Deps,
  say: (m: string) => void,
  opts: { seed?: number; members?: number; print?: boolean } = {},
): Promise<DemoResult> {
  const started = performance.now();
  const plan = planDemo(opts.seed ?? DEMO_SEED, opts.members ?? DEMO_MEMBER_COUNT);
  const print = opts.print ?? true;
  const orgNames = new Map(plan.tree.map((o) => [o.key, o.name]));
  const orgName = (key: string) => orgNames.get(key) ?? key;
  const elapsed = () => Math.round(performance.now() - started);

  if ((await identityRepoForSeeding(deps.db).countUsers()) > 0) {
    const existing = await existingDemoLogins(deps, plan);
    if (!existing) {
      say(
        'Demo mode: the database already has accounts, so no demo data is added (demo data only goes into an empty database).',
      );
      return {
        status: 'database_in_use',
        counts: EMPTY_COUNTS,
        officers: [],
        members: [],
        elapsedMs: elapsed(),
      };
    }
    say('Demo mode: demo data already exists; nothing added.');
    const members = sampleMembers(plan, orgName);
    if (print) printDemoLogins(say, existing, members, plan.members.length, deps.clock.now());
    return {
      status: 'already_seeded',
      counts: EMPTY_COUNTS,
      officers: existing,
      members,
      elapsedMs: elapsed(),
    };
  }

  say(`Demo mode: creating a demo union with ${plan.members.length} members...`);
  // One hash per password (argon2 takes ~50 ms each; 2,000 would take minutes). Demo only.
  const [officerHash, memberHash] = await Promise.all([
    hashPassword(DEMO_PASSWORDS.officer),
    hashPassword(DEMO_PASSWORDS.member),
  ]);
  const written = await deps.db.transaction().execute(async (trx) => {
    // The same lock as the setup wizard: demo seeding and setup cannot interleave.
    await advisoryXactLock(trx, 'unionhall.setup');
    if ((await identityRepoForSeeding(trx).countUsers()) > 0) return null;
    const orgs = await writeTree(trx, plan.tree);
    const officers = await writePeople(
      trx,
      deps.cipher,
      plan,
      orgs,
      { officer: officerHash, member: memberHash },
      (done, total) => say(`  demo accounts: ${done}/${total}`),
    );
    const counts = {
      orgs: orgs.size,
      officers: officers.length,
      members: plan.members.length,
      grants: officers.reduce((n, o) => n + o.grants.length, 0),
    };
    await recordAudit(
      trx,
      {
        actorId: null,
        action: 'demo.seeded',
        targetType: 'org',
        targetId: orgs.get('fed')!.id,
        orgId: orgs.get('fed')!.id,
        details: { ...counts, seed: opts.seed ?? DEMO_SEED },
      },
      deps.clock.now(),
    );
    return { counts, officers };
  });
  if (!written) {
    say('Demo mode: another process created accounts meanwhile; no demo data added.');
    return {
      status: 'database_in_use',
      counts: EMPTY_COUNTS,
      officers: [],
      members: [],
      elapsedMs: elapsed(),
    };
  }

  const officers: DemoLogin[] = written.officers.map((o) => ({
    username: o.username,
    displayName: o.displayName,
    roles: o.grants.map((g) => ({
      role: g.role,
      title: ROLE_TITLES[g.role] ?? g.role,
      orgName: orgName(g.orgKey),
    })),
    password: DEMO_PASSWORDS.officer,
    totpSecret: o.totpSecret,
  }));
  const members = sampleMembers(plan, orgName);
  const c = written.counts;
  say(
    `Demo data ready: ${c.orgs} organisations, ${c.members} members, ${c.officers} officers (${elapsed()} ms).`,
  );
  if (print) printDemoLogins(say, officers, members, c.members, deps.clock.now());
  return { status: 'seeded', counts: c, officers, members, elapsedMs: elapsed() };
}
