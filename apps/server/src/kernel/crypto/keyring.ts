/**
 * Envelope keys: per-tenant data keys (AES-256-GCM encryption and HMAC blind-index keys) stored in
 * the database wrapped by a master key that never touches the database.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { advisoryXactLock } from '../db/locks.js';
import type { Database } from '../db/pool.js';

export const TENANT = 'default';

export type MasterKeys = { current: Buffer; currentId: string; previous: Buffer[] };

function wrap(master: Buffer, key: Buffer, aad: string): Buffer {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', master, iv);
  c.setAAD(Buffer.from(aad));
  const ct = Buffer.concat([c.update(key), c.final()]);
  return Buffer.concat([iv, c.getAuthTag(), ct]);
}

function unwrap(masters: Buffer[], wrapped: Buffer, aad: string): Buffer {
  for (const master of masters) {
    try {
      const d = createDecipheriv('aes-256-gcm', master, wrapped.subarray(0, 12));
      d.setAAD(Buffer.from(aad));
      d.setAuthTag(wrapped.subarray(12, 28));
      return Buffer.concat([d.update(wrapped.subarray(28)), d.final()]);
    } catch {
      // try the next (previous) master key
    }
  }
  throw new Error('No configured master key unwraps the data key: check UNIONHALL_MASTER_KEY');
}

const aadFor = (tenant: string, purpose: string, id: number) => `unionhall:${tenant}:${purpose}:${id}`;

export class KeyRing {
  private readonly encKeys = new Map<number, Buffer>();
  private activeEncId = 0;
  private bidxKey: Buffer = Buffer.alloc(0);

  private constructor(
    private readonly db: Database,
    private readonly masters: MasterKeys,
  ) {}

  /** Loads the tenant's keys, creating them on first use. */
  static async open(db: Database, masters: MasterKeys): Promise<KeyRing> {
    const ring = new KeyRing(db, masters);
    await ring.ensureKeys();
    await ring.reload();
    return ring;
  }

  private async ensureKeys(): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await advisoryXactLock(trx, 'unionhall.data_keys');
      for (const purpose of ['encryption', 'blind_index'] as const) {
        const existing = await trx
          .selectFrom('data_keys')
          .select('id')
          .where('tenant', '=', TENANT)
          .where('purpose', '=', purpose)
          .executeTakeFirst();
        if (!existing) await insertKey(trx, this.masters, purpose);
      }
    });
  }

  /** Re-reads keys (after another process rotated them). */
  async reload(): Promise<void> {
    const rows = await this.db.selectFrom('data_keys').selectAll().where('tenant', '=', TENANT).execute();
    const all = [this.masters.current, ...this.masters.previous];
    for (const row of rows) {
      const key = unwrap(all, row.wrapped, aadFor(TENANT, row.purpose, row.id));
      if (row.purpose === 'blind_index') this.bidxKey = key;
      else {
        this.encKeys.set(row.id, key);
        if (row.status === 'active' && row.id > this.activeEncId) this.activeEncId = row.id;
      }
    }
  }

  activeEncryptionKey(): { id: number; key: Buffer } {
    return { id: this.activeEncId, key: this.encKeys.get(this.activeEncId)! };
  }

  async encryptionKey(id: number): Promise<Buffer | undefined> {
    if (!this.encKeys.has(id)) await this.reload();
    return this.encKeys.get(id);
  }

  blindIndexKey(): Buffer {
    return this.bidxKey;
  }
}

async function insertKey(
  db: Database,
  masters: MasterKeys,
  purpose: 'encryption' | 'blind_index',
): Promise<number> {
  // The id is part of the wrapping AAD, so reserve it first.
  const { rows } = await sql<{
    id: number;
  }>`SELECT nextval(pg_get_serial_sequence('data_keys', 'id'))::int AS id`.execute(db);
  const id = rows[0]!.id;
  const wrapped = wrap(masters.current, randomBytes(32), aadFor(TENANT, purpose, id));
  await sql`INSERT INTO data_keys (id, tenant, purpose, wrapped, master_key_id)
            OVERRIDING SYSTEM VALUE VALUES (${id}, ${TENANT}, ${purpose}, ${wrapped}, ${masters.currentId})`.execute(
    db,
  );
  return id;
}

/**
 * Re-wraps every data key under the current master key (old master keys given as previous), and
 * optionally adds a new active encryption key for new writes. Running servers keep working: their
 * unwrapped keys are unchanged, and unknown key ids are loaded on demand.
 */
export async function rotateKeys(
  db: Database,
  masters: MasterKeys,
  opts: {
    newDataKey: boolean;
    inTransaction?: (trx: Database, r: { rewrapped: number; newKeyId?: number }) => Promise<void>;
  },
): Promise<{ rewrapped: number; newKeyId?: number }> {
  return db.transaction().execute(async (trx) => {
    await advisoryXactLock(trx, 'unionhall.data_keys');
    const rows = await trx.selectFrom('data_keys').selectAll().where('tenant', '=', TENANT).execute();
    const all = [masters.current, ...masters.previous];
    for (const row of rows) {
      const aad = aadFor(TENANT, row.purpose, row.id);
      const key = unwrap(all, row.wrapped, aad);
      await trx
        .updateTable('data_keys')
        .set({
          wrapped: wrap(masters.current, key, aad),
          master_key_id: masters.currentId,
          rewrapped_at: new Date(),
        })
        .where('id', '=', row.id)
        .execute();
    }
    let newKeyId: number | undefined;
    if (opts.newDataKey) {
      await trx
        .updateTable('data_keys')
        .set({ status: 'retired' })
        .where('tenant', '=', TENANT)
        .where('purpose', '=', 'encryption')
        .execute();
      newKeyId = await insertKey(trx, masters, 'encryption');
    }
    const result = { rewrapped: rows.length, ...(newKeyId ? { newKeyId } : {}) };
    // e.g. the audit row, committed or rolled back together with the rotation
    await opts.inTransaction?.(trx, result);
    return result;
  });
}
