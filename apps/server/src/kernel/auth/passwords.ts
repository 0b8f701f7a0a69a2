/**
 * Password hashing (argon2id, m=19 MiB, t=2, p=1 per OWASP) and the password policy of SECURITY.md:
 * 8 to 128 characters, no truncation, not on the common list, not containing the union's name or the
 * username.
 */
import { readFileSync } from 'node:fs';
import { hash, verify } from '@node-rs/argon2';

// algorithm 2 = Argon2id (the package's const enum cannot be imported under verbatimModuleSyntax)
const ARGON = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  if (!common) {
    // apps/server/assets is three levels up from both src/kernel/auth and dist/kernel/auth.
    const file = new URL('../../../assets/common-passwords.txt', import.meta.url);
    common = new Set(
      readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l && !l.startsWith('#')),
    );
  }
  return common;
}

export type PolicyProblem = 'too_short' | 'too_long' | 'common' | 'contains_union_name' | 'contains_username';

/** Returns the rules a candidate password breaks (empty when acceptable). */
export function checkPasswordPolicy(
  password: string,
  context: { username?: string; unionNames?: string[] },
): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const length = Array.from(password).length;
  if (length < PASSWORD_MIN) problems.push('too_short');
  if (length > PASSWORD_MAX) problems.push('too_long');
  const lower = password.toLowerCase();
  if (commonPasswords().has(lower) || commonPasswords().has(lower.replace(/[0-9!@#.]+$/, '')))
    problems.push('common');
  for (const name of context.unionNames ?? []) {
    if (name.trim().length >= 2 && lower.includes(name.trim().toLowerCase())) {
      problems.push('contains_union_name');
      break;
    }
  }
  if (context.username && context.username.length >= 3 && lower.includes(context.username.toLowerCase())) {
    problems.push('contains_username');
  }
  return problems;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A hash computed for unknown usernames so response time does not reveal whether an account exists. */
let dummyHash: Promise<string> | undefined;
export async function burnPasswordTime(password: string): Promise<void> {
  dummyHash ??= hashPassword('unionhall-timing-equaliser');
  await verifyPassword(await dummyHash, password);
}
