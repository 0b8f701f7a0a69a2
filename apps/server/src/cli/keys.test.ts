import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldCipher } from '../kernel/crypto/field.js';
import { KeyRing } from '../kernel/crypto/keyring.js';
import { buildTestApp, TEST_MASTER_KEY, type TestContext } from '../kernel/testing/test-app.js';
import { captureIo, cliEnv } from './capture-io.js';
import { rotateMasterKeys } from './keys.js';
import { runCli } from './run.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await buildTestApp();
});
afterAll(() => ctx.close());

const ringWith = (current: Buffer, previous: Buffer[] = []) =>
  KeyRing.open(ctx.deps.db, { current, currentId: 'check', previous });

describe('keys rotate', () => {
  const second = randomBytes(32);
  const third = randomBytes(32);
  let before: Buffer;

  it('re-wraps the data keys under a new master key; old data stays readable, the old key is no longer needed', async () => {
    before = ctx.deps.cipher.encrypt('users.phone', '13800138000');
    const report = await rotateMasterKeys(
      ctx.deps,
      { current: second, currentId: 'mk2', previous: [TEST_MASTER_KEY] },
      { newDataKey: true },
    );
    expect(report).toMatchObject({ rewrapped: 2, masterKeyId: 'mk2', previousKeys: 1 });
    expect(report.newKeyId).toBeGreaterThan(0);

    const cipher = new FieldCipher(await ringWith(second));
    expect(await cipher.decrypt('users.phone', before)).toBe('13800138000');
    // New writes use the new data key, and still decrypt.
    const after = cipher.encrypt('users.phone', '13900139000');
    expect(after.readUInt32BE(1)).toBe(report.newKeyId);
    expect(await cipher.decrypt('users.phone', after)).toBe('13900139000');
    // Blind indexes do not change (the blind-index key is re-wrapped, not replaced).
    expect(cipher.blindIndex('users.phone', '13800138000')).toBe(
      ctx.deps.cipher.blindIndex('users.phone', '13800138000'),
    );
    // The retired master key alone opens nothing any more.
    await expect(ringWith(TEST_MASTER_KEY)).rejects.toThrow(/master key/);

    const audit = await ctx.deps.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'keys.rotated')
      .executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ rewrapped: 2, masterKeyId: 'mk2', via: 'cli' });
    // No key material in the audit trail.
    const text = JSON.stringify(audit.details);
    for (const k of [second, TEST_MASTER_KEY]) {
      expect(text).not.toContain(k.toString('hex'));
      expect(text).not.toContain(k.toString('base64'));
    }
  });

  it('changes nothing when no configured key opens the data keys', async () => {
    await expect(
      rotateMasterKeys(
        ctx.deps,
        { current: third, currentId: 'mk3', previous: [randomBytes(32)] },
        { newDataKey: false },
      ),
    ).rejects.toThrow(/No configured master key/);
    const cipher = new FieldCipher(await ringWith(second));
    expect(await cipher.decrypt('users.phone', before)).toBe('13800138000');
  });

  it('runs as a command with the keys from the environment', async () => {
    const run = captureIo(
      cliEnv(ctx.dbUrl, third, {
        UNIONHALL_MASTER_KEY_ID: 'mk3',
        UNIONHALL_PREVIOUS_MASTER_KEYS: second.toString('base64'),
      }),
    );
    expect(await runCli(['keys', 'rotate'], run.io), run.text()).toBe(0);
    expect(run.out[0]).toBe('Re-wrapped 3 data key(s) under master key "mk3".');
    expect(run.out.join('\n')).toContain('remove UNIONHALL_PREVIOUS_MASTER_KEYS');
    const cipher = new FieldCipher(await ringWith(third));
    expect(await cipher.decrypt('users.phone', before)).toBe('13800138000');

    const wrong = captureIo(cliEnv(ctx.dbUrl, randomBytes(32)));
    expect(await runCli(['keys', 'rotate'], wrong.io)).toBe(1);
    expect(wrong.text()).toMatch(/No configured master key unwraps/);
  });
});

describe('keys generate', () => {
  it('prints a fresh 32-byte hex key each time, and nothing else on stdout', async () => {
    const a = captureIo({});
    const b = captureIo({});
    expect(await runCli(['keys', 'generate'], a.io)).toBe(0);
    expect(await runCli(['keys', 'generate'], b.io)).toBe(0);
    expect(a.out).toEqual([expect.stringMatching(/^[0-9a-f]{64}$/)]);
    expect(a.out[0]).not.toBe(b.out[0]);
    expect(a.err.join(' ')).toMatch(/back it up/);
  });
});
