import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config.js';
import type { MasterKeys } from './keyring.js';

/**
 * The master key comes from the environment or a key file. Outside production, when none is set, a
 * key file is created once in the data directory (mode 0600) so `npm start` works out of the box.
 */
export function resolveMasterKeys(config: Config, log: (m: string) => void): MasterKeys {
  if (config.masterKey) {
    return { current: config.masterKey, currentId: config.masterKeyId, previous: config.previousMasterKeys };
  }
  if (config.env === 'production') throw new Error('production mode needs a master key');
  const file = path.join(config.dataDir, 'master.key');
  if (!existsSync(file)) {
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
    log(`Created a development master key at ${file}. Keep it secret and back it up with the database.`);
  }
  return {
    current: Buffer.from(readFileSync(file, 'utf8').trim(), 'hex'),
    currentId: 'dev-file',
    previous: config.previousMasterKeys,
  };
}
