/**
 * Data protection (SECURITY.md "Data protection"): personal fields are stored as AES-256-GCM
 * ciphertext bound to their column, looked up by a keyed blind index, shown masked, and the envelope
 * keys rotate without losing data.
 */
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../testing/client.js';
import { createTree, createUser, loginAs, type TestUser } from '../testing/fixtures.js';
import { uniqueIp } from '../testing/net.js';
import { buildTestApp, TEST_MASTER_KEY, type TestContext } from '../testing/test-app.js';
import { FieldCipher } from './field.js';
import { KeyRing, rotateKeys } from './keyring.js';

const PHONE = '13812345678';
let ctx: TestContext;
let user: TestUser;
let client: TestClient;

beforeAll(async () => {
  ctx = await buildTestApp();
  const { branch1 } = await createTree(ctx);
  user = await createUser(ctx, { username: 'crypto_member', org: branch1 });
  client = await loginAs(ctx, user, uniqueIp());
  expect((await client.patch('/api/me/contact', { phone: PHONE })).statusCode).toBe(204);
});
afterAll(() => ctx.close());

async function phoneBlob(): Promise<Buffer> {
  const row = await ctx.deps.db
    .selectFrom('users')
    .select('phone_enc')
    .where('id', '=', user.id)
    .executeTakeFirstOrThrow();
  return row.phone_enc!;
}

const flipped = (blob: Buffer, at: number) => {
  const copy = Buffer.from(blob);
  copy[at] = copy[at]! ^ 0x01;
  return copy;
};

describe('encrypted columns', () => {
  it('the raw row holds no plaintext phone number', async () => {
    const raw = await sql<{ json: string; hex: string }>`
      SELECT row_to_json(u)::text AS json, encode(u.phone_enc, 'hex') AS hex FROM users u WHERE u.id = ${user.id}`.execute(
      ctx.deps.db,
    );
    const { json, hex } = raw.rows[0]!;
    expect(json).not.toContain(PHONE);
    expect(json).not.toContain(PHONE.slice(3));
    expect(hex).not.toContain(Buffer.from(PHONE).toString('hex'));
    expect(hex).not.toContain(Buffer.from(PHONE.slice(-7)).toString('hex'));
    expect(await ctx.deps.cipher.decrypt('users.phone', await phoneBlob())).toBe(PHONE);
  });

  it('lookups use a keyed blind index, not a plain hash', async () => {
    const row = await ctx.deps.db
      .selectFrom('users')
      .select('phone_bidx')
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(row.phone_bidx).toBe(ctx.deps.cipher.blindIndex('users.phone', PHONE));
    expect(row.phone_bidx).not.toContain(PHONE);
    for (const plain of [
      createHash('sha256').update(PHONE).digest('base64url'),
      createHash('sha256').update(`users.phone\u0000${PHONE}`).digest('base64url'),
    ]) {
      expect(row.phone_bidx).not.toBe(plain);
    }
    expect(ctx.deps.cipher.blindIndex('users.phone', '13812345679')).not.toBe(row.phone_bidx);
  });

  it('responses show the phone masked', async () => {
    const me = (await client.get('/api/me')).json();
    expect(me.user.phoneMasked).toBe('138****5678');
    expect(JSON.stringify(me)).not.toContain(PHONE);
  });

  it('flipping any one byte of header, nonce, tag or ciphertext makes decryption fail', async () => {
    const blob = await phoneBlob();
    for (const at of [1, 4, 5, 16, 17, 32, 33, blob.length - 1]) {
      await expect(ctx.deps.cipher.decrypt('users.phone', flipped(blob, at)), `byte ${at}`).rejects.toThrow();
    }
    await expect(ctx.deps.cipher.decrypt('users.phone', blob.subarray(0, blob.length - 1))).rejects.toThrow();
  });

  it('a ciphertext moved to another column does not decrypt (column name is associated data)', async () => {
    const blob = await phoneBlob();
    await expect(ctx.deps.cipher.decrypt('users.mfa_secret', blob)).rejects.toThrow();
    await expect(ctx.deps.cipher.decrypt('members.phone', blob)).rejects.toThrow();
    const same = ctx.deps.cipher.encrypt('users.phone', PHONE);
    expect(same.equals(blob)).toBe(false);
  });
});

describe('key rotation', () => {
  const NEW_MASTER = randomBytes(32);

  it('re-wrapping under a new master key keeps every value readable; the old key alone no longer opens', async () => {
    const blob = await phoneBlob();
    const result = await rotateKeys(
      ctx.deps.db,
      { current: NEW_MASTER, currentId: 'mk2', previous: [TEST_MASTER_KEY] },
      { newDataKey: false },
    );
    expect(result.rewrapped).toBeGreaterThanOrEqual(2);
    const ids = await ctx.deps.db.selectFrom('data_keys').select('master_key_id').execute();
    expect(new Set(ids.map((r) => r.master_key_id))).toEqual(new Set(['mk2']));

    const fresh = new FieldCipher(
      await KeyRing.open(ctx.deps.db, { current: NEW_MASTER, currentId: 'mk2', previous: [] }),
    );
    expect(await fresh.decrypt('users.phone', blob)).toBe(PHONE);
    expect(fresh.blindIndex('users.phone', PHONE)).toBe(ctx.deps.cipher.blindIndex('users.phone', PHONE));

    await expect(
      KeyRing.open(ctx.deps.db, { current: TEST_MASTER_KEY, currentId: 'test', previous: [] }),
    ).rejects.toThrow(/master key/i);
    // The running server keeps its unwrapped keys: no downtime.
    expect((await client.get('/api/me')).json().user.phoneMasked).toBe('138****5678');
  });

  it('a new data key: old values still decrypt, new values use the new key id', async () => {
    const blob = await phoneBlob();
    const oldKeyId = blob.readUInt32BE(1);
    const masters = { current: NEW_MASTER, currentId: 'mk2', previous: [] };
    // Another server, already accepting the new master key, running across the rotation.
    const running = new FieldCipher(
      await KeyRing.open(ctx.deps.db, {
        current: TEST_MASTER_KEY,
        currentId: 'test',
        previous: [NEW_MASTER],
      }),
    );
    const { newKeyId } = await rotateKeys(ctx.deps.db, masters, { newDataKey: true });
    expect(newKeyId).toBeDefined();
    expect(newKeyId).not.toBe(oldKeyId);

    const cipher = new FieldCipher(await KeyRing.open(ctx.deps.db, masters));
    expect(await cipher.decrypt('users.phone', blob)).toBe(PHONE);
    const fresh = cipher.encrypt('users.phone', '13900001111');
    expect(fresh.readUInt32BE(1)).toBe(newKeyId);
    expect(await cipher.decrypt('users.phone', fresh)).toBe('13900001111');

    // The running server loads the new data key on demand.
    expect(await running.decrypt('users.phone', fresh)).toBe('13900001111');
    const statuses = await ctx.deps.db.selectFrom('data_keys').select(['id', 'purpose', 'status']).execute();
    expect(
      statuses.filter((k) => k.purpose === 'encryption' && k.status === 'active').map((k) => k.id),
    ).toEqual([newKeyId]);
  });
});
