/**
 * Demo accounts: officers in every built-in role at sensible nodes, and about 2,000 members spread
 * over the union groups and branches. Planning is pure (seeded PRNG); writing uses the identity
 * module's seeding repo.
 */
import { newTotpSecret } from '../../kernel/auth/totp.js';
import type { FieldCipher } from '../../kernel/crypto/field.js';
import type { Database } from '../../kernel/db/pool.js';
import { identityRepoForSeeding } from '../identity/index.js';
import type { OrgRow } from '../orgs/index.js';
import { chineseName, type Gender, mobileNumber, type Rng } from './names.js';
import { DEMO_TREE, type DemoTreeSpec, orgKey } from './tree.js';

export type PlannedGrant = { role: string; orgKey: string };

export type PlannedAccount = {
  username: string;
  displayName: string;
  orgKey: string;
  phone: string | null;
  grants: PlannedGrant[];
};

/** Role titles as a union would print them. */
export const ROLE_TITLES: Record<string, string> = {
  admin: '系统管理员',
  chair: '主席',
  vice_chair: '副主席',
  committee_member: '委员',
  finance_officer: '财务',
  women_committee: '女职工委员会',
  auditor: '经费审查委员会',
  security_admin: '安全管理员',
  scrutineer: '监票人',
  observer: '选举观察员',
  case_handler: '维权专员',
  group_leader: '工会小组长',
};

// Union-level offices and the username suffix of each.
const UNION_OFFICES: ReadonlyArray<readonly [role: string, suffix: string, gender?: Gender]> = [
  ['chair', 'chair'],
  ['vice_chair', 'vice_chair'],
  ['committee_member', 'committee'],
  ['finance_officer', 'finance'],
  ['women_committee', 'women', 'female'],
  ['auditor', 'auditor'],
  ['security_admin', 'security'],
  ['scrutineer', 'scrutineer'],
];

function officer(rng: Rng, username: string, role: string, at: string, gender?: Gender): PlannedAccount {
  return {
    username,
    displayName: chineseName(rng, gender),
    orgKey: at,
    phone: mobileNumber(rng),
    grants: [{ role, orgKey: at }],
  };
}

/** Officers: administrator and observer at the federation, a chair at the industrial union, eight offices
 *  per grassroots union, a case handler per branch and a leader per union group. */
export function planOfficers(rng: Rng, spec: DemoTreeSpec = DEMO_TREE): PlannedAccount[] {
  const out: PlannedAccount[] = [
    officer(rng, 'admin', 'admin', orgKey.federation),
    officer(rng, 'sz.observer', 'observer', orgKey.federation),
    officer(rng, `${spec.industrial.code}.chair`, 'chair', spec.industrial.code),
  ];
  for (const u of spec.unions) {
    for (const [role, suffix, gender] of UNION_OFFICES)
      out.push(officer(rng, `${u.code}.${suffix}`, role, u.code, gender));
    u.branches.forEach((b, bi) => {
      const branch = orgKey.branch(u.code, bi);
      out.push(officer(rng, `${branch}.case`, 'case_handler', branch));
      b.groups.forEach((_, gi) => {
        const group = orgKey.group(u.code, bi, gi);
        out.push(officer(rng, `${group}.leader`, 'group_leader', group));
      });
    });
  }
  return out;
}

/** Splits `total` over weights so the parts sum exactly to `total`. */
function apportion(total: number, weights: number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  const parts = weights.map((w) => Math.floor((total * w) / sum));
  let rest = total - parts.reduce((s, p) => s + p, 0);
  for (let i = 0; rest > 0; i = (i + 1) % parts.length, rest--) parts[i]!++;
  return parts;
}

/**
 * Members `m00001`... with Chinese display names. Most belong to a union group; a few sit directly on
 * a branch (its own staff). About three in four have a mobile number on file.
 */
export function planMembers(rng: Rng, total: number, spec: DemoTreeSpec = DEMO_TREE): PlannedAccount[] {
  const perUnion = apportion(
    total,
    spec.unions.map((u) => u.memberShare),
  );
  const out: PlannedAccount[] = [];
  spec.unions.forEach((u, ui) => {
    const slots: { key: string; weight: number }[] = [];
    u.branches.forEach((b, bi) => {
      slots.push({ key: orgKey.branch(u.code, bi), weight: 0.3 });
      b.groups.forEach((_, gi) => {
        slots.push({ key: orgKey.group(u.code, bi, gi), weight: 2 + rng.next() * 3 });
      });
    });
    const counts = apportion(
      perUnion[ui]!,
      slots.map((s) => s.weight),
    );
    slots.forEach((slot, si) => {
      for (let i = 0; i < counts[si]!; i++) {
        out.push({
          username: `m${String(out.length + 1).padStart(5, '0')}`,
          displayName: chineseName(rng),
          orgKey: slot.key,
          phone: rng.next() < 0.75 ? mobileNumber(rng) : null,
          grants: [],
        });
      }
    });
  });
  return out;
}

export type SeededOfficer = {
  username: string;
  displayName: string;
  grants: PlannedGrant[];
  totpSecret: string;
};

/**
 * Writes the planned accounts. Officers get a fresh random TOTP secret (stored encrypted, MFA enabled);
 * phones are stored encrypted with a blind index. Password hashes are shared (demo only).
 */
export async function writePeople(
  trx: Database,
  cipher: FieldCipher,
  plan: { officers: PlannedAccount[]; members: PlannedAccount[] },
  orgs: Map<string, OrgRow>,
  hashes: { officer: string; member: string },
  onProgress?: (done: number, total: number) => void,
): Promise<SeededOfficer[]> {
  const repo = identityRepoForSeeding(trx);
  const orgId = (key: string) => {
    const row = orgs.get(key);
    if (!row) throw new Error(`demo: unknown org key ${key}`);
    return row.id;
  };
  const total = plan.officers.length + plan.members.length;
  let done = 0;
  const insert = async (
    a: PlannedAccount,
    hash: string,
    extra: Parameters<typeof repo.updateUser>[1] = {},
  ) => {
    const user = await repo.insertUser({
      username: a.username,
      display_name: a.displayName,
      email: null,
      org_id: orgId(a.orgKey),
      password_hash: hash,
    });
    // insertUser takes no encrypted columns, so they follow in one update (only when there are any).
    const set = a.phone
      ? {
          ...extra,
          phone_enc: cipher.encrypt('users.phone', a.phone),
          phone_bidx: cipher.blindIndex('users.phone', a.phone),
        }
      : extra;
    if (Object.keys(set).length > 0) await repo.updateUser(user.id, set);
    if (++done % 250 === 0) onProgress?.(done, total);
    return user;
  };

  const officers: SeededOfficer[] = [];
  for (const a of plan.officers) {
    const user = await insert(a, hashes.officer);
    const totpSecret = newTotpSecret();
    await repo.updateUser(user.id, {
      mfa_secret_enc: cipher.encrypt('users.mfa_secret', totpSecret),
      mfa_enabled: true,
    });
    for (const g of a.grants) {
      await repo.insertGrant({
        user_id: user.id,
        role_key: g.role,
        org_id: orgId(g.orgKey),
        created_by: null,
      });
    }
    officers.push({ username: a.username, displayName: a.displayName, grants: a.grants, totpSecret });
  }
  for (const a of plan.members) await insert(a, hashes.member);
  onProgress?.(total, total);
  return officers;
}
