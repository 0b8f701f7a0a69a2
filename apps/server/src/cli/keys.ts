/**
 * `unionhall keys rotate | generate`: master key management. The master key (UNIONHALL_MASTER_KEY or
 * _FILE) wraps the data keys stored in the database; rotating re-wraps them under the current master
 * key, unwrapping with the retired ones listed in UNIONHALL_PREVIOUS_MASTER_KEYS.
 */
import { randomBytes } from 'node:crypto';
import { recordAudit } from '../kernel/audit/audit.js';
import { KeyRing, type MasterKeys, rotateKeys } from '../kernel/crypto/keyring.js';
import { resolveMasterKeys } from '../kernel/crypto/master.js';
import type { Deps } from '../kernel/deps.js';
import { cliAuditDetails, withDeps } from './context.js';
import { type Command, parseOptions } from './io.js';

export type RotationReport = {
  rewrapped: number;
  newKeyId?: number;
  masterKeyId: string;
  previousKeys: number;
};

/**
 * Re-wraps every data key under `masters.current` (optionally adding a fresh encryption key for new
 * writes), checks that the current master key alone now opens them all, and audits `keys.rotated`.
 * @throws Error when no configured master key unwraps a data key (nothing is changed then).
 */
export async function rotateMasterKeys(
  deps: Deps,
  masters: MasterKeys,
  opts: { newDataKey: boolean },
): Promise<RotationReport> {
  const base = { masterKeyId: masters.currentId, previousKeys: masters.previous.length };
  const r = await rotateKeys(deps.db, masters, {
    ...opts,
    inTransaction: (trx, result) =>
      recordAudit(
        trx,
        {
          actorId: null,
          action: 'keys.rotated',
          targetType: 'data_keys',
          details: { ...result, ...base, ...cliAuditDetails() },
        },
        deps.clock.now(),
      ),
  });
  // Proof: a key ring given only the current master key loads every data key.
  await KeyRing.open(deps.db, { current: masters.current, currentId: masters.currentId, previous: [] });
  const report: RotationReport = {
    rewrapped: r.rewrapped,
    ...(r.newKeyId ? { newKeyId: r.newKeyId } : {}),
    ...base,
  };
  return report;
}

export const keysRotateCommand: Command = {
  path: ['keys', 'rotate'],
  summary: 'Re-wrap the data keys under the current master key',
  help: `Usage: unionhall keys rotate [--new-data-key]

Re-wraps every data key under the current master key (UNIONHALL_MASTER_KEY or
UNIONHALL_MASTER_KEY_FILE). Data keys wrapped by a retired master key are opened with the keys in
UNIONHALL_PREVIOUS_MASTER_KEYS (comma-separated, hex or base64). Field data is not re-encrypted:
its data keys stay the same, so running servers keep working.

Procedure:
  1. unionhall keys generate > new.key   (store it like the old one: outside the database)
  2. Restart every server with UNIONHALL_MASTER_KEY=<new> and UNIONHALL_PREVIOUS_MASTER_KEYS=<old>
  3. unionhall keys rotate               (same environment)
  4. Remove the old key from UNIONHALL_PREVIOUS_MASTER_KEYS and restart; destroy it after the
     backups made under it have expired.

Options:
  --new-data-key  also create a new encryption data key for new writes (the old one is retired
                  but still decrypts existing data); servers pick it up when they restart
  -h, --help

Audited as keys.rotated.`,
  run: async (args, io) => {
    const v = parseOptions(args, { 'new-data-key': { type: 'boolean' } });
    if (v.help) {
      io.out(keysRotateCommand.help);
      return 0;
    }
    const report = await withDeps(io, async (deps) => {
      const masters = resolveMasterKeys(deps.config, (m) => io.err(`[unionhall] ${m}`));
      io.progress('Re-wrapping data keys...');
      return rotateMasterKeys(deps, masters, { newDataKey: Boolean(v['new-data-key']) });
    });
    io.out(`Re-wrapped ${report.rewrapped} data key(s) under master key "${report.masterKeyId}".`);
    if (report.newKeyId) {
      io.out(`Created encryption data key #${report.newKeyId} for new writes (restart servers to use it).`);
    }
    io.out('Checked: the current master key alone opens every data key.');
    if (report.previousKeys > 0) {
      io.out(
        'You can now remove UNIONHALL_PREVIOUS_MASTER_KEYS from the configuration and restart the servers.',
      );
    }
    return 0;
  },
};

export const keysGenerateCommand: Command = {
  path: ['keys', 'generate'],
  summary: 'Print a new random master key',
  help: `Usage: unionhall keys generate

Prints a new random 32-byte master key as 64 hex characters on stdout, for
UNIONHALL_MASTER_KEY or a file named by UNIONHALL_MASTER_KEY_FILE (mode 0600). Nothing is stored.

Options:
  -h, --help`,
  run: async (args, io) => {
    const v = parseOptions(args, {});
    if (v.help) {
      io.out(keysGenerateCommand.help);
      return 0;
    }
    io.out(randomBytes(32).toString('hex'));
    io.err(
      'Keep this key secret and back it up separately from the database: without it the encrypted fields are lost.',
    );
    return 0;
  },
};
